"""The programme overview in the staff console ("staff:overview:..."): the counts, the
lists behind them and their CSV exports.

The fixture below writes, once for this module (in a savepoint of the package's world),
the published survey, an open cycle, a facility with an accepted evaluation (a tier) and
a registration waiting, so every page and export has rows to show.

Who may (programme/rules.py, `programme.view_dashboard`): the programme office,
coordinators and admins not suspended, with the second factor; other staff are refused.
Everything here is read only: GET pages and downloads.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from gemeinwerk.accounts.models import User
from gemeinwerk.programme.models import AccountStatus, FacilityAccount
from gemeinwerk.programme.models_evaluation import Evaluation, EvaluationStatus, Tier
from gemeinwerk.programme.services import cycles
from gemeinwerk.programme.tests.evaluation_factories import manager, survey
from gemeinwerk.programme.tests.factories import facility, organisation
from tests.matrix.cases import Case, Matrix, check, console, params
from tests.matrix.world import World


def _build() -> None:
    published = survey()
    cycles.open_cycle()
    owner = organisation("Fundacja Przegląd")
    tiered = manager(facility(owner, number="MX-DASH-1"), email="mx-dash-1@example.org")
    Evaluation.objects.create(
        facility=FacilityAccount.objects.get(user=tiered).facility,
        survey=published,
        cycle="2026-09",
        status=EvaluationStatus.ACCEPTED,
        final_tier=Tier.PREMIUM,
        proposed_tier=Tier.PREMIUM,
    )
    waiting = User.objects.create_user(
        username="mx-dash-waiting", email="mx-dash-2@example.org", is_active=False
    )
    FacilityAccount.objects.create(
        facility=facility(owner, number="MX-DASH-2"),
        user=waiting,
        manager_first_name="Ewa",
        manager_last_name="Nowak",
        status=AccountStatus.WAITING,
    )


@pytest.fixture(scope="module", autouse=True)
def overview(shared_world: World, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        _build()
        yield
        transaction.set_rollback(True)


def office(status: int) -> dict[str, int]:
    """Coordinators and admins; other staff are refused."""
    return console(403, coordinator=status, admin=status)


BASE = "/staff/programme/overview/"

MATRIX: Matrix = {
    "staff:overview:dashboard": [Case(BASE, expected=office(200))],
    "staff:overview:facilities": [
        Case(BASE + "facilities/", expected=office(200)),
        Case(BASE + "facilities/?tier=premium", expected=office(200)),
        # An unknown tier shows them all.
        Case(BASE + "facilities/?tier=gold", expected=office(200)),
    ],
    "staff:overview:cycle": [Case(BASE + "cycle/", expected=office(200))],
    "staff:overview:facilities_csv": [Case(BASE + "facilities.csv", expected=office(200))],
    "staff:overview:registrations_csv": [Case(BASE + "registrations.csv", expected=office(200))],
    "staff:overview:evaluations_csv": [Case(BASE + "evaluations.csv", expected=office(200))],
    "staff:overview:reservations_csv": [Case(BASE + "reservations.csv", expected=office(200))],
}

# Downloads and pages only: a POST is refused for everyone who gets that far.
MATRIX["staff:overview:dashboard"].append(Case(BASE, "post", expected=console(405)))


@pytest.mark.parametrize(("role", "name", "index"), params(MATRIX))
def test_matrix(world: World, role: str, name: str, index: int) -> None:
    check(world, role, MATRIX[name][index])


def test_the_facility_manager(world: World) -> None:
    """A facility manager reaches neither the overview nor its exports."""
    client = Client()
    client.force_login(User.objects.get(facility_account__facility__number="MX-DASH-1"))
    for tail in (
        *("", "facilities/", "cycle/"),
        *("facilities.csv", "registrations.csv", "reservations.csv"),
    ):
        assert client.get(BASE + tail).status_code == 403
