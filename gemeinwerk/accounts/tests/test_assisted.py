"""Assisted accounts: created by staff with consent, used by staff on the person's behalf
(on the record, never for the account's security), taken over by the person."""

import json
from datetime import timedelta
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import check_password
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import escape
from django_tasks_db.models import DBTaskResult

from gemeinwerk.accounts.models import (
    AssistedAccount,
    Decision,
    Profile,
    RoleAssignment,
    TrustDecision,
    TrustLevel,
    User,
    VerificationMethod,
)
from gemeinwerk.accounts.rules import may_act_for
from gemeinwerk.accounts.services.assisted import (
    ACTING_FOR_KEY,
    CODE_ALPHABET,
    CODE_VALIDITY,
    TakeoverRefused,
    confirm_takeover,
    create_assisted_account,
    issue_takeover_code,
    normalise_code,
    start_acting,
    stop_acting,
    take_over,
    withdraw_consent,
)
from gemeinwerk.accounts.tests.more_factories import (
    assisted_member,
    make_admin,
    make_contact_point,
    make_coordinator,
    make_user,
    make_verified,
    signed_in,
    staff_of,
    url,
)
from gemeinwerk.audit.labels import action_label
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.places.models import ContactPoint

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Sonnenblume-Kaffee-42"
QUEUED_MAILERS = {
    "default": {"BACKEND": "gemeinwerk.core.mail.QueuedEmailBackend"},
    "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
}


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def create(staff: User, point: ContactPoint, **kwargs: Any) -> User:
    arguments: dict[str, Any] = {
        "name": "Zofia Testowa-Kowalska",
        "phone": " +49 711 4455667 ",
        "consent_given": True,
        "house_rules_accepted": True,
        **kwargs,
    }
    return create_assisted_account(staff=staff, contact_point=point, **arguments)


def confirmed_code(staff: User, member: User) -> str:
    """A takeover code handed out by `staff` and confirmed by a colleague."""
    code = issue_takeover_code(staff=staff, member=member)
    colleague = staff_of(AssistedAccount.objects.get(user=member).contact_point)
    confirm_takeover(staff=colleague, member=member)
    return code


def acting_client(staff: User, member: User) -> Client:
    client = signed_in(staff)
    session = client.session
    session[ACTING_FOR_KEY] = member.pk
    session.save()
    return client


# --- Creating --------------------------------------------------------------------------


def test_create_assisted_account_makes_a_verified_account_without_email_or_password():
    point = make_contact_point()
    staff = staff_of(point)

    member = create(staff, point)

    member = fresh(member)
    assert member.trust_level == TrustLevel.VERIFIED
    assert member.email == ""
    assert not EmailAddress.objects.filter(user=member).exists()
    assert not member.has_usable_password()
    profile = Profile.objects.get(user=member)
    assert (profile.display_name, profile.phone) == ("Zofia Testowa-Kowalska", "+49 711 4455667")
    assisted = AssistedAccount.objects.get(user=member)
    assert assisted.contact_point == point
    assert (assisted.created_by, assisted.consent_recorded_by) == (staff, staff)
    assert assisted.consent_given_at is not None
    assert assisted.staff_may_act
    decision = TrustDecision.objects.get(member=member)
    assert (decision.decision, decision.method) == (Decision.VERIFY, VerificationMethod.ASSISTED)
    assert (decision.contact_point, decision.decided_by) == (point, staff)
    assert decision.house_rules_version


def test_create_assisted_account_is_recorded_without_the_name_or_phone():
    point = make_contact_point()
    staff = staff_of(point)

    member = create(staff, point)

    events = AuditEvent.objects.order_by("pk")
    assert [e.action for e in events] == ["assisted.created", "member.verified"]
    assert all((e.actor, e.subject) == (staff, member) for e in events)
    text = json.dumps([[e.before, e.after] for e in events]).lower()
    assert "zofia" not in text
    assert "4455667" not in text


@pytest.mark.parametrize(
    ("field", "code"), [("consent_given", "consent"), ("house_rules_accepted", "house_rules")]
)
def test_create_assisted_account_needs_consent_and_house_rules(field: str, code: str):
    point = make_contact_point()
    staff = staff_of(point)
    users_before = User.objects.count()

    with pytest.raises(ValidationError) as error:
        create(staff, point, **{field: False})

    assert error.value.code == code
    assert User.objects.count() == users_before
    assert not AssistedAccount.objects.exists()


def test_create_assisted_account_needs_a_name():
    point = make_contact_point()

    with pytest.raises(ValidationError):
        create(staff_of(point), point, name="   ")

    assert not AssistedAccount.objects.exists()


@pytest.mark.parametrize("who", ["staff_other", "coordinator", "member"])
def test_only_staff_of_that_contact_point_create_its_assisted_accounts(who: str):
    point = make_contact_point()
    user = {
        "staff_other": lambda: staff_of(make_contact_point()),
        "coordinator": make_coordinator,
        "member": make_verified,
    }[who]()

    with pytest.raises(PermissionDenied):
        create(user, point)

    assert not AssistedAccount.objects.exists()


def test_user_names_of_assisted_accounts_do_not_collide():
    point = make_contact_point()
    staff = staff_of(point)

    first = create(staff, point, name="Anna")
    second = create(staff, point, name="Anna")

    assert first.username != second.username


def test_the_name_given_for_an_assisted_account_stays_private():
    # The name is stored as display name, visible to nobody unless the person says
    # otherwise. The account's user name is shown to everyone on the member's page,
    # so it must not give the name away.
    point = make_contact_point()
    member = create(staff_of(point), point)

    response = Client().get(url("members:detail", member.public_id))

    assert response.status_code == 200
    page = response.content.decode().lower()
    assert "zofia" not in page
    assert "testowa" not in page
    assert "zofia" not in member.username.lower()


def test_staff_create_an_assisted_account_through_the_console():
    point = make_contact_point()
    staff = staff_of(point)

    response = signed_in(staff).post(
        url("staff:assisted_create"),
        {
            "name": "Jan",
            "contact_point": point.pk,
            "consent_given": "on",
            "house_rules_accepted": "on",
        },
    )

    member = AssistedAccount.objects.get().user
    assert response.status_code == 302
    assert response["Location"] == url("staff:member", member.public_id)


def test_the_console_form_requires_consent():
    point = make_contact_point()

    response = signed_in(staff_of(point)).post(
        url("staff:assisted_create"),
        {"name": "Jan", "contact_point": point.pk, "house_rules_accepted": "on"},
    )

    assert response.status_code == 200
    assert "consent_given" in response.context["form"].errors
    assert not AssistedAccount.objects.exists()


# --- Acting for the person -----------------------------------------------------------


@pytest.fixture
def home() -> ContactPoint:
    return make_contact_point()


@pytest.fixture
def staff(home: ContactPoint) -> User:
    return staff_of(home, username="helferin")


@pytest.fixture
def member(home: ContactPoint) -> User:
    return assisted_member(home, username="assistiert", email="")


class FakeSession(dict):
    pass


def test_start_and_stop_acting_are_recorded(staff: User, member: User):
    session = FakeSession()

    start_acting(staff=staff, member=member, session=session)
    assert session[ACTING_FOR_KEY] == member.pk
    stop_acting(staff=staff, session=session)

    assert ACTING_FOR_KEY not in session
    events = list(AuditEvent.objects.order_by("pk"))
    assert [(e.action, e.actor, e.subject) for e in events] == [
        ("assisted.acting_started", staff, member),
        ("assisted.acting_stopped", staff, member),
    ]


def test_stop_acting_without_acting_records_nothing(staff: User):
    stop_acting(staff=staff, session=FakeSession())

    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("who", ["staff_other", "admin", "coordinator"])
def test_only_the_persons_staff_may_start_acting(member: User, who: str):
    user = {
        "staff_other": lambda: staff_of(make_contact_point()),
        "admin": make_admin,
        "coordinator": make_coordinator,
    }[who]()
    session = FakeSession()

    with pytest.raises(PermissionDenied):
        start_acting(staff=user, member=member, session=session)

    assert session == {}
    assert not AuditEvent.objects.exists()


def test_acting_starts_from_the_member_page(staff: User, member: User):
    client = signed_in(staff)

    response = client.post(url("staff:act_start", member.public_id))

    assert response.status_code == 302
    assert response["Location"] == url("me:overview")
    assert client.session[ACTING_FOR_KEY] == member.pk
    page = client.get(url("me:overview"))
    assert page.context["member"] == member
    assert page.wsgi_request.user == member
    assert page.wsgi_request.acting_staff == staff  # type: ignore[attr-defined]


def test_requests_while_acting_run_as_the_member_and_posts_are_recorded(staff: User, member: User):
    client = acting_client(staff, member)

    response = client.post(url("me:profile"), {"display_name": "Oma Jadwiga"})

    assert response.status_code == 302
    assert Profile.objects.get(user=member).display_name == "Oma Jadwiga"
    assert not Profile.objects.filter(user=staff).exists()
    # One event, written by the service, naming the staff member and the person.
    changed = AuditEvent.objects.get()
    assert changed.action == "profile.updated"
    assert (changed.actor, changed.on_behalf_of) == (staff, member)
    assert "Jadwiga" not in json.dumps(changed.after)


def test_a_change_without_an_event_of_its_own_is_recorded_in_general(staff: User, member: User):
    client = acting_client(staff, member)

    response = client.post(url("me:verification_withdraw"))

    assert response.status_code == 302
    acted = AuditEvent.objects.get(action="assisted.acted")
    assert (acted.actor, acted.subject, acted.on_behalf_of) == (staff, member, member)
    assert acted.after == {"view": "me:verification_withdraw"}


def test_reading_pages_while_acting_is_not_recorded_as_a_change(staff: User, member: User):
    client = acting_client(staff, member)

    client.get(url("me:overview"))
    client.get(url("me:profile"))

    assert not AuditEvent.objects.filter(action="assisted.acted").exists()


def test_what_staff_did_is_shown_to_the_person(staff: User, member: User):
    acting_client(staff, member).post(url("me:profile"), {"display_name": "Oma Jadwiga"})

    response = signed_in(member).get(url("me:overview"))

    actions = {event.action for event in response.context["acted_for"]}
    assert actions == {"profile.updated"}
    with translation.override("en"):
        assert escape(action_label("profile.updated")) in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/password/change/",
        "/accounts/email/",
        "/accounts/2fa/",
        "/me/delete/",
        "/me/data/",
        "/me/sessions/",
        "/staff/",
        "/staff/audit/",
        "/en/staff/",
    ],
)
def test_account_security_pages_are_refused_while_acting(staff: User, member: User, path: str):
    response = acting_client(staff, member).get(path)

    assert response.status_code == 403
    assert response.templates[0].name == "accounts/acting_blocked.html"


def test_deleting_the_account_is_refused_while_acting(staff: User, member: User):
    member.set_password("Oma-Passwort-123")
    member.save()
    client = acting_client(staff, member)

    response = client.post("/me/delete/", {"password": "Oma-Passwort-123"})
    email = client.post("/accounts/email/", {"action_add": "", "email": "staff@example.org"})

    assert response.status_code == 403
    assert email.status_code == 403
    assert User.objects.filter(pk=member.pk).exists()
    assert not EmailAddress.objects.filter(user=member).exists()


def test_stopping_to_act_is_allowed_and_ends_acting(staff: User, member: User):
    client = acting_client(staff, member)

    response = client.post(url("staff:act_stop"))

    assert response.status_code == 302
    assert ACTING_FOR_KEY not in client.session
    assert client.get(url("me:overview")).context["member"] == staff
    assert AuditEvent.objects.filter(action="assisted.acting_stopped", actor=staff).count() == 1


def test_stopping_to_act_is_not_listed_as_a_change_made_for_the_person(staff: User, member: User):
    client = acting_client(staff, member)

    client.post(url("staff:act_stop"))

    # Stopping changes nothing of the person's: the person's list of what staff did
    # for them must not show "Staff made a change for the person" for it.
    assert not AuditEvent.objects.filter(action="assisted.acted").exists()


def test_acting_ends_when_the_person_withdraws_consent(staff: User, member: User):
    client = acting_client(staff, member)
    withdraw_consent(member=member)

    response = client.get(url("me:overview"))

    assert response.status_code == 200
    assert response.context["member"] == staff
    assert ACTING_FOR_KEY not in client.session
    assert "You no longer act for this person." in messages_of(response)


def test_acting_ends_when_the_staff_role_is_taken_back(staff: User, member: User):
    client = acting_client(staff, member)
    RoleAssignment.objects.filter(user=staff).delete()

    response = client.post(url("me:profile"), {"display_name": "Heimlich"})

    assert ACTING_FOR_KEY not in client.session
    assert not Profile.objects.filter(user=member, display_name="Heimlich").exists()
    assert not AuditEvent.objects.filter(action="assisted.acted").exists()
    assert "You no longer act for this person." in messages_of(response)


# --- Consent -------------------------------------------------------------------------------


def test_the_person_withdraws_consent_from_their_page(staff: User, member: User):
    client = signed_in(member)

    response = client.post(url("me:consent_withdraw"))

    assert response.status_code == 302
    assert "Staff can no longer act for you." in messages_of(response)
    assisted = AssistedAccount.objects.get(user=member)
    assert assisted.consent_withdrawn_at is not None
    assert not may_act_for(fresh(staff), fresh(member))
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.subject) == (
        "assisted.consent_withdrawn",
        member,
        member,
    )
    page = client.get(url("me:overview")).content.decode()
    assert "Staff can no longer act for you." in page


def test_withdrawing_twice_keeps_the_first_date(member: User):
    withdraw_consent(member=member)
    first = AssistedAccount.objects.get(user=member).consent_withdrawn_at

    withdraw_consent(member=member)

    assert AssistedAccount.objects.get(user=member).consent_withdrawn_at == first
    assert AuditEvent.objects.count() == 1


def test_withdrawing_without_an_assisted_account_does_nothing():
    member = make_verified()

    response = signed_in(member).post(url("me:consent_withdraw"))

    assert response.status_code == 302
    assert not AuditEvent.objects.exists()


# --- The takeover code -----------------------------------------------------------------


def test_a_takeover_code_has_twelve_unambiguous_characters_and_only_its_hash_is_kept(
    staff: User, member: User
):
    before = timezone.now()

    shown = issue_takeover_code(staff=staff, member=member)

    code = normalise_code(shown)
    assert shown == f"{code[:4]}-{code[4:8]}-{code[8:]}"
    assert len(code) == 12
    assert set(code) <= set(CODE_ALPHABET)
    assert not set(code) & set("01OIL")
    assisted = AssistedAccount.objects.get(user=member)
    assert code not in assisted.takeover_code_hash
    assert check_password(code, assisted.takeover_code_hash)
    assert assisted.takeover_code_expires_at is not None
    assert before + CODE_VALIDITY <= assisted.takeover_code_expires_at
    assert assisted.takeover_code_expires_at <= timezone.now() + CODE_VALIDITY
    assert timedelta(days=30) == CODE_VALIDITY
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.subject) == (
        "assisted.takeover_code_issued",
        staff,
        member,
    )
    assert code not in json.dumps([event.before, event.after])


def test_a_new_code_replaces_the_old_one(staff: User, member: User):
    old = issue_takeover_code(staff=staff, member=member)
    new = confirmed_code(staff, member)

    with pytest.raises(TakeoverRefused):
        take_over(username=member.username, code=old, email="a@example.org", password="x" * 12)
    assert take_over(
        username=member.username, code=new, email="a@example.org", password=NEW_PASSWORD
    )


def test_only_the_persons_staff_issue_takeover_codes(member: User):
    with pytest.raises(PermissionDenied):
        issue_takeover_code(staff=staff_of(make_contact_point()), member=member)
    with pytest.raises(PermissionDenied):
        issue_takeover_code(staff=make_admin(), member=member)

    assert AssistedAccount.objects.get(user=member).takeover_code_hash == ""


def test_the_code_is_shown_once_in_the_answer_to_a_post(staff: User, member: User):
    client = signed_in(staff)

    response = client.post(url("staff:takeover_code", member.public_id))

    assert response.status_code == 200
    code = response.context["code"]
    assert code in response.content.decode()
    assert check_password(
        normalise_code(code), AssistedAccount.objects.get(user=member).takeover_code_hash
    )
    assert client.get(url("staff:takeover_code", member.public_id)).status_code == 405


# --- Taking over ---------------------------------------------------------------------


def test_take_over_makes_the_account_the_persons_own(staff: User, member: User):
    code = confirmed_code(staff, member)

    user = take_over(
        username=" ASSISTIERT ",
        code=code.lower().replace("-", " "),
        email="zofia.testowa@example.org",
        password=NEW_PASSWORD,
    )

    user = fresh(user)
    assert user == member
    assert user.email == "zofia.testowa@example.org"
    assert user.check_password(NEW_PASSWORD)
    assisted = AssistedAccount.objects.get(user=member)
    assert assisted.taken_over_at is not None
    assert (assisted.takeover_code_hash, assisted.takeover_code_expires_at) == ("", None)
    assert not may_act_for(fresh(staff), user)
    event = AuditEvent.objects.get(action="assisted.taken_over")
    assert (event.actor, event.subject) == (member, member)
    assert "example.org" not in json.dumps([event.before, event.after])


def test_a_code_works_only_once(staff: User, member: User):
    code = confirmed_code(staff, member)
    take_over(username=member.username, code=code, email="a@example.org", password=NEW_PASSWORD)

    with pytest.raises(TakeoverRefused):
        take_over(
            username=member.username, code=code, email="b@example.org", password="Andere-Pw-99"
        )

    assert fresh(member).email == "a@example.org"


def wrong_code(code: str) -> str:
    return "".join("A" if c != "A" else "B" for c in normalise_code(code))


@pytest.mark.parametrize("case", ["wrong_code", "expired", "unknown_user", "no_code"])
def test_take_over_refuses_with_one_answer(staff: User, member: User, case: str):
    code = confirmed_code(staff, member) if case != "no_code" else "ABCD"
    username = member.username
    if case == "wrong_code":
        code = wrong_code(code)
    elif case == "expired":
        AssistedAccount.objects.filter(user=member).update(
            takeover_code_expires_at=timezone.now() - timedelta(seconds=1)
        )
    elif case == "unknown_user":
        username = "niemand"

    with pytest.raises(TakeoverRefused):
        take_over(username=username, code=code, email="z@example.org", password=NEW_PASSWORD)

    user = fresh(member)
    assert user.email == ""
    assert not user.has_usable_password()
    assert AssistedAccount.objects.get(user=member).taken_over_at is None


def test_a_code_for_one_account_does_not_open_another(staff: User, member: User, home: Any):
    other = assisted_member(home)
    code = confirmed_code(staff, member)

    with pytest.raises(TakeoverRefused):
        take_over(username=other.username, code=code, email="z@example.org", password=NEW_PASSWORD)


def test_a_used_email_is_refused_only_after_a_correct_code(staff: User, member: User):
    owner = make_verified(email="taken@example.org")
    EmailAddress.objects.create(user=owner, email="taken@example.org", verified=True, primary=True)
    code = confirmed_code(staff, member)

    with pytest.raises(TakeoverRefused):
        take_over(
            username=member.username,
            code=wrong_code(code),
            email="TAKEN@example.org",
            password=NEW_PASSWORD,
        )
    with pytest.raises(ValidationError) as error:
        take_over(
            username=member.username, code=code, email="TAKEN@example.org", password=NEW_PASSWORD
        )

    assert list(error.value.message_dict) == ["email"]
    user = fresh(member)
    assert (user.email, user.has_usable_password()) == ("", False)
    assisted = AssistedAccount.objects.get(user=member)
    assert assisted.taken_over_at is None
    assert assisted.takeover_code_hash, "the code still works with another address"


def test_an_address_kept_only_on_another_account_counts_as_used(staff: User, member: User):
    # createsuperuser (and the admin) store the address on the user row without an
    # allauth EmailAddress row; it belongs to that account all the same.
    User.objects.create_superuser("stadtadmin", "admin@stadt.example", "Admin-Passwort-77")
    code = confirmed_code(staff, member)

    with pytest.raises(ValidationError):
        take_over(
            username=member.username,
            code=code,
            email="Admin@Stadt.example",
            password=NEW_PASSWORD,
        )

    assert User.objects.filter(email__iexact="admin@stadt.example").count() == 1


# --- The takeover page ---------------------------------------------------------------


def takeover_form(username: str, code: str, email: str = "zofia.testowa@example.org") -> dict:
    return {
        "username": username,
        "code": code,
        "email": email,
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }


def test_the_takeover_page_hands_over_the_account_and_queues_a_confirmation(
    staff: User, member: User, settings: Any
):
    settings.MAILERS = QUEUED_MAILERS
    code = confirmed_code(staff, member)

    response = Client().post(url("accounts:takeover"), takeover_form(member.username, code))

    assert response.status_code == 302
    assert response["Location"] == url("account_login")
    user = fresh(member)
    assert user.email == "zofia.testowa@example.org"
    assert user.check_password(NEW_PASSWORD)
    address = EmailAddress.objects.get(user=member)
    assert (address.email, address.verified) == ("zofia.testowa@example.org", False)
    queued = [
        task
        for task in DBTaskResult.objects.all()
        if "zofia.testowa@example.org" in json.dumps(task.args_kwargs)
    ]
    assert len(queued) == 1


def test_the_takeover_page_refuses_a_wrong_code_without_saying_which_part_was_wrong(
    staff: User, member: User
):
    code = confirmed_code(staff, member)

    wrong = Client().post(url("accounts:takeover"), takeover_form(member.username, "AAAA"))
    unknown = Client().post(url("accounts:takeover"), takeover_form("niemand", code))

    for response in (wrong, unknown):
        assert response.status_code == 200
        assert response.context["form"].non_field_errors() == [
            "The user name or the code is not valid, or the code has expired."
        ]
    assert AssistedAccount.objects.get(user=member).taken_over_at is None


def test_the_takeover_page_allows_five_attempts(staff: User, member: User):
    code = confirmed_code(staff, member)
    client = Client()
    for _ in range(4):
        client.post(url("accounts:takeover"), takeover_form(member.username, wrong_code(code)))

    response = client.post(url("accounts:takeover"), takeover_form(member.username, code))

    assert response.status_code == 302
    assert AssistedAccount.objects.get(user=member).taken_over_at is not None


def test_the_sixth_attempt_within_ten_minutes_is_refused_even_with_the_right_code(
    staff: User, member: User
):
    code = confirmed_code(staff, member)
    client = Client()
    for _ in range(5):
        client.post(url("accounts:takeover"), takeover_form(member.username, wrong_code(code)))

    response = client.post(url("accounts:takeover"), takeover_form(member.username, code))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Too many attempts. Please wait ten minutes."
    ]
    user = fresh(member)
    assert (user.email, user.has_usable_password()) == ("", False)
    assert AssistedAccount.objects.get(user=member).taken_over_at is None
    # The limit also counts per user name: more addresses do not buy more guesses.
    other_address = Client(REMOTE_ADDR="198.51.100.4")
    response = other_address.post(url("accounts:takeover"), takeover_form(member.username, code))
    assert response.status_code == 200
    assert AssistedAccount.objects.get(user=member).taken_over_at is None


def test_the_limit_of_one_address_leaves_other_accounts_alone(staff: User, member: User):
    code = confirmed_code(staff, member)
    client = Client()
    for _ in range(5):
        client.post(url("accounts:takeover"), takeover_form("someone_else", "AAAA-AAAA-AAAA"))

    response = Client(REMOTE_ADDR="198.51.100.4").post(
        url("accounts:takeover"), takeover_form(member.username, code)
    )

    assert response.status_code == 302


def test_the_takeover_page_shows_a_used_email_after_a_correct_code(staff: User, member: User):
    owner = make_user(email="taken@example.org")
    EmailAddress.objects.create(user=owner, email="taken@example.org", verified=True)
    code = confirmed_code(staff, member)

    response = Client().post(
        url("accounts:takeover"), takeover_form(member.username, code, email="taken@example.org")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["This e-mail address is already in use."]
    assert AssistedAccount.objects.get(user=member).taken_over_at is None


def test_after_the_takeover_staff_acting_for_the_person_is_over(staff: User, member: User):
    client = acting_client(staff, member)
    code = confirmed_code(staff, member)
    take_over(username=member.username, code=code, email="z@example.org", password=NEW_PASSWORD)

    response = client.get(url("me:overview"))

    assert response.context["member"] == staff
    assert ACTING_FOR_KEY not in client.session
