"""The staff console: second factor first, then the queue, member search, decisions,
roles and the audit trail, each seen from the roles that use it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import URLPattern

from gemeinwerk.accounts import staff_urls
from gemeinwerk.accounts.models import (
    AssistedAccount,
    Decision,
    RequestOutcome,
    Role,
    RoleAssignment,
    Session,
    TrustDecision,
    TrustLevel,
    User,
    VerificationMethod,
    VerificationRequest,
)
from gemeinwerk.accounts.services.trust import suspend_member, verify_member
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
from gemeinwerk.audit import record
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.places.models import ContactPoint

pytestmark = pytest.mark.django_db

TOTP_SETUP = "mfa_activate_totp"


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


@dataclass
class World:
    home: ContactPoint
    away: ContactPoint
    staff: User
    colleague: User
    staff_other: User
    coordinator: User
    admin: User
    newcomer: User
    request: VerificationRequest
    foreign_request: VerificationRequest
    assisted: User


def build_world(*, two_factor: bool = True) -> World:
    home, away = make_contact_point(name="Nachbarschaftshaus"), make_contact_point(name="Rathaus")
    newcomer = make_user(username="zofia_testowa_9", email="zofia.testowa@example.org")
    add_email(newcomer)
    return World(
        home=home,
        away=away,
        staff=staff_of(home, username="staff", two_factor=two_factor),
        colleague=staff_of(home, username="colleague", two_factor=two_factor),
        staff_other=staff_of(away, username="staff_other", two_factor=two_factor),
        coordinator=make_coordinator(username="coordinator", two_factor=two_factor),
        admin=make_admin(username="admin", two_factor=two_factor),
        newcomer=newcomer,
        request=make_request(newcomer, home),
        foreign_request=make_request(make_user(username="fremd"), away),
        assisted=assisted_member(home, username="assisted"),
    )


@pytest.fixture
def world() -> World:
    return build_world()


# --- Second factor ---------------------------------------------------------------------

# A request for every route of the staff console; a new route must be added here.
STAFF_REQUESTS: dict[str, Callable[[World], tuple[str, str, dict[str, Any]]]] = {
    "queue": lambda w: ("get", url("staff:queue"), {}),
    "search": lambda w: ("post", url("staff:search"), {"query": "zofia"}),
    "member": lambda w: ("get", url("staff:member", w.newcomer.public_id), {}),
    "verify": lambda w: (
        "post",
        url("staff:verify", w.newcomer.public_id),
        {"method": "in_person", "contact_point": w.home.pk, "house_rules_accepted": "on"},
    ),
    "suspend": lambda w: ("post", url("staff:suspend", w.newcomer.public_id), {"reason": "x"}),
    "restore": lambda w: ("post", url("staff:restore", w.newcomer.public_id), {}),
    "act_start": lambda w: ("post", url("staff:act_start", w.assisted.public_id), {}),
    "takeover_code": lambda w: ("post", url("staff:takeover_code", w.assisted.public_id), {}),
    "takeover_confirm": lambda w: (
        "post",
        url("staff:takeover_confirm", w.assisted.public_id),
        {},
    ),
    "assisted_delete": lambda w: (
        "post",
        url("staff:assisted_delete", w.assisted.public_id),
        {"requested": "yes"},
    ),
    "close_request": lambda w: ("post", url("staff:close_request", w.request.pk), {}),
    "assisted_create": lambda w: (
        "post",
        url("staff:assisted_create"),
        {
            "name": "Jan",
            "contact_point": w.home.pk,
            "consent_given": "on",
            "house_rules_accepted": "on",
        },
    ),
    "act_stop": lambda w: ("post", url("staff:act_stop"), {}),
    "roles": lambda w: (
        "post",
        url("staff:roles"),
        {"username": "zofia_testowa_9", "role": Role.COORDINATOR},
    ),
    "role_revoke": lambda w: (
        "post",
        url("staff:role_revoke", RoleAssignment.objects.filter(user=w.colleague).get().pk),
        {},
    ),
    "audit": lambda w: ("get", url("staff:audit"), {}),
}


def test_every_staff_console_route_is_covered_here():
    names = {p.name for p in staff_urls.urlpatterns if isinstance(p, URLPattern)}

    assert names == set(STAFF_REQUESTS)


def state() -> list[Any]:
    return [
        sorted(TrustDecision.objects.values_list()),
        sorted(VerificationRequest.objects.values_list()),
        sorted(RoleAssignment.objects.values_list()),
        sorted(AssistedAccount.objects.values_list()),
        sorted(AuditEvent.objects.values_list()),
        sorted(User.objects.values_list("pk", "trust_level")),
    ]


@pytest.mark.parametrize("role", ["staff", "coordinator", "admin"])
@pytest.mark.parametrize("route", sorted(STAFF_REQUESTS))
def test_staff_without_two_factor_login_cannot_reach_the_staff_console(role: str, route: str):
    world = build_world(two_factor=False)
    client = signed_in(getattr(world, role))
    method, path, data = STAFF_REQUESTS[route](world)
    before = state()

    response = getattr(client, method)(path, data)

    assert response.status_code == 302
    assert response["Location"] == url(TOTP_SETUP)
    assert state() == before, "nothing may change before the second factor is set up"


@pytest.mark.parametrize("role", ["staff", "coordinator", "admin"])
def test_privileged_users_without_two_factor_are_sent_to_set_it_up(role: str):
    world = build_world(two_factor=False)
    client = signed_in(getattr(world, role))

    for path in ("/staff/", "/pl/staff/", "/admin/", "/admin/accounts/user/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].endswith("/accounts/2fa/totp/activate/"), path

    response = client.get(url("staff:queue"), follow=True)
    assert any("two-factor sign-in" in message for message in messages_of(response))


def test_members_are_not_sent_to_set_up_a_second_factor():
    client = signed_in(make_verified())

    assert client.get("/staff/").status_code == 403
    admin = client.get("/admin/")
    assert admin.status_code == 302
    assert "/admin/login/" in admin["Location"]
    assert client.get(url("me:overview")).status_code == 200


def test_privileged_users_without_two_factor_still_reach_their_own_pages():
    client = signed_in(staff_of(make_contact_point(), two_factor=False))

    assert client.get(url("me:overview")).status_code == 200
    assert client.get(url("me:sessions")).status_code == 200


@pytest.mark.parametrize("role", ["staff", "coordinator", "admin"])
def test_with_two_factor_login_they_get_in(world: World, role: str):
    assert signed_in(getattr(world, role)).get(url("staff:queue")).status_code == 200


def test_admins_with_two_factor_login_reach_the_admin(world: World):
    client = signed_in(world.admin)

    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200


# --- Queue -------------------------------------------------------------------------------


def test_the_queue_shows_only_requests_of_my_contact_points(world: World):
    response = signed_in(world.staff).get(url("staff:queue"))

    assert response.status_code == 200
    assert list(response.context["requests"]) == [world.request]
    html = response.content.decode()
    assert "zofia_testowa_9" in html
    assert "fremd" not in html


def test_staff_of_several_places_see_all_their_queues(world: World):
    RoleAssignment.objects.create(user=world.staff, role=Role.STAFF, contact_point=world.away)

    response = signed_in(world.staff).get(url("staff:queue"))

    assert set(response.context["requests"]) == {world.request, world.foreign_request}


def test_closed_requests_leave_the_queue(world: World):
    VerificationRequest.objects.filter(pk=world.request.pk).update(
        closed_at=world.request.created_at, outcome=RequestOutcome.WITHDRAWN
    )

    response = signed_in(world.staff).get(url("staff:queue"))

    assert list(response.context["requests"]) == []


def test_admins_see_every_queue_and_coordinators_none(world: World):
    admin = signed_in(world.admin).get(url("staff:queue"))
    coordinator = signed_in(world.coordinator).get(url("staff:queue"))

    assert set(admin.context["requests"]) == {world.request, world.foreign_request}
    assert list(coordinator.context["requests"]) == []


# --- Search --------------------------------------------------------------------------------


def search(client: Client, query: str) -> Any:
    return client.post(url("staff:search"), {"query": query})


def test_search_finds_members_by_their_exact_user_name_only(world: World):
    client = signed_in(world.staff)

    exact = search(client, world.newcomer.username.upper())
    part = search(client, "TESTOWA")

    assert exact.status_code == 200
    assert list(exact.context["results"]) == [world.newcomer]
    # Staff find the person in front of them; they do not browse the members.
    assert list(part.context["results"]) == []


def test_search_finds_members_by_their_exact_email(world: World):
    other = make_user(username="ohne_adresse_im_namen", email="")
    add_email(other, "zweite.adresse@example.org", primary=False)
    make_request(other, world.home)
    client = signed_in(world.staff)

    assert list(search(client, "Zofia.Testowa@Example.org").context["results"]) == [world.newcomer]
    assert list(search(client, "zweite.adresse@example.org").context["results"]) == [other]
    assert list(search(client, "testowa@example").context["results"]) == []


def test_the_search_never_appears_in_an_address(world: World):
    client = signed_in(world.staff)

    response = search(client, "zofia.testowa@example.org")

    assert response.status_code == 200, "answered directly, never redirected to a URL"
    html = response.content.decode()
    assert '<form method="post"' in html
    assert "zofia.testowa%40example.org" not in html
    assert "?query" not in html
    member_link = url("staff:member", world.newcomer.public_id)
    assert f'href="{member_link}"' in html
    by_get = client.get(url("staff:search") + "?query=zofia")
    assert by_get.context["results"] is None, "a search in the address is ignored"


def test_a_too_short_search_finds_nothing(world: World):
    response = search(signed_in(world.staff), "z")

    assert response.context["results"] is None
    assert "query" in response.context["form"].errors


def test_coordinators_do_not_search_members(world: World):
    assert search(signed_in(world.coordinator), "zofia").status_code == 403


# --- The member page and decisions -------------------------------------------------------


def test_the_member_page_shows_state_and_history(world: World):
    response = signed_in(world.staff).get(url("staff:member", world.newcomer.public_id))

    assert response.status_code == 200
    assert response.context["member"] == world.newcomer
    assert list(response.context["requests"]) == [world.request]
    html = response.content.decode()
    assert "zofia_testowa_9" in html
    assert url("staff:verify", world.newcomer.public_id) in html


def test_an_unknown_member_is_not_found(world: World):
    response = signed_in(world.staff).get("/en/staff/members/00000000-0000-0000-0000-000000000000/")

    assert response.status_code == 404


def verify_data(point: ContactPoint, **changes: Any) -> dict[str, Any]:
    return {
        "method": VerificationMethod.IN_PERSON,
        "contact_point": point.pk,
        "house_rules_accepted": "on",
        **changes,
    }


def test_verify_through_the_console(world: World):
    client = signed_in(world.staff)

    response = client.post(url("staff:verify", world.newcomer.public_id), verify_data(world.home))

    assert response.status_code == 302
    assert response["Location"] == url("staff:member", world.newcomer.public_id)
    assert "The account is verified." in messages_of(response)
    assert fresh(world.newcomer).trust_level == TrustLevel.VERIFIED
    decision = TrustDecision.objects.get(member=world.newcomer)
    assert (decision.decided_by, decision.contact_point) == (world.staff, world.home)
    world.request.refresh_from_db()
    assert world.request.outcome == RequestOutcome.VERIFIED
    assert list(signed_in(world.staff).get(url("staff:queue")).context["requests"]) == []


def test_verify_without_house_rules_is_refused_with_the_form(world: World):
    data = verify_data(world.home)
    del data["house_rules_accepted"]

    response = signed_in(world.staff).post(url("staff:verify", world.newcomer.public_id), data)

    assert response.status_code == 400
    assert "house_rules_accepted" in response.context["verify_form"].errors
    assert fresh(world.newcomer).trust_level == TrustLevel.UNVERIFIED
    assert not TrustDecision.objects.exists()


def test_the_assisted_method_is_not_offered_in_the_console(world: World):
    response = signed_in(world.staff).post(
        url("staff:verify", world.newcomer.public_id),
        verify_data(world.home, method=VerificationMethod.ASSISTED),
    )

    assert response.status_code == 400
    assert "method" in response.context["verify_form"].errors
    assert fresh(world.newcomer).trust_level == TrustLevel.UNVERIFIED


def test_staff_of_another_place_cannot_verify_for_mine(world: World):
    client = signed_in(world.staff_other)

    # The newcomer asked "home", not them: not found.
    response = client.post(url("staff:verify", world.newcomer.public_id), verify_data(world.home))

    assert response.status_code == 404
    assert fresh(world.newcomer).trust_level == TrustLevel.UNVERIFIED
    assert not AuditEvent.objects.exists()


def test_staff_cannot_verify_in_the_name_of_another_contact_point(world: World):
    asked_away = make_user()
    make_request(asked_away, world.away)

    response = signed_in(world.staff_other).post(
        url("staff:verify", asked_away.public_id), verify_data(world.home)
    )

    assert response.status_code == 400
    assert "contact_point" in response.context["verify_form"].errors
    assert fresh(asked_away).trust_level == TrustLevel.UNVERIFIED
    assert not TrustDecision.objects.exists()


def verified_at(point: ContactPoint, staff: User) -> User:
    member = make_user()
    verify_member(
        member=member,
        staff=staff,
        method=VerificationMethod.IN_PERSON,
        contact_point=point,
        house_rules_accepted=True,
    )
    return fresh(member)


def test_verifying_a_verified_member_shows_the_reason(world: World):
    member = verified_at(world.home, world.colleague)

    response = signed_in(world.staff).post(
        url("staff:verify", member.public_id), verify_data(world.home)
    )

    assert response.status_code == 400
    assert response.context["verify_form"].non_field_errors()
    assert TrustDecision.objects.count() == 1


def test_staff_cannot_verify_themselves_in_the_console(world: World):
    User.objects.filter(pk=world.staff.pk).update(trust_level=TrustLevel.UNVERIFIED)
    make_request(world.staff, world.home)

    response = signed_in(world.staff).post(
        url("staff:verify", world.staff.public_id), verify_data(world.home)
    )

    assert response.status_code == 403
    assert fresh(world.staff).trust_level == TrustLevel.UNVERIFIED


def test_suspend_through_the_console_needs_a_reason_and_ends_sessions(world: World):
    member = verified_at(world.home, world.colleague)
    member_client = signed_in(member)
    client = signed_in(world.staff)

    empty = client.post(url("staff:suspend", member.public_id), {"reason": "  "})
    assert empty.status_code == 400
    assert "reason" in empty.context["suspend_form"].errors
    assert fresh(member).trust_level == TrustLevel.VERIFIED

    response = client.post(url("staff:suspend", member.public_id), {"reason": "Betrug"})

    assert response.status_code == 302
    assert "The account is suspended." in messages_of(response)
    assert fresh(member).trust_level == TrustLevel.SUSPENDED
    assert TrustDecision.objects.get(member=member, decision=Decision.SUSPEND).reason == "Betrug"
    assert not Session.objects.filter(user=member).exists()
    assert member_client.get(url("me:overview")).status_code == 302


def test_nobody_suspends_an_admin_or_themselves_in_the_console(world: World):
    client = signed_in(world.staff)
    # Even where they are in the staff member's care (verified at the contact point).
    for person in (world.admin, world.staff):
        TrustDecision.objects.create(
            member=person,
            decision=Decision.VERIFY,
            method=VerificationMethod.IN_PERSON,
            contact_point=world.home,
            house_rules_version="1",
        )

    for target in (world.admin, world.staff):
        response = client.post(url("staff:suspend", target.public_id), {"reason": "x"})
        assert response.status_code == 403
    assert not TrustDecision.objects.filter(decision=Decision.SUSPEND).exists()


def test_restore_through_the_console(world: World):
    member = make_user()
    verify_member(
        member=member,
        staff=world.staff,
        method=VerificationMethod.IN_PERSON,
        contact_point=world.home,
        house_rules_accepted=True,
    )
    suspend_member(member=member, staff=world.staff, reason="Streit")

    response = signed_in(world.colleague).post(
        url("staff:restore", member.public_id), {"reason": ""}
    )

    assert response.status_code == 302
    assert "The suspension has been lifted." in messages_of(response)
    assert fresh(member).trust_level == TrustLevel.VERIFIED
    assert TrustDecision.objects.filter(member=member, decision=Decision.RESTORE).count() == 1


def test_restoring_a_member_who_is_not_suspended_is_refused(world: World):
    response = signed_in(world.staff).post(url("staff:restore", world.newcomer.public_id), {})

    assert response.status_code == 400
    assert response.context["restore_form"].non_field_errors()
    assert fresh(world.newcomer).trust_level == TrustLevel.UNVERIFIED


def test_close_a_request_of_my_contact_point(world: World):
    response = signed_in(world.staff).post(url("staff:close_request", world.request.pk))

    assert response.status_code == 302
    assert response["Location"] == url("staff:queue")
    assert "The request has been closed." in messages_of(response)
    world.request.refresh_from_db()
    assert (world.request.outcome, world.request.closed_by) == (
        RequestOutcome.DECLINED,
        world.staff,
    )


def test_closing_a_closed_request_says_so(world: World):
    client = signed_in(world.staff)
    client.post(url("staff:close_request", world.request.pk))

    response = client.post(url("staff:close_request", world.request.pk))

    assert response.status_code == 302
    assert messages_of(response)[-1] == "This request is already closed."
    assert AuditEvent.objects.filter(action="verification_request.closed").count() == 1


def test_staff_cannot_close_a_request_of_another_contact_point(world: World):
    response = signed_in(world.staff).post(url("staff:close_request", world.foreign_request.pk))

    assert response.status_code == 403
    world.foreign_request.refresh_from_db()
    assert world.foreign_request.is_open


# --- Roles -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "staff_other", "coordinator"])
def test_the_roles_page_is_for_admins_only(world: World, role: str):
    client = signed_in(getattr(world, role))

    assert client.get(url("staff:roles")).status_code == 403
    response = client.post(
        url("staff:roles"), {"username": "zofia_testowa_9", "role": Role.COORDINATOR}
    )
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(user=world.newcomer).exists()


def test_admins_give_a_staff_role(world: World):
    client = signed_in(world.admin)

    response = client.post(
        url("staff:roles"),
        {"username": "Zofia_Testowa_9", "role": Role.STAFF, "contact_point": world.away.pk},
    )

    assert response.status_code == 302
    assert "The role has been given." in messages_of(response)
    assignment = RoleAssignment.objects.get(user=world.newcomer)
    assert (assignment.role, assignment.contact_point, assignment.assigned_by) == (
        Role.STAFF,
        world.away,
        world.admin,
    )
    assert AuditEvent.objects.filter(action="role.assigned", subject=world.newcomer).count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"username": "niemand", "role": Role.COORDINATOR}, "username"),
        ({"username": "zofia_testowa_9", "role": Role.STAFF}, "contact_point"),
        ({"username": "zofia_testowa_9", "role": Role.COORDINATOR, "contact_point": 0}, None),
    ],
    ids=["unknown-user", "staff-without-place", "coordinator-with-place"],
)
def test_roles_that_do_not_fit_are_refused_with_the_form(
    world: World, data: dict[str, Any], field: str | None
):
    if "contact_point" in data:
        data = {**data, "contact_point": world.home.pk}

    response = signed_in(world.admin).post(url("staff:roles"), data)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors if field else "contact_point" in errors
    assert not RoleAssignment.objects.filter(user=world.newcomer).exists()


def test_a_role_held_already_is_refused_with_a_clear_message(world: World):
    response = signed_in(world.admin).post(
        url("staff:roles"),
        {"username": "staff", "role": Role.STAFF, "contact_point": world.home.pk},
    )

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "This person has this role already, or the role does not fit the place."
    ]
    assert RoleAssignment.objects.filter(user=world.staff).count() == 1


def test_admins_take_a_role_back(world: World):
    assignment = RoleAssignment.objects.get(user=world.colleague)

    response = signed_in(world.admin).post(url("staff:role_revoke", assignment.pk))

    assert response.status_code == 302
    assert "The role has been taken back." in messages_of(response)
    assert not RoleAssignment.objects.filter(user=world.colleague).exists()
    assert AuditEvent.objects.filter(action="role.revoked", subject=world.colleague).count() == 1
    assert signed_in(world.colleague).get(url("staff:queue")).status_code == 403


# --- Audit trail -------------------------------------------------------------------------


def test_staff_read_what_they_and_their_colleagues_did(world: World):
    mine = record(actor=world.staff, action="member.verified", subject=world.newcomer)
    colleagues = record(actor=world.colleague, action="member.suspended", subject=world.newcomer)
    elsewhere = record(actor=world.staff_other, action="member.verified", subject=world.newcomer)
    coordinators = record(actor=world.coordinator, action="role.assigned")
    admins = record(actor=world.admin, action="role.assigned", subject=world.staff)
    anonymous = record(actor=None, action="account.deleted")

    staff_view = signed_in(world.staff).get(url("staff:audit"))
    other_view = signed_in(world.staff_other).get(url("staff:audit"))
    coordinator_view = signed_in(world.coordinator).get(url("staff:audit"))
    admin_view = signed_in(world.admin).get(url("staff:audit"))

    everything = {mine, colleagues, elsewhere, coordinators, admins, anonymous}
    assert set(staff_view.context["events"]) == {mine, colleagues}
    assert set(other_view.context["events"]) == {elsewhere}
    assert set(coordinator_view.context["events"]) == everything
    assert set(admin_view.context["events"]) == everything


def test_the_audit_page_shows_deleted_members_as_such(world: World):
    # A staff member who has left: their decisions stay, without them.
    record(actor=None, action="member.verified", subject=world.newcomer)
    record(actor=None, action="account.deleted")

    html = signed_in(world.admin).get(url("staff:audit")).content.decode()

    assert html.count("deleted member") == 2


def test_members_cannot_read_the_audit_trail(world: World):
    assert signed_in(world.newcomer).get(url("staff:audit")).status_code == 403
