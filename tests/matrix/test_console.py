"""The staff console's own pages, which accounts registers: the queue, member pages and
what staff do there, roles and the audit log. Second factor required wherever a power is
used. Other apps' console pages ("staff:<app>:...") are in their own matrix modules."""

import pytest

from tests.matrix.cases import Case, Matrix, check, console, params, signed_in
from tests.matrix.world import ALL, World


def cared(status: int, **overrides: int) -> dict[str, int]:
    """Staff pages about one member in the care of "home": other contact points' staff
    and coordinators find nobody there (404, as for an unknown member)."""
    return console(status, staff_other=404, coordinator=404) | overrides


def member_page(world: World) -> str:
    return f"/staff/members/{world.newcomer.public_id}/"


MATRIX: Matrix = {
    "staff:queue": [Case("/staff/", expected=console(200))],
    "staff:search": [
        Case("/staff/members/", expected=console(200, coordinator=403)),
        Case(
            "/staff/members/",
            "post",
            {"query": "newcomer"},
            expected=console(200, coordinator=403),
        ),
    ],
    # Member pages and every action under them: only for members in the care of the
    # staff member's contact point (admins: everyone); anyone else is "not found".
    # Coordinators have no member pages at all.
    "staff:member": [Case(member_page, expected=cared(200, coordinator=403))],
    "staff:verify": [
        Case(
            lambda w: f"{member_page(w)}verify/",
            "post",
            {"method": "in_person", "house_rules_accepted": "on"},
            expected=cared(400),
        ),
        Case(
            lambda w: f"{member_page(w)}verify/",
            "post",
            lambda w: {
                "method": "in_person",
                "contact_point": w.home.pk,
                "house_rules_accepted": "on",
            },
            expected=cared(302),
        ),
        # Nobody verifies themselves ("staff" was verified at "home", so in its care).
        Case(
            lambda w: f"/staff/members/{w.users['staff'].public_id}/verify/",
            "post",
            lambda w: {
                "method": "in_person",
                "contact_point": w.home.pk,
                "house_rules_accepted": "on",
            },
            # The admin may, but "staff" is verified already: the form says so.
            expected=cared(403, admin=400),
            unchanged=ALL,
        ),
    ],
    "staff:suspend": [
        Case(
            lambda w: f"{member_page(w)}suspend/",
            "post",
            {"reason": ""},
            expected=cared(400),
        ),
        Case(
            lambda w: f"{member_page(w)}suspend/",
            "post",
            {"reason": "Beleidigungen im Chat"},
            expected=cared(302),
        ),
        # People with a role are suspended only by an admin.
        Case(
            lambda w: f"/staff/members/{w.users['coordinator'].public_id}/suspend/",
            "post",
            {"reason": "Streit im Team"},
            expected=console(404, admin=302),
        ),
    ],
    "staff:restore": [
        Case(
            lambda w: f"/staff/members/{w.suspended.public_id}/restore/",
            "post",
            expected=cared(302),
        ),
    ],
    "staff:assisted_delete": [
        # Only the supporting contact point's staff, on the person's request.
        Case(
            lambda w: f"/staff/members/{w.assisted.public_id}/delete/",
            "post",
            {"requested": "yes"},
            expected=cared(403, staff=302),
        ),
    ],
    "staff:act_start": [
        # Only the staff of the person's contact point, to whom the person consented.
        Case(
            lambda w: f"/staff/members/{w.assisted.public_id}/act/",
            "post",
            expected=cared(403, staff=302),
        ),
    ],
    "staff:takeover_code": [
        Case(
            lambda w: f"/staff/members/{w.assisted.public_id}/takeover-code/",
            "post",
            expected=cared(403, staff=200),
        ),
    ],
    "staff:takeover_confirm": [
        # No code handed out: nothing to confirm.
        Case(
            lambda w: f"/staff/members/{w.assisted.public_id}/takeover-confirm/",
            "post",
            expected=cared(403),
        ),
        # A code awaits a second pair of eyes: a colleague at "home" confirms; the admin
        # who created the account and issued the code cannot.
        Case(
            lambda w: f"/staff/members/{w.pending_takeover.public_id}/takeover-confirm/",
            "post",
            expected=cared(403, staff=302),
        ),
        Case(
            lambda w: f"/staff/members/{w.pending_takeover.public_id}/takeover-confirm/",
            expected=console(405),
        ),
    ],
    "staff:close_request": [
        Case(
            lambda w: f"/staff/requests/{w.request.pk}/close/",
            "post",
            expected=console(403, staff=302, admin=302),
        ),
    ],
    "staff:assisted_create": [
        Case("/staff/assisted/new/", expected=console(200, coordinator=403)),
    ],
    "staff:act_stop": [
        # Harmless when nobody is acting: it only clears the acting state.
        Case("/staff/act/stop/", "post", expected=signed_in(302)),
    ],
    "staff:roles": [Case("/staff/roles/", expected=console(403, admin=200))],
    "staff:role_revoke": [
        Case(
            lambda w: f"/staff/roles/{w.role.pk}/revoke/",
            "post",
            expected=console(403, admin=302),
        ),
    ],
    "staff:audit": [Case("/staff/audit/", expected=console(200))],
}


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "name", "index"), params(MATRIX))
def test_route_answers_each_role_as_expected(world: World, role: str, name: str, index: int):
    check(world, role, MATRIX[name][index])
