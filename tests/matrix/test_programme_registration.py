"""Facility registrations: the public pages (/facilities/: registering, the activation
link, "My facility") and the programme office's console pages
("staff:registrations:...").

The fixture below writes, once for this module (in a savepoint of the package's world),
an organisation with three facilities: `WAITING` registered and waits for a decision,
`APPROVED` was approved and not yet activated (its link works), `FREE` has no account.
A facility manager is no role of the world: `test_the_facility_manager` below checks
"My facility" for one, whom the fixture also creates (`MANAGED`, approved and active).

Who may what (programme/rules.py): anyone registers a facility and opens an activation
link; the programme office (coordinators and admins, not suspended, with the second
factor) decides on registrations; "My facility" is only a facility manager's.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from gemeinwerk.accounts.models import User
from gemeinwerk.programme.models import AccountStatus, Facility, FacilityAccount, Organisation
from gemeinwerk.programme.services import registration
from tests.matrix.cases import Case, Matrix, check, console, params, same, signed_in
from tests.matrix.world import World

WAITING = "MX-PWD-1"
APPROVED = "MX-PWD-2"
FREE = "MX-PWD-3"
MANAGED = "MX-PWD-4"
PASSWORD = "Zielone jabłko na stole"
MISSING = 999999


def _build() -> None:
    organisation = Organisation.objects.create(number="MX-ORG", name="Fundacja Macierz")
    facilities = {
        number: Facility.objects.create(
            organisation=organisation, number=number, name=f"Placówka {number}"
        )
        for number in (WAITING, APPROVED, FREE, MANAGED)
    }
    for number, status, active in (
        (WAITING, AccountStatus.WAITING, False),
        (APPROVED, AccountStatus.APPROVED, False),
        (MANAGED, AccountStatus.APPROVED, True),
    ):
        user = User.objects.create_user(
            username=f"facility-{number.lower()}",
            email=f"{number.lower()}@example.org",
            password=PASSWORD,
            is_active=active,
        )
        FacilityAccount.objects.create(
            facility=facilities[number],
            user=user,
            manager_first_name="Anna",
            manager_last_name="Kowalska",
            status=status,
        )


@pytest.fixture(scope="module", autouse=True)
def registrations(shared_world: World, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        _build()
        yield
        transaction.set_rollback(True)


def account_pk(number: str) -> int:
    return FacilityAccount.objects.values_list("pk", flat=True).get(facility__number=number)


def organisation_pk() -> int:
    return Organisation.objects.values_list("pk", flat=True).get(number="MX-ORG")


def activation(w: World) -> str:
    user = User.objects.get(facility_account__facility__number=APPROVED)
    return f"/facilities/activate/{registration.activation_token(user)}/"


def registration_data(w: World) -> dict[str, Any]:
    facility = Facility.objects.get(number=FREE)
    return {
        "organisation": facility.organisation_id,
        "facility": facility.pk,
        "first_name": "Piotr",
        "last_name": "Nowak",
        "email": "nowa-placowka@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }


def office(status: int) -> dict[str, int]:
    """The programme office's pages: coordinators and admins; other staff are refused."""
    return console(403, coordinator=status, admin=status)


def decision(tail: str) -> Any:
    return lambda w: f"/staff/programme/registrations/{account_pk(WAITING)}/{tail}"


MATRIX: Matrix = {
    "programme:about": [Case("/facilities/", expected=same(200))],
    "programme:register": [
        Case("/facilities/register/", expected=same(200)),
        Case(
            lambda w: f"/facilities/register/?organisation={organisation_pk()}", expected=same(200)
        ),
        Case("/facilities/register/", "post", registration_data, expected=same(302)),
        # The facility with a waiting registration is refused: the form comes back.
        Case(
            "/facilities/register/",
            "post",
            lambda w: registration_data(w) | {"facility": Facility.objects.get(number=WAITING).pk},
            expected=same(200),
            unchanged=tuple(same(200)),
        ),
    ],
    "programme:registered": [Case("/facilities/register/sent/", expected=same(200))],
    "programme:activate": [
        Case(activation, expected=same(200)),
        Case(activation, "post", expected=same(302)),
        Case("/facilities/activate/not-a-token/", "post", expected=same(400)),
    ],
    "programme:mine": [Case("/facilities/mine/", expected=signed_in(403))],
    "staff:registrations:waiting": [Case("/staff/programme/registrations/", expected=office(200))],
    "staff:registrations:approve": [
        Case(decision("approve/"), "post", expected=office(302)),
        # Deciding is a POST: console users get 405 before any permission is asked.
        Case(decision("approve/"), expected=console(405)),
        Case(
            f"/staff/programme/registrations/{MISSING}/approve/",
            "post",
            expected=office(404),
        ),
    ],
    "staff:registrations:reject": [
        Case(decision("reject/"), expected=office(200)),
        Case(decision("reject/"), "post", {"reason": "Nie ta placówka."}, expected=office(302)),
        Case(
            decision("reject/"),
            "post",
            {"reason": ""},
            expected=office(200),
            unchanged=("coordinator", "admin"),
        ),
    ],
}


@pytest.mark.parametrize(("role", "name", "index"), params(MATRIX))
def test_matrix(world: World, role: str, name: str, index: int) -> None:
    check(world, role, MATRIX[name][index])


def test_the_facility_manager(world: World) -> None:
    """A facility manager has "My facility" and no console page; an account that waits
    for approval or activation cannot be signed in at all."""
    manager = User.objects.get(facility_account__facility__number=MANAGED)
    client = Client()
    client.force_login(manager)

    assert client.get("/facilities/mine/").status_code == 200
    assert client.get("/staff/programme/registrations/").status_code == 403
    assert client.post(decision("approve/")(world)).status_code == 403
    assert FacilityAccount.objects.get(facility__number=WAITING).status == AccountStatus.WAITING
    for number in (WAITING, APPROVED):
        waiting = Client()
        waiting.force_login(User.objects.get(facility_account__facility__number=number))
        assert waiting.get("/facilities/mine/").status_code == 302
