"""Personal data: every relation to the account is registered; "Download my data" gives
everything and no secret; "Delete my account" leaves no trace of the person."""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail import send_mail
from django.db import connection, models
from django.test import Client
from django.utils import timezone

from gemeinwerk.accounts import personal_data
from gemeinwerk.accounts.models import (
    AssistedAccount,
    Role,
    RoleAssignment,
    Session,
    TrustDecision,
    TrustLevel,
    User,
    VerificationMethod,
)
from gemeinwerk.accounts.services.assisted import ACTING_FOR_KEY, issue_takeover_code
from gemeinwerk.accounts.services.profile import update_profile
from gemeinwerk.accounts.services.trust import (
    restore_member,
    suspend_member,
    verify_member,
)
from gemeinwerk.accounts.sessions import SessionStore
from gemeinwerk.accounts.tests import images
from gemeinwerk.accounts.tests.more_factories import (
    FIREFOX_ANDROID,
    PASSWORD,
    add_email,
    assisted_member,
    make_admin,
    make_contact_point,
    make_request,
    make_user,
    signed_in,
    staff_of,
    totp_secret,
    url,
    with_two_factor,
)
from gemeinwerk.audit import record
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.places.models import ContactPoint

pytestmark = pytest.mark.django_db

USERNAME = "zofia_testowa_9"
EMAIL = "zofia.testowa@example.org"
SECOND_EMAIL = "z.kowalska@example.net"
DISPLAY_NAME = "Zofia Testowa-Kowalska"
PHONE = "+49 711 4455667"
IDENTIFIERS = (USERNAME, EMAIL, SECOND_EMAIL, DISPLAY_NAME, PHONE)
QUEUED_MAILERS = {
    "default": {"BACKEND": "gemeinwerk.core.mail.QueuedEmailBackend"},
    "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
}


# --- (a) Every relation to the account is registered ---------------------------------


Relation = tuple[type[models.Model], models.ForeignKey]


def user_relations() -> list[Relation]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found: list[Relation] = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields(include_hidden=True):
            if (
                isinstance(field, models.ForeignKey | models.OneToOneField)
                and field.related_model is user_model
            ):
                found.append((model, field))
    return found


def test_the_walk_finds_relations_of_every_kind():
    # Guards the test below: it must see framework, third-party and auto-created models.
    keys = {(model._meta.label, field.name) for model, field in user_relations()}

    assert {
        ("admin.LogEntry", "user"),
        ("account.EmailAddress", "user"),
        ("mfa.Authenticator", "user"),
        ("accounts.Profile", "user"),
        ("audit.AuditEvent", "actor"),
        ("accounts.User_groups", "user"),
    } <= keys


def test_every_relation_to_the_account_is_registered():
    registered = {holding.key for holding in personal_data.holdings()}

    missing = sorted(
        f"{model._meta.label}.{field.name}"
        for model, field in user_relations()
        if (model._meta.label, field.name) not in registered
    )

    assert missing == [], "register these in the personal data registry (accounts/holdings.py)"


def test_every_registered_relation_exists():
    relations = {(model._meta.label, field.name) for model, field in user_relations()}

    stale = sorted(f"{a}.{b}" for a, b in {h.key for h in personal_data.holdings()} - relations)

    assert stale == []


def test_relations_without_an_eraser_go_with_the_account():
    fields = {(model._meta.label, field.name): field for model, field in user_relations()}
    wrong = []
    for holding in personal_data.holdings():
        field = fields[holding.key]
        on_delete = getattr(field.remote_field, "on_delete", None)
        if holding.erase is None and on_delete not in (models.CASCADE, models.SET_NULL):
            wrong.append(f"{holding.key}: {getattr(on_delete, '__name__', on_delete)}")

    assert wrong == []


def test_every_holding_is_exported_or_says_why_not():
    sections = [h.section for h in personal_data.holdings() if h.export is not None]

    assert all(sections)
    assert len(sections) == len(set(sections)), "two holdings write the same section"
    assert all(h.note for h in personal_data.holdings() if h.export is None)


# --- A member with data in every corner ----------------------------------------------


@dataclass
class Rich:
    member: User
    staff: User
    home: ContactPoint
    client: Client  # the member, signed in on a phone
    laptop: Client  # the member, signed in on a second device
    picture: Path


def build_rich_member() -> Rich:
    home = make_contact_point()
    staff = staff_of(home, username="helferin_anna")
    admin = make_admin(username="admin_bernd")
    member = make_user(username=USERNAME, email=EMAIL)
    add_email(member)
    add_email(member, SECOND_EMAIL, primary=False, verified=False)
    with_two_factor(member)
    profile = update_profile(
        member=member,
        data={
            "display_name": DISPLAY_NAME,
            "phone": PHONE,
            "about": f"Ich bin {DISPLAY_NAME}, erreichbar unter {PHONE}.",
            "languages": ["pl", "de"],
        },
        picture_upload=SimpleUploadedFile("zofia.png", images.png(), content_type="image/png"),
    )
    # Not through request_verification(): that is tested in test_trust.py.
    make_request(member, home, message=f"Ich bin {DISPLAY_NAME}, bitte rufen Sie {PHONE} an.")
    verify_member(
        member=member,
        staff=staff,
        method=VerificationMethod.IN_PERSON,
        contact_point=home,
        house_rules_accepted=True,
    )
    suspend_member(member=member, staff=staff, reason=f"{DISPLAY_NAME} hat {PHONE} gepostet")
    restore_member(member=member, staff=staff, reason=f"Mit {USERNAME} gesprochen")
    # The member works as staff at another place and decided about someone else.
    away = make_contact_point()
    RoleAssignment.objects.create(
        user=member, role=Role.STAFF, contact_point=away, assigned_by=admin
    )
    other = make_user(username="anderes_mitglied")
    make_request(other, away, message="Hallo")
    TrustDecision.objects.create(
        member=other,
        decision="verify",
        method=VerificationMethod.VIDEO_CALL,
        contact_point=away,
        decided_by=member,
        house_rules_version=settings.HOUSE_RULES_VERSION,
    )
    record(actor=member, action="member.verified", subject=other)
    record(actor=admin, action="role.assigned", subject=member)
    LogEntry.objects.log_actions(
        user_id=admin.pk,
        queryset=[member],
        action_flag=CHANGE,
        change_message=f"E-Mail auf {EMAIL} geändert ({DISPLAY_NAME})",
        single_object=True,
    )
    send_mail(
        f"Hallo {DISPLAY_NAME}",
        f"Liebe {DISPLAY_NAME}, Ihr Benutzername ist {USERNAME}.",
        None,
        [f"{DISPLAY_NAME} <{EMAIL}>"],
    )
    client = signed_in(member, user_agent=FIREFOX_ANDROID)
    laptop = signed_in(member)
    client.get(url("me:overview"))
    laptop.get(url("me:overview"))
    picture = Path(profile.picture.path)
    return Rich(member, staff, home, client, laptop, picture)


@pytest.fixture
def rich(settings: Any) -> Rich:
    settings.MAILERS = QUEUED_MAILERS
    return build_rich_member()


# --- (b) Download my data ------------------------------------------------------------


def download(client: Client) -> tuple[Any, dict[str, Any]]:
    response = client.get(url("me:export"))
    return response, json.loads(response.content)


def test_the_export_is_a_json_attachment(rich: Rich):
    response, data = download(rich.client)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="gemeinwerk-data-')
    assert response["Cache-Control"] == "no-store"
    assert data["format"] == "gemeinwerk-export/1"


def test_the_export_holds_everything_stored_about_me(rich: Rich):
    _response, export = download(rich.client)
    data = export["data"]

    assert data["account"]["username"] == USERNAME
    assert data["account"]["email"] == EMAIL
    assert data["profile"]["display_name"] == {"value": DISPLAY_NAME, "visible_to": "nobody"}
    assert data["profile"]["phone"]["value"] == PHONE
    assert data["profile"]["languages"]["value"] == ["de", "pl"]
    assert data["profile"]["picture"]["value"].startswith("data:image/jpeg;base64,")
    assert {row["email"] for row in data["email_addresses"]} == {EMAIL, SECOND_EMAIL}
    assert sorted(row["device"] for row in data["sessions"]) == ["", "Firefox / Android"]
    assert set(data["sessions"][0]) == {"device", "created_at", "last_activity"}
    decisions = data["verification"]
    assert len(decisions) == 3
    assert any(PHONE in (row["reason"] or "") for row in decisions), "the reason is theirs"
    assert [row["message"] for row in data["verification_requests"]] == [
        f"Ich bin {DISPLAY_NAME}, bitte rufen Sie {PHONE} an."
    ]
    assert len(data["roles"]) == 1
    assert data["two_factor_login"][0]["type"]
    actions = {event["action"] for event in data["recorded_events"]}
    assert {"member.verified", "member.suspended", "member.restored", "role.assigned"} <= actions


def test_the_export_holds_no_secret(rich: Rich):
    response, _data = download(rich.client)
    text = response.content.decode()
    member = User.objects.get(pk=rich.member.pk)

    assert member.password not in text
    assert member.password.split("$")[-1] not in text
    assert totp_secret(member) not in text
    for key in Session.objects.filter(user=member).values_list("session_key", flat=True):
        assert key not in text
    assert "helferin_anna" not in text, "the staff member's name is theirs, not mine"


def test_the_export_shows_the_assisted_account_and_what_staff_did_for_me(settings: Any):
    home = make_contact_point()
    staff = staff_of(home, username="helferin_anna")
    member = assisted_member(home, username=USERNAME)
    code = issue_takeover_code(staff=staff, member=member)
    acting = signed_in(staff)
    session = acting.session
    session[ACTING_FOR_KEY] = member.pk
    session.save()
    acting.post(url("me:profile"), {"display_name": DISPLAY_NAME})
    member.set_password(PASSWORD)
    member.save()

    response, export = download(signed_in(member))
    data = export["data"]

    assert len(data["assisted_account"]) == 1
    row = data["assisted_account"][0]
    assert row["contact_point"] == home.name
    assert row["consent_given_at"]
    assert row["consent_withdrawn_at"] is None
    events = data["recorded_events"]
    acted = [e for e in events if e["action"] == "profile.updated"]
    assert acted
    assert all(e["by_staff"] for e in acted)
    assert {"profile.updated", "assisted.takeover_code_issued"} <= {e["action"] for e in events}
    text = response.content.decode()
    assert AssistedAccount.objects.get(user=member).takeover_code_hash not in text
    assert code not in text


# --- (c) Delete my account ----------------------------------------------------------------


def text_columns() -> list[tuple[str, str]]:
    """Every column of every table in the database, as (table, column)."""
    columns = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                columns.append((table, column.name))
    return columns


def model_text_columns() -> set[tuple[str, str]]:
    """The text-like columns of every model, third-party ones included."""
    kinds = (
        models.CharField,
        models.TextField,
        models.JSONField,
        models.GenericIPAddressField,
        models.FileField,
    )
    return {
        (model._meta.db_table, str(field.column))
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.concrete_fields
        if isinstance(field, kinds)
    }


def occurrences(value: str) -> list[str]:
    """Where `value` is found, case-insensitively, as table.column."""
    quote = connection.ops.quote_name
    found = []
    with connection.cursor() as cursor:
        for table, column in text_columns():
            cursor.execute(
                f"SELECT COUNT(*) FROM {quote(table)} "  # noqa: S608 -- names from introspection
                f"WHERE LOWER(CAST({quote(column)} AS TEXT)) LIKE %s",
                [f"%{value.lower()}%"],
            )
            if cursor.fetchone()[0]:
                found.append(f"{table}.{column}")
    return found


def test_the_scan_covers_every_text_column_of_every_model():
    scanned = set(text_columns())

    assert model_text_columns() <= scanned
    assert ("account_emailaddress", "email") in scanned
    assert ("django_admin_log", "object_repr") in scanned


def test_the_scan_finds_the_person_before_deletion(rich: Rich):
    # The test below is only as good as its scan: here it must find them everywhere.
    assert "accounts_user.username" in occurrences(USERNAME)
    assert "account_emailaddress.email" in occurrences(EMAIL)
    assert "accounts_profile.display_name" in occurrences(DISPLAY_NAME)
    assert "accounts_profile.phone" in occurrences(PHONE)
    assert "django_admin_log.object_repr" in occurrences(USERNAME)
    assert any(place.startswith("django_tasks") for place in occurrences(EMAIL))


def delete_account(client: Client, password: str = PASSWORD) -> Any:
    return client.post(url("me:delete"), {"password": password})


def test_a_wrong_password_deletes_nothing(rich: Rich):
    response = delete_account(rich.client, "falsch")

    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    assert User.objects.filter(pk=rich.member.pk).exists()
    assert rich.picture.exists()


def test_deleting_the_account_leaves_no_trace_in_any_column(rich: Rich):
    response = delete_account(rich.client)

    assert response.status_code == 302
    assert response["Location"] == url("core:home")
    assert not User.objects.filter(pk=rich.member.pk).exists()
    remaining = {value: occurrences(value) for value in IDENTIFIERS}
    assert remaining == {value: [] for value in IDENTIFIERS}


def test_deleting_the_account_ends_every_session_and_removes_the_picture(rich: Rich):
    keys = [rich.client.session.session_key, rich.laptop.session.session_key]

    delete_account(rich.client)

    assert not Session.objects.filter(session_key__in=keys).exists()
    assert not Session.objects.filter(user_id=rich.member.pk).exists()
    for row in Session.objects.all():
        data = SessionStore().decode(row.session_data)
        assert data.get("_auth_user_id") != str(rich.member.pk)
        decoded = json.dumps(data, ensure_ascii=False)
        for value in IDENTIFIERS:
            assert value not in decoded
    assert rich.laptop.get(url("me:overview")).status_code == 302
    assert not rich.picture.exists()


def test_the_audit_trail_keeps_its_events_without_the_person(rich: Rich):
    member_pk = rich.member.pk
    about_member = list(
        AuditEvent.objects.filter(subject_id=member_pk).values_list("pk", flat=True)
    )
    by_member = list(AuditEvent.objects.filter(actor_id=member_pk).values_list("pk", flat=True))
    assert about_member
    assert by_member

    delete_account(rich.client)

    kept = AuditEvent.objects.filter(pk__in=about_member + by_member)
    assert kept.count() == len(set(about_member + by_member))
    assert not kept.filter(subject_id=member_pk).exists()
    assert not kept.filter(actor_id=member_pk).exists()
    assert not AuditEvent.objects.filter(on_behalf_of_id=member_pk).exists()
    left = AuditEvent.objects.get(action="account.deleted")
    assert (left.actor, left.subject) == (None, None)


def test_others_keep_their_records_without_the_person(rich: Rich):
    other_decision = TrustDecision.objects.get(member__username="anderes_mitglied")

    delete_account(rich.client)

    other_decision.refresh_from_db()
    assert other_decision.decided_by is None
    assert other_decision.member.username == "anderes_mitglied"
    staff_decisions = TrustDecision.objects.filter(decided_by=rich.staff)
    assert not staff_decisions.exists(), "the member's own decisions went with the account"
    assert User.objects.filter(pk=rich.staff.pk).exists()


def test_queued_emails_to_the_person_are_emptied(rich: Rich):
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.exists()

    delete_account(rich.client)

    for task in DBTaskResult.objects.all():
        assert EMAIL not in json.dumps(task.args_kwargs)


def test_admin_log_entries_about_the_members_email_address_are_erased(rich: Rich):
    # An admin corrected the member's address in the admin: the entry's text is the
    # address itself (EmailAddress.__str__).
    address = EmailAddress.objects.get(user=rich.member, email=EMAIL)
    LogEntry.objects.log_actions(
        user_id=make_admin().pk,
        queryset=[address],
        action_flag=CHANGE,
        change_message=[{"changed": {"fields": ["Verified"]}}],
        single_object=True,
    )

    delete_account(rich.client)

    assert occurrences(EMAIL) == []


def test_an_assisted_member_can_leave_too(settings: Any):
    home = make_contact_point()
    member = assisted_member(home, username=USERNAME)
    update_profile(member=member, data={"display_name": DISPLAY_NAME, "phone": PHONE})
    member.set_password(PASSWORD)
    member.save()

    response = delete_account(signed_in(member))

    assert response.status_code == 302
    assert not AssistedAccount.objects.exists()
    assert {v: occurrences(v) for v in (USERNAME, DISPLAY_NAME, PHONE)} == {
        USERNAME: [],
        DISPLAY_NAME: [],
        PHONE: [],
    }
    assert home.pk in set(type(home).objects.values_list("pk", flat=True))


def test_a_suspended_member_can_download_and_delete(rich: Rich):
    User.objects.filter(pk=rich.member.pk).update(trust_level=TrustLevel.SUSPENDED)

    assert rich.client.get(url("me:export")).status_code == 200
    assert delete_account(rich.client).status_code == 302
    assert not User.objects.filter(pk=rich.member.pk).exists()


def test_the_erasers_leave_other_peoples_queued_emails_alone(rich: Rich):
    from django_tasks_db.models import DBTaskResult

    send_mail("Hallo", "Für jemand anderen", None, ["jemand.anders@example.org"])

    delete_account(rich.client)

    kept = [t for t in DBTaskResult.objects.all() if "jemand.anders" in json.dumps(t.args_kwargs)]
    assert len(kept) == 1


def test_the_deletion_time_is_not_the_persons_data(rich: Rich):
    before = timezone.now()

    delete_account(rich.client)

    event = AuditEvent.objects.get(action="account.deleted")
    assert event.created_at >= before
    assert (event.before, event.after, event.target_id) == ({}, {}, "")
