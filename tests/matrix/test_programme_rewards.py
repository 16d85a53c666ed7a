"""The reward basket: the facility's pages (/facilities/mine/rewards/...) and the
programme office's console pages ("staff:rewards:...").

The fixture below writes, once for this module (in a savepoint of the package's world),
two rewards and a facility with an accepted premium self-evaluation holding a reserved
and an arranged reservation. A facility manager is no role of the world:
`test_the_facility_manager` checks one.

Who may what (programme/rules.py): only the manager of a facility with an accepted
self-evaluation reserves, and cancels only its own reservations (the URLs of another's
are not found); the programme office (coordinators and admins, not suspended, with the
second factor) keeps the catalogue and arranges, delivers and cancels.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.tests.more_factories import make_coordinator
from gemeinwerk.programme.models_evaluation import Tier
from gemeinwerk.programme.models_rewards import Reservation, ReservationStatus, Reward
from gemeinwerk.programme.services import rewards as service
from gemeinwerk.programme.tests.factories import facility, organisation
from gemeinwerk.programme.tests.rewards_factories import accepted_manager, reward
from tests.matrix.cases import Case, Matrix, check, console, params, signed_in
from tests.matrix.world import World

FACILITY = "MX-REW-1"
OPEN = "Superwizja zespołu (MX)"
ARRANGED = "Pakiet gier (MX)"
MISSING = 999999


def _build() -> None:
    office = make_coordinator(username="mx-rewards-office")
    user = accepted_manager(
        Tier.PREMIUM, facility(organisation("Fundacja Nagrody"), number=FACILITY)
    )
    first = reward(OPEN, stock=5, limit=2)
    second = reward(ARRANGED, stock=None, limit=1)
    service.reserve(actor=user, reward=first)
    arranged = service.reserve(actor=user, reward=second)
    service.arrange(actor=office, reservation=arranged, note="Wtorek, 10:00.")


@pytest.fixture(scope="module", autouse=True)
def rewards(shared_world: World, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        _build()
        yield
        transaction.set_rollback(True)


def reward_pk(title: str = OPEN) -> int:
    return Reward.objects.values_list("pk", flat=True).get(title=title)


def reservation_pk(title: str) -> int:
    return Reservation.objects.values_list("pk", flat=True).get(
        reward__title=title, facility__number=FACILITY
    )


def office(status: int) -> dict[str, int]:
    """The programme office's pages: coordinators and admins; other staff are refused."""
    return console(403, coordinator=status, admin=status)


def staff(tail: str) -> Any:
    return lambda w: f"/staff/programme/rewards/{tail}"


def reservation(title: str, tail: str = "") -> Any:
    return lambda w: f"/staff/programme/rewards/reservations/{reservation_pk(title)}/{tail}"


REWARD = {
    "title": "Szkolenie: pierwsza pomoc (MX)",
    "description": "Osiem godzin.",
    "kind": "training",
    "for_standard": "on",
    "for_premium": "on",
    "for_vip": "on",
    "stock": "",
    "limit_per_cycle": "2",
    "delivery": "Koordynacja programu zadzwoni.",
    "active": "on",
}

MATRIX: Matrix = {
    "programme:rewards": [Case("/facilities/mine/rewards/", expected=signed_in(403))],
    "programme:reward_reserve": [
        Case(
            lambda w: f"/facilities/mine/rewards/{reward_pk()}/reserve/",
            "post",
            expected=signed_in(403),
        ),
    ],
    "programme:reservation_cancel": [
        Case(
            lambda w: f"/facilities/mine/rewards/reservations/{reservation_pk(OPEN)}/cancel/",
            "post",
            expected=signed_in(403),
        ),
    ],
    "staff:rewards:reservations": [
        Case(staff(""), expected=office(200)),
        Case(staff("?status=arranged"), expected=office(200)),
    ],
    "staff:rewards:reservation": [
        Case(reservation(OPEN), expected=office(200)),
        Case(reservation(ARRANGED), expected=office(200)),
        Case(staff(f"reservations/{MISSING}/"), expected=office(404)),
    ],
    "staff:rewards:arrange": [
        Case(reservation(OPEN, "arrange/"), "post", {"note": "Środa."}, expected=office(302)),
        # Arranged already: the office is told, nothing changes.
        Case(
            reservation(ARRANGED, "arrange/"),
            "post",
            expected=office(302),
            unchanged=("coordinator", "admin"),
        ),
        # A POST only: console users get 405 before any permission is asked.
        Case(reservation(OPEN, "arrange/"), expected=console(405)),
    ],
    "staff:rewards:deliver": [
        Case(reservation(ARRANGED, "deliver/"), "post", expected=office(302)),
        Case(
            reservation(OPEN, "deliver/"),
            "post",
            expected=office(302),
            unchanged=("coordinator", "admin"),
        ),
    ],
    "staff:rewards:cancel": [
        Case(
            reservation(OPEN, "cancel/"), "post", {"note": "Brak terminów."}, expected=office(302)
        ),
        Case(staff(f"reservations/{MISSING}/cancel/"), "post", expected=office(404)),
    ],
    "staff:rewards:catalogue": [Case(staff("catalogue/"), expected=office(200))],
    "staff:rewards:new": [
        Case(staff("catalogue/new/"), expected=office(200)),
        Case(staff("catalogue/new/"), "post", REWARD, expected=office(302)),
        Case(
            staff("catalogue/new/"),
            "post",
            {**REWARD, "title": ""},
            expected=office(200),
            unchanged=("coordinator", "admin"),
        ),
    ],
    "staff:rewards:reward": [
        Case(lambda w: f"/staff/programme/rewards/catalogue/{reward_pk()}/", expected=office(200)),
        Case(
            lambda w: f"/staff/programme/rewards/catalogue/{reward_pk()}/",
            "post",
            {**REWARD, "title": OPEN},
            expected=office(302),
        ),
        Case(staff(f"catalogue/{MISSING}/"), expected=office(404)),
    ],
}


@pytest.mark.parametrize(("role", "name", "index"), params(MATRIX))
def test_matrix(world: World, role: str, name: str, index: int) -> None:
    check(world, role, MATRIX[name][index])


def test_the_facility_manager(world: World) -> None:
    """The manager reserves and cancels in its own basket and reaches no console page;
    another facility's manager neither sees nor cancels its reservations."""
    owner = User.objects.get(facility_account__facility__number=FACILITY)
    client = Client()
    client.force_login(owner)
    assert client.get("/facilities/mine/rewards/").status_code == 200
    assert client.get("/staff/programme/rewards/").status_code == 403
    assert client.post(reservation(OPEN, "arrange/")(world)).status_code == 403

    other = Client()
    other.force_login(accepted_manager(Tier.VIP, facility(organisation(), number="MX-REW-2")))
    html = other.get("/facilities/mine/rewards/").content.decode()
    assert f'data-reservation="{reservation_pk(OPEN)}"' not in html
    cancel = f"/facilities/mine/rewards/reservations/{reservation_pk(OPEN)}/cancel/"
    assert other.post(cancel).status_code == 404
    assert Reservation.objects.get(pk=reservation_pk(OPEN)).status == ReservationStatus.RESERVED

    assert client.post(cancel).status_code == 302
    assert Reservation.objects.get(pk=reservation_pk(OPEN)).status == ReservationStatus.CANCELLED
