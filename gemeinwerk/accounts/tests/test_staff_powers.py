"""Issue 9, section 3: every power of staff, coordinators and admins stays within the
role. Two-factor sign-in guards the powers wherever they are used; staff read personal
data only of the members in their care, on the record; a takeover needs a second pair
of eyes; nobody decides on themselves; other apps hear when trust is taken back."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from gemeinwerk.accounts import hooks
from gemeinwerk.accounts.models import (
    AssistedAccount,
    Decision,
    TrustDecision,
    TrustLevel,
    User,
    VerificationMethod,
    Visibility,
)
from gemeinwerk.accounts.rules import (
    ProfileAudience,
    completed_two_factor,
    is_admin,
    is_coordinator,
    is_staff_member,
    profile_audience,
)
from gemeinwerk.accounts.services.assisted import (
    TakeoverRefused,
    confirm_takeover,
    create_assisted_account,
    issue_takeover_code,
    take_over,
)
from gemeinwerk.accounts.services.profile import update_profile
from gemeinwerk.accounts.services.trust import (
    close_verification_request,
    restore_member,
    suspend_member,
    verify_member,
)
from gemeinwerk.accounts.tests.more_factories import (
    add_email,
    assisted_member,
    make_admin,
    make_contact_point,
    make_coordinator,
    make_request,
    make_user,
    make_verified,
    signed_in,
    staff_of,
    url,
)
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.core.permissions import may
from gemeinwerk.groups.models import Group, Meeting
from gemeinwerk.groups.services.meetings import new_room_code
from gemeinwerk.groups.tests.factories import GroupFactory, make_host
from gemeinwerk.places.models import ContactPoint

pytestmark = pytest.mark.django_db

PASSWORD = "Sonnenblume-Kaffee-42"


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def group_of(point: ContactPoint) -> tuple[Group, Meeting]:
    group = GroupFactory.create(contact_point=point)
    make_host(group)
    meeting = Meeting.objects.create(
        group=group,
        recurrence="once",
        first_date="2099-01-05",
        start_time="19:00",
        room_code=new_room_code(),
    )
    return group, meeting


# --- 1. Two-factor sign-in guards the powers wherever they are used -----------------------


def without_second_factor(kind: str, point: ContactPoint) -> Client:
    """Staff signed in without a completed second factor: never set up, or set up but
    not used in this session (signed in before setting it up)."""
    if kind == "never_set_up":
        return signed_in(staff_of(point, two_factor=False))
    return signed_in(staff_of(point), second_factor=False)


@pytest.mark.parametrize("kind", ["never_set_up", "not_used_in_this_session"])
def test_staff_without_two_factor_login_cannot_manage_their_offices_groups(kind: str):
    point = make_contact_point()
    group, meeting = group_of(point)
    client = without_second_factor(kind, point)

    manage = client.get(url("groups:manage", group.slug))
    meeting_page = client.get(url("groups:meeting", group.slug, meeting.pk))

    assert manage.status_code == 403
    assert meeting_page.status_code == 403
    assert meeting.room_code
    assert meeting.room_code not in meeting_page.content.decode()


def test_with_two_factor_login_staff_manage_their_offices_groups():
    point = make_contact_point()
    group, meeting = group_of(point)
    client = signed_in(staff_of(point))

    assert client.get(url("groups:manage", group.slug)).status_code == 200
    page = client.get(url("groups:meeting", group.slug, meeting.pk))
    assert page.status_code == 200


@pytest.mark.parametrize("kind", ["never_set_up", "not_used_in_this_session"])
def test_staff_without_two_factor_login_see_only_what_members_see_of_profiles(kind: str):
    owner = make_verified(username="erika_m")
    update_profile(
        member=owner, data={"about": "Ich gärtnere gern.", "about_visibility": Visibility.VERIFIED}
    )
    # Not verified themselves: what they see of members-only fields, they see by the role.
    staff = staff_of(
        make_contact_point(), two_factor=kind != "never_set_up", trust_level=TrustLevel.UNVERIFIED
    )

    page = signed_in(staff, second_factor=False).get(url("members:detail", owner.public_id))

    assert "erika_m" in page.content.decode()
    assert "Ich gärtnere gern." not in page.content.decode()


def test_staff_with_two_factor_login_see_members_only_profile_fields():
    owner = make_verified(username="erika_m")
    update_profile(
        member=owner, data={"about": "Ich gärtnere gern.", "about_visibility": Visibility.VERIFIED}
    )
    staff = staff_of(make_contact_point(), trust_level=TrustLevel.UNVERIFIED)

    page = signed_in(staff).get(url("members:detail", owner.public_id))

    assert "Ich gärtnere gern." in page.content.decode()


def test_the_staff_console_asks_to_confirm_a_second_factor_not_used_in_this_session():
    client = signed_in(staff_of(make_contact_point()), second_factor=False)

    response = client.get(url("staff:queue"))

    assert response.status_code == 302
    assert response["Location"].startswith(url("mfa_reauthenticate"))


def test_admins_without_two_factor_login_have_no_blanket_permission():
    point = make_contact_point()
    group, _meeting = group_of(point)
    admin = make_admin(two_factor=False)

    # Outside a request a superuser without a second factor passes nothing.
    assert not is_admin(admin)
    assert not may(admin, "groups.manage_group", group)
    assert not may(admin, "accounts.use_staff_console")
    # In a request: a plain (here verified) member.
    client = signed_in(admin)
    assert client.get(url("groups:manage", group.slug)).status_code == 403


def test_admins_with_two_factor_login_in_this_session_keep_their_powers():
    point = make_contact_point()
    group, _meeting = group_of(point)
    admin = make_admin()

    assert may(admin, "groups.manage_group", group)
    assert signed_in(admin).get(url("groups:manage", group.slug)).status_code == 200
    refused = signed_in(admin, second_factor=False).get(url("groups:manage", group.slug))
    assert refused.status_code == 403


def test_role_predicates_require_a_completed_second_factor():
    point = make_contact_point()
    staff = staff_of(point, two_factor=False, trust_level=TrustLevel.UNVERIFIED)
    coordinator = make_coordinator(two_factor=False)
    profile = update_profile(member=make_verified(), data={})

    assert not completed_two_factor(staff)
    assert not is_staff_member(staff)
    assert not is_coordinator(coordinator)
    assert not may(staff, "accounts.use_staff_console")
    assert profile_audience(staff, profile) == ProfileAudience.PUBLIC


# --- 2. Staff read personal data only of members in their care, on the record -----------


def test_staff_read_a_member_only_while_in_their_care():
    home, away = make_contact_point(), make_contact_point()
    staff, staff_away = staff_of(home), staff_of(away)
    newcomer = make_user(email="zofia.testowa@example.org")
    add_email(newcomer)
    make_request(newcomer, home)
    address = url("staff:member", newcomer.public_id)

    mine = signed_in(staff).get(address)
    theirs = signed_in(staff_away).get(address)
    missing = signed_in(staff_away).get(url("staff:member", "6a1f1c1e-0000-4000-8000-000000000000"))

    assert mine.status_code == 200
    assert "zofia.testowa@example.org" in mine.content.decode()
    # The same answer as for an address that does not exist.
    assert theirs.status_code == missing.status_code == 404
    assert "zofia.testowa@example.org" not in theirs.content.decode()


def test_an_assisted_persons_name_is_read_only_by_their_contact_points_staff():
    home, away = make_contact_point(), make_contact_point()
    creator = staff_of(home)
    member = create_assisted_account(
        staff=creator,
        contact_point=home,
        name="Zofia Testowa-Kowalska",
        consent_given=True,
        house_rules_accepted=True,
    )

    assert signed_in(staff_of(away)).get(url("staff:member", member.public_id)).status_code == 404
    page = signed_in(staff_of(home)).get(url("staff:member", member.public_id))
    assert "Zofia Testowa-Kowalska" in page.content.decode()


def test_members_verified_at_the_contact_point_stay_in_its_care():
    home = make_contact_point()
    member = make_user()
    verify_member(
        member=member,
        staff=staff_of(home),
        method=VerificationMethod.IN_PERSON,
        contact_point=home,
        house_rules_accepted=True,
    )

    assert signed_in(staff_of(home)).get(url("staff:member", member.public_id)).status_code == 200
    other = signed_in(staff_of(make_contact_point()))
    assert other.get(url("staff:member", member.public_id)).status_code == 404


def test_each_look_at_a_members_details_is_recorded():
    home = make_contact_point()
    staff = staff_of(home)
    member = assisted_member(home)

    signed_in(staff).get(url("staff:member", member.public_id))

    event = AuditEvent.objects.get(action="member.viewed")
    assert (event.actor, event.subject) == (staff, member)
    assert event.after == {"shown": ["email", "display_name"]}


def test_the_search_finds_nobody_outside_the_staff_members_care():
    home, away = make_contact_point(), make_contact_point()
    member = make_user(username="irgendwer", email="irgendwer@example.org")
    add_email(member)
    make_request(member, away)

    mine = signed_in(staff_of(home)).post(url("staff:search"), {"query": "irgendwer@example.org"})
    theirs = signed_in(staff_of(away)).post(url("staff:search"), {"query": "irgendwer"})

    assert list(mine.context["results"]) == []
    assert list(theirs.context["results"]) == [member]


# --- 3. A takeover needs a second staff member's confirmation ---------------------------


@pytest.fixture
def takeover() -> dict[str, Any]:
    home = make_contact_point()
    creator, colleague = staff_of(home), staff_of(home)
    member = create_assisted_account(
        staff=creator,
        contact_point=home,
        name="Zofia",
        consent_given=True,
        house_rules_accepted=True,
    )
    return {"home": home, "creator": creator, "colleague": colleague, "member": member}


def try_take_over(member: User, code: str) -> User:
    return take_over(
        username=member.username, code=code, email="zofia@example.org", password=PASSWORD
    )


def test_a_code_the_creator_hands_out_works_only_after_a_colleague_confirms(takeover: dict):
    member, creator, colleague = takeover["member"], takeover["creator"], takeover["colleague"]
    code = issue_takeover_code(staff=creator, member=member)

    with pytest.raises(ValidationError) as error:
        try_take_over(member, code)
    assert error.value.code == "not_confirmed"
    assert fresh(member).email == ""

    confirm_takeover(staff=colleague, member=member)
    user = try_take_over(member, code)

    assert user.email == "zofia@example.org"
    event = AuditEvent.objects.get(action="assisted.takeover_confirmed")
    assert (event.actor, event.subject) == (colleague, member)


@pytest.mark.parametrize("who", ["creator", "issuer"])
def test_neither_the_creator_nor_the_issuer_confirms(takeover: dict, who: str):
    member, creator, colleague = takeover["member"], takeover["creator"], takeover["colleague"]
    issuer = creator if who == "creator" else colleague
    issue_takeover_code(staff=issuer, member=member)
    # Who is left: the creator confirms a colleague's code? Not them either.
    confirmer = creator

    with pytest.raises(PermissionDenied):
        confirm_takeover(staff=confirmer, member=member)
    assert AssistedAccount.objects.get(user=member).takeover_confirmed_at is None
    assert not AuditEvent.objects.filter(action="assisted.takeover_confirmed").exists()


def test_an_admin_who_created_the_account_cannot_confirm_either():
    home = make_contact_point()
    admin = make_admin()
    member = create_assisted_account(
        staff=admin, contact_point=home, name="Jan", consent_given=True, house_rules_accepted=True
    )
    issue_takeover_code(staff=staff_of(home), member=member)

    with pytest.raises(PermissionDenied):
        confirm_takeover(staff=admin, member=member)
    confirm_takeover(staff=make_admin(), member=member)


def test_the_database_refuses_a_confirmation_by_the_creator(takeover: dict):
    member, creator = takeover["member"], takeover["creator"]
    issue_takeover_code(staff=takeover["colleague"], member=member)

    with pytest.raises(IntegrityError), transaction.atomic():
        AssistedAccount.objects.filter(user=member).update(takeover_confirmed_by=creator)


def test_staff_of_another_contact_point_cannot_confirm(takeover: dict):
    member = takeover["member"]
    issue_takeover_code(staff=takeover["creator"], member=member)

    with pytest.raises(PermissionDenied):
        confirm_takeover(staff=staff_of(make_contact_point()), member=member)


def test_a_new_code_needs_a_new_confirmation(takeover: dict):
    member, creator, colleague = takeover["member"], takeover["creator"], takeover["colleague"]
    issue_takeover_code(staff=creator, member=member)
    confirm_takeover(staff=colleague, member=member)

    code = issue_takeover_code(staff=creator, member=member)

    with pytest.raises(ValidationError):
        try_take_over(member, code)
    with pytest.raises(TakeoverRefused):
        try_take_over(member, "AAAA-BBBB-CCCC")


def test_the_colleague_confirms_by_clicking_from_the_queue(takeover: dict):
    member, creator, colleague = takeover["member"], takeover["creator"], takeover["colleague"]
    issue_takeover_code(staff=creator, member=member)
    client = signed_in(colleague)

    queue = client.get(url("staff:queue")).content.decode()
    member_url = url("staff:member", member.public_id)
    assert f'href="{member_url}"' in queue
    page = client.get(member_url).content.decode()
    confirm_url = url("staff:takeover_confirm", member.public_id)
    assert f'action="{confirm_url}"' in page
    response = client.post(confirm_url)

    assert response.status_code == 302
    assert AssistedAccount.objects.get(user=member).takeover_confirmed_by == colleague


def test_the_creator_sees_no_confirm_button_and_is_refused(takeover: dict):
    member, creator = takeover["member"], takeover["creator"]
    issue_takeover_code(staff=creator, member=member)
    client = signed_in(creator)

    page = client.get(url("staff:member", member.public_id)).content.decode()
    response = client.post(url("staff:takeover_confirm", member.public_id))

    assert url("staff:takeover_confirm", member.public_id) not in page
    assert "a colleague confirms it" in page
    assert response.status_code == 403
    assert AssistedAccount.objects.get(user=member).takeover_confirmed_at is None


def test_the_takeover_page_says_a_confirmation_is_missing(takeover: dict):
    member = takeover["member"]
    code = issue_takeover_code(staff=takeover["creator"], member=member)

    response = Client().post(
        url("accounts:takeover"),
        {
            "username": member.username,
            "code": code,
            "email": "zofia@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 200
    assert "has not confirmed the takeover yet" in response.content.decode()
    assert fresh(member).email == ""


# --- 4. Nobody decides on themselves or beyond their role -------------------------------


def test_a_plain_member_cannot_suspend_or_restore_through_the_service():
    member = make_verified()
    somebody = make_verified()

    with pytest.raises(PermissionDenied):
        suspend_member(member=member, staff=somebody, reason="x")
    assert fresh(member).trust_level == TrustLevel.VERIFIED
    User.objects.filter(pk=member.pk).update(trust_level=TrustLevel.SUSPENDED)
    with pytest.raises(PermissionDenied):
        restore_member(member=member, staff=somebody)
    assert fresh(member).trust_level == TrustLevel.SUSPENDED


def test_suspended_staff_cannot_restore_themselves():
    point = make_contact_point()
    staff = staff_of(point)
    suspend_member(member=staff, staff=make_admin(), reason="Streit")

    with pytest.raises(PermissionDenied):
        restore_member(member=fresh(staff), staff=fresh(staff))
    assert fresh(staff).trust_level == TrustLevel.SUSPENDED


def test_staff_cannot_restore_a_colleague_an_admin_suspended():
    point = make_contact_point()
    colleague = staff_of(point)
    suspend_member(member=colleague, staff=make_admin(), reason="Streit")

    with pytest.raises(PermissionDenied):
        restore_member(member=colleague, staff=staff_of(point))
    assert fresh(colleague).trust_level == TrustLevel.SUSPENDED


def test_suspended_staff_cannot_verify_through_the_service():
    point = make_contact_point()
    staff = staff_of(point)
    User.objects.filter(pk=staff.pk).update(trust_level=TrustLevel.SUSPENDED)
    member = make_user()

    with pytest.raises(PermissionDenied):
        verify_member(
            member=member,
            staff=fresh(staff),
            method=VerificationMethod.IN_PERSON,
            contact_point=point,
            house_rules_accepted=True,
        )
    assert not TrustDecision.objects.filter(member=member).exists()


def test_suspended_staff_cannot_create_assisted_accounts():
    point = make_contact_point()
    staff = staff_of(point)
    User.objects.filter(pk=staff.pk).update(trust_level=TrustLevel.SUSPENDED)

    with pytest.raises(PermissionDenied):
        create_assisted_account(
            staff=fresh(staff),
            contact_point=point,
            name="Jan",
            consent_given=True,
            house_rules_accepted=True,
        )
    assert not AssistedAccount.objects.exists()


def test_nobody_verifies_themselves():
    point = make_contact_point()
    staff = staff_of(point)
    User.objects.filter(pk=staff.pk).update(trust_level=TrustLevel.UNVERIFIED)

    with pytest.raises(PermissionDenied):
        verify_member(
            member=fresh(staff),
            staff=fresh(staff),
            method=VerificationMethod.IN_PERSON,
            contact_point=point,
            house_rules_accepted=True,
        )
    assert fresh(staff).trust_level == TrustLevel.UNVERIFIED


def test_staff_close_only_their_contact_points_requests_and_never_their_own():
    home, away = make_contact_point(), make_contact_point()
    staff = staff_of(home)
    foreign = make_request(make_user(), away)

    with pytest.raises(PermissionDenied):
        close_verification_request(request=foreign, staff=staff)
    User.objects.filter(pk=staff.pk).update(trust_level=TrustLevel.UNVERIFIED)
    own = make_request(staff, home)
    with pytest.raises(PermissionDenied):
        close_verification_request(request=own, staff=fresh(staff))
    assert foreign.is_open
    assert own.is_open


# --- 5. Other apps hear when trust is taken back, after the commit ----------------------


def test_suspending_calls_the_registered_callbacks_after_the_commit(
    django_capture_on_commit_callbacks: Any,
):
    member = make_verified()
    heard: list[tuple[int, str]] = []

    def revoke_seats(*, member: User, reason: str) -> None:
        heard.append((member.pk, reason))

    with (
        hooks.trust_revoked_callback(revoke_seats),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        suspend_member(member=member, staff=make_admin(), reason="Betrug")
        assert heard == [], "called before the commit"

    assert heard == [(member.pk, hooks.TrustRevoked.SUSPENDED)]
    assert len(callbacks) >= 1
    # Unregistered again: nothing more is heard.
    restore_member(member=member, staff=make_admin())
    with django_capture_on_commit_callbacks(execute=True):
        suspend_member(member=member, staff=make_admin(), reason="Wieder")
    assert len(heard) == 1


def test_a_refused_suspension_calls_no_callback(django_capture_on_commit_callbacks: Any):
    heard: list[User] = []

    def revoke_seats(*, member: User, reason: str) -> None:
        heard.append(member)

    with (
        hooks.trust_revoked_callback(revoke_seats),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError),
    ):
        suspend_member(member=make_verified(), staff=make_admin(), reason="  ")

    assert heard == []
    assert callbacks == []


def test_one_failing_callback_does_not_stop_the_others(django_capture_on_commit_callbacks: Any):
    heard: list[User] = []

    def broken(*, member: User, reason: str) -> None:
        raise RuntimeError("groups is down")

    def revoke_seats(*, member: User, reason: str) -> None:
        heard.append(member)

    member = make_verified()
    with (
        hooks.trust_revoked_callback(broken),
        hooks.trust_revoked_callback(revoke_seats),
        django_capture_on_commit_callbacks(execute=True),
    ):
        suspend_member(member=member, staff=make_admin(), reason="Betrug")

    assert heard == [member]
    assert fresh(member).trust_level == TrustLevel.SUSPENDED
    assert TrustDecision.objects.filter(member=member, decision=Decision.SUSPEND).exists()
