"""Moderation: reporting something (/report/<kind>/<pk>/, here people: the kind
"accounts.member"; chat messages are reported from the chat's own page, see
test_chat.py) and the reports in the staff console ("staff:moderation:...").

The fixture below writes, once for this module (in a savepoint of the package's world,
rolled back when the module is done):
- an open report by "verified" about "other_member" (`about_member`);
- an open report by "verified" about "staff_other", who holds a role (`about_staff`);
- a decided report by "verified" about "host" (`decided`).
The paths look them up by whom they are about.

Who may what (moderation/rules.py): anyone signed in reports someone else who takes
part (not themselves, not a suspended or deactivated account); for everyone else the
report page is "not found", the same as for an unknown kind or id. Staff of any contact
point and admins decide ("moderation.moderate"); coordinators work in the console but
do not. Suspending goes through the accounts' service: nobody suspends themselves, and
people who hold a role only an admin suspends.
"""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from gemeinwerk.moderation.models import Decision, Reason, Report
from tests.matrix.cases import Case, Matrix, check, console, params, signed_in
from tests.matrix.world import ALL, ROLES, World

MISSING = 999999  # no member and no report has this id
MEMBER = "accounts.member"


def _build(world: World) -> None:
    users = world.users
    verified = users["verified"]
    Report.objects.bulk_create(
        [
            Report(
                kind=MEMBER,
                object_id=users[person].pk,
                reporter=verified,
                reported=users[person],
                reason=Reason.HARASSMENT,
                snapshot=users[person].username,
            )
            for person in ("other_member", "staff_other")
        ]
        + [
            Report(
                kind=MEMBER,
                object_id=users["host"].pk,
                reporter=verified,
                reported=users["host"],
                reason=Reason.SPAM,
                snapshot="host",
                decided_at=timezone.now(),
                decided_by=users["staff"],
                decision=Decision.DISMISSED,
            )
        ]
    )


@pytest.fixture(scope="module", autouse=True)
def reports(shared_world: World, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        _build(shared_world)
        yield
        transaction.set_rollback(True)


def report_about(role: str) -> Callable[[World], str]:
    def path(world: World) -> str:
        pk = Report.objects.values_list("pk", flat=True).get(reported=world.users[role])
        return f"/staff/moderation/{pk}/"

    return path


def report_page(role: str) -> Callable[[World], str]:
    return lambda w: f"/report/{MEMBER}/{w.users[role].pk}/"


def everyone_but(*roles: str) -> tuple[str, ...]:
    return tuple(role for role in ROLES if role not in roles)


def moderating(status: int, **overrides: int) -> dict[str, int]:
    """Staff of any contact point and admins; coordinators are refused."""
    return console(status, coordinator=403, **overrides)


REPORT = {"reason": Reason.HARASSMENT, "note": "Schreibt mir ständig."}
DECIDERS = ("staff", "staff_other", "admin")

MATRIX: Matrix = {
    # --- Reporting a person -------------------------------------------------------------------
    "moderation:report": [
        # Anyone signed in reports someone else; to the person themselves it is not found.
        Case(report_page("other_member"), expected=signed_in(200) | {"other_member": 404}),
        Case(
            report_page("other_member"),
            "post",
            REPORT,
            # "verified" has an open report about them already: the form says so.
            expected=signed_in(302) | {"other_member": 404, "verified": 200},
            unchanged=("verified",),
        ),
        # No reason chosen: the form comes back.
        Case(
            report_page("other_member"),
            "post",
            {"reason": "boring"},
            expected=signed_in(200) | {"other_member": 404},
            unchanged=ALL,
        ),
        # A suspended account, an unknown person, an unknown kind: not found.
        Case(lambda w: f"/report/{MEMBER}/{w.suspended.pk}/", expected=signed_in(404)),
        Case(f"/report/{MEMBER}/{MISSING}/", expected=signed_in(404)),
        Case("/report/nothing.here/1/", "post", REPORT, expected=signed_in(404)),
    ],
    "moderation:thanks": [Case("/report/thanks/", expected=signed_in(200))],
    # --- The console --------------------------------------------------------------------------
    "staff:moderation:queue": [
        Case("/staff/moderation/", expected=moderating(200)),
        Case("/staff/moderation/?show=decided", expected=moderating(200)),
    ],
    "staff:moderation:report": [
        Case(report_about("other_member"), expected=moderating(200)),
        Case(report_about("host"), expected=moderating(200)),
        Case(
            report_about("other_member"),
            "post",
            {"decision": Decision.DISMISSED},
            expected=moderating(302),
        ),
        Case(
            report_about("other_member"),
            "post",
            {"decision": Decision.WARNED, "note": "Bitte freundlich bleiben."},
            expected=moderating(302),
        ),
        Case(
            report_about("other_member"),
            "post",
            {"decision": Decision.SUSPENDED, "note": "Wiederholte Belästigung."},
            expected=moderating(302),
        ),
        # A warning needs the words the person reads.
        Case(
            report_about("other_member"),
            "post",
            {"decision": Decision.WARNED, "note": ""},
            expected=moderating(200),
            unchanged=ALL,
        ),
        # People cannot be hidden: not offered.
        Case(
            report_about("other_member"),
            "post",
            {"decision": Decision.HIDDEN},
            expected=moderating(200),
            unchanged=ALL,
        ),
        # Someone who holds a role: only an admin suspends them, and nobody themselves.
        Case(
            report_about("staff_other"),
            "post",
            {"decision": Decision.SUSPENDED, "note": "Wiederholte Belästigung."},
            expected=moderating(200, admin=302),
            unchanged=everyone_but("admin"),
        ),
        # Decided already.
        Case(
            report_about("host"),
            "post",
            {"decision": Decision.WARNED, "note": "Bitte freundlich bleiben."},
            expected=moderating(200),
            unchanged=ALL,
        ),
        Case(f"/staff/moderation/{MISSING}/", expected=moderating(404)),
    ],
}


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "name", "index"), params(MATRIX))
def test_route_answers_each_role_as_expected(world: World, role: str, name: str, index: int):
    check(world, role, MATRIX[name][index])


def test_only_staff_and_admins_decide():
    assert set(DECIDERS) <= {role for role, status in moderating(200).items() if status == 200}
