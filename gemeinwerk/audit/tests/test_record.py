"""audit.record(): one row per privileged change, never secrets or people's own words;
the trail is read-only in the admin."""

import datetime
from typing import Any, cast

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory

from gemeinwerk import audit
from gemeinwerk.accounts.models import Role, RoleAssignment, User
from gemeinwerk.accounts.tests.more_factories import (
    make_admin,
    make_contact_point,
    make_verified,
    signed_in,
)
from gemeinwerk.audit.admin import AuditEventAdmin
from gemeinwerk.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

FORBIDDEN = [
    "password",
    "token",
    "secret",
    "code",
    "key",
    "body",
    "message",
    "text",
    "reason",
    "note",
]


@pytest.mark.parametrize("word", FORBIDDEN)
@pytest.mark.parametrize("where", ["before", "after"])
def test_forbidden_keys_are_refused(word: str, where: str):
    with pytest.raises(ValueError, match=word):
        audit.record(actor=None, action="test", **{where: {word: "x"}})

    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"Password": "x"},
        {"room_code": "ABC"},
        {"reset_token_hash": "x"},
        {"NEW_PASSWORD": "x"},
        {"profile": {"about_text": "x"}},
        {"changes": {"inner": {"reason": "x"}}},
        {"changes": [{"ok": 1}, {"message": "x"}]},
        {"rows": ({"note": "x"},)},
    ],
    ids=[
        "capitals",
        "part-of-a-name",
        "middle-part",
        "capital-part",
        "nested",
        "deeply-nested",
        "in-a-list",
        "in-a-tuple",
    ],
)
def test_forbidden_keys_are_found_anywhere(data: dict[str, Any]):
    with pytest.raises(ValueError, match="audit data must not hold"):
        audit.record(actor=None, action="test", after=data)

    assert not AuditEvent.objects.exists()


def test_the_error_names_the_path_of_the_key():
    with pytest.raises(ValueError, match=r"changes\.inner\.reason"):
        audit.record(actor=None, action="test", before={"changes": {"inner": {"reason": "x"}}})


@pytest.mark.parametrize(
    "key", ["trust_level", "fields", "contact_point", "method", "decoder", "codename", "keyword"]
)
def test_harmless_keys_pass(key: str):
    # Only whole parts of a name count: "codename" holds no code.
    event = audit.record(actor=None, action="test", after={key: "x"})

    assert event.after == {key: "x"}


def test_models_become_their_primary_key_everywhere():
    point = make_contact_point()
    member = make_verified()

    event = audit.record(
        actor=None,
        action="test",
        after={"contact_point": point, "people": [member, point], "nested": {"member": member}},
    )

    event.refresh_from_db()
    assert event.after == {
        "contact_point": point.pk,
        "people": [member.pk, point.pk],
        "nested": {"member": member.pk},
    }


def test_other_values_become_json():
    moment = datetime.datetime(2026, 11, 3, 9, 30, tzinfo=datetime.UTC)

    event = audit.record(
        actor=None,
        action="test",
        before={"at": moment, "set": frozenset({1}), "tuple": (1, "a"), "none": None, 7: True},
    )

    event.refresh_from_db()
    assert event.before == {
        "at": str(moment),
        "set": [1],
        "tuple": [1, "a"],
        "none": None,
        "7": True,
    }


def test_record_links_actor_subject_on_behalf_of_and_target():
    staff, member = make_verified(), make_verified()
    assignment = RoleAssignment.objects.create(
        user=member, role=Role.STAFF, contact_point=make_contact_point()
    )

    event = audit.record(
        actor=staff,
        action="role.assigned",
        subject=member,
        on_behalf_of=member,
        target=assignment,
    )

    event.refresh_from_db()
    assert (event.actor, event.subject, event.on_behalf_of) == (staff, member, member)
    assert event.target_type == "accounts.roleassignment"
    assert event.target_id == str(assignment.pk)
    assert (event.before, event.after) == ({}, {})


def test_anonymous_actors_are_recorded_as_nobody():
    event = audit.record(actor=AnonymousUser(), action="account.deleted")

    assert event.actor is None
    assert (event.target_type, event.target_id) == ("", "")


def test_events_outlive_the_people_in_them():
    staff, member = make_verified(), make_verified()
    event = audit.record(actor=staff, action="member.verified", subject=member, on_behalf_of=member)

    User.objects.filter(pk__in=[staff.pk, member.pk]).delete()

    event.refresh_from_db()
    assert (event.actor, event.subject, event.on_behalf_of) == (None, None, None)
    assert event.action == "member.verified"


def test_events_are_listed_newest_first():
    first = audit.record(actor=None, action="a")
    second = audit.record(actor=None, action="b")

    assert list(AuditEvent.objects.all()[:2]) == [second, first]


# --- Admin -------------------------------------------------------------------------------


def model_admin() -> AuditEventAdmin:
    return cast(AuditEventAdmin, admin.site._registry[AuditEvent])


def test_the_admin_cannot_add_change_or_delete_events():
    superuser = make_admin()
    request = RequestFactory().get("/admin/")
    request.user = superuser
    event = audit.record(actor=None, action="test")
    model = model_admin()

    assert not model.has_add_permission(request)
    assert not model.has_change_permission(request, event)
    assert not model.has_delete_permission(request, event)
    assert model.has_view_permission(request, event)


@pytest.fixture
def admin_client_2fa() -> Client:
    return signed_in(make_admin())


def test_admins_read_the_trail_in_the_admin(admin_client_2fa: Client):
    event = audit.record(actor=None, action="member.verified")

    listing = admin_client_2fa.get("/admin/audit/auditevent/")
    detail = admin_client_2fa.get(f"/admin/audit/auditevent/{event.pk}/change/")

    assert listing.status_code == 200
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()


def test_the_admin_refuses_to_write_the_trail(admin_client_2fa: Client):
    event = audit.record(actor=None, action="member.verified")

    add = admin_client_2fa.post("/admin/audit/auditevent/add/", {"action": "forged"})
    change = admin_client_2fa.post(
        f"/admin/audit/auditevent/{event.pk}/change/", {"action": "forged"}
    )
    delete = admin_client_2fa.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"})
    bulk = admin_client_2fa.post(
        "/admin/audit/auditevent/",
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )

    assert add.status_code == 403
    assert change.status_code == 403
    assert delete.status_code == 403
    assert bulk.status_code in (200, 302, 403)
    event.refresh_from_db()
    assert event.action == "member.verified"
    assert AuditEvent.objects.count() == 1
