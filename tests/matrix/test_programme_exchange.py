"""The exchange point (/facilities/exchange/...): only facility accounts with an accepted
self-evaluation see it, post items and write about other facilities' items.

The fixture below writes, once for this module (in a savepoint of the package's world),
two facilities whose managers' evaluations were accepted (`LENDER` with an open loan,
`BORROWER`) and one whose manager's evaluation is not accepted (`WAITING`). Facility
managers are no role of the world: every role of the world is refused (anonymous
visitors sign in first), staff and admins included; `test_the_facility_managers` checks
the managers.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from gemeinwerk.accounts.models import User
from gemeinwerk.chat.models import Conversation
from gemeinwerk.programme.models_exchange import ExchangeItem, ExchangeStatus
from gemeinwerk.programme.tests.evaluation_factories import manager
from gemeinwerk.programme.tests.exchange_factories import accepted_manager, item
from gemeinwerk.programme.tests.factories import facility, organisation
from tests.matrix.cases import Case, Matrix, check, params, signed_in
from tests.matrix.world import World

LENDER = "MX-EXCH-1"
BORROWER = "MX-EXCH-2"
WAITING = "MX-EXCH-3"
TITLE = "Wolna sala warsztatowa w soboty"


def _build() -> None:
    owner = organisation("Fundacja Wymiana")
    lender = accepted_manager(facility(owner, number=LENDER), email="mx-exch-1@example.org")
    accepted_manager(facility(owner, number=BORROWER), email="mx-exch-2@example.org")
    manager(facility(owner, number=WAITING), email="mx-exch-3@example.org")
    item(lender.facility_account.facility, title=TITLE)


@pytest.fixture(scope="module", autouse=True)
def exchange(shared_world: World, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        _build()
        yield
        transaction.set_rollback(True)


def offered() -> ExchangeItem:
    return ExchangeItem.objects.get(title=TITLE)


def at(tail: str = "") -> Any:
    return lambda w: f"/facilities/exchange/{offered().pk}/{tail}"


NEW = {
    "kind": "need",
    "title": "Pożyczymy rzutnik",
    "category": "materials",
    "quantity": "1",
    "mode": "loan",
    "description": "",
}
# POST-only routes asked with GET: signed-in people get 405 before any permission.
POST_ONLY = signed_in(405)

MATRIX: Matrix = {
    "programme:exchange": [
        Case("/facilities/exchange/", expected=signed_in(403)),
        Case("/facilities/exchange/?kind=offer&category=workspace", expected=signed_in(403)),
    ],
    "programme:exchange_new": [
        Case("/facilities/exchange/new/", expected=signed_in(403)),
        Case("/facilities/exchange/new/", "post", NEW, expected=signed_in(403)),
    ],
    "programme:exchange_item": [
        Case(at(), expected=signed_in(403)),
        Case(at(), "post", {"body": "Dzień dobry", "client_id": "mx"}, expected=signed_in(403)),
    ],
    "programme:exchange_edit": [
        Case(at("edit/"), expected=signed_in(403)),
        Case(at("edit/"), "post", NEW, expected=signed_in(403)),
    ],
    "programme:exchange_agree": [
        Case(at("agree/"), "post", {"return_date": "2099-01-01"}, expected=signed_in(403)),
        Case(at("agree/"), expected=POST_ONLY),
    ],
    "programme:exchange_returned": [
        Case(at("returned/"), "post", expected=signed_in(403)),
        Case(at("returned/"), expected=POST_ONLY),
    ],
    "programme:exchange_close": [
        Case(at("close/"), "post", expected=signed_in(403)),
        Case(at("close/"), expected=POST_ONLY),
    ],
}


@pytest.mark.parametrize(("role", "name", "index"), params(MATRIX))
def test_matrix(world: World, role: str, name: str, index: int) -> None:
    check(world, role, MATRIX[name][index])


def client_of(number: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(facility_account__facility__number=number))
    return client


def test_the_facility_managers(world: World) -> None:
    """The borrower sees and answers the item but changes nothing of it; a manager whose
    evaluation is not accepted sees only that the exchange point is locked; the lender
    manages its item."""
    pk = offered().pk
    waiting = client_of(WAITING)
    locked = waiting.get("/facilities/exchange/")
    assert locked.status_code == 200
    assert "data-exchange-locked" in locked.content.decode()
    for path in ("new/", f"{pk}/", f"{pk}/edit/"):
        assert waiting.get(f"/facilities/exchange/{path}").status_code == 403
    assert waiting.post(f"/facilities/exchange/{pk}/close/").status_code == 403

    borrower = client_of(BORROWER)
    assert borrower.get("/facilities/exchange/").status_code == 200
    assert borrower.get(f"/facilities/exchange/{pk}/").status_code == 200
    for path in ("edit/",):
        assert borrower.get(f"/facilities/exchange/{pk}/{path}").status_code == 403
    for path in ("agree/", "returned/", "close/"):
        assert borrower.post(f"/facilities/exchange/{pk}/{path}").status_code == 403
    assert offered().status == ExchangeStatus.OPEN
    answered = borrower.post(
        f"/facilities/exchange/{pk}/", {"body": "Dzień dobry", "client_id": "mx-1"}
    )
    assert answered.status_code == 302
    assert Conversation.objects.filter(about=TITLE).count() == 1

    lender = client_of(LENDER)
    assert lender.get(f"/facilities/exchange/{pk}/edit/").status_code == 200
    # The owner does not write to its own item.
    assert (
        lender.post(f"/facilities/exchange/{pk}/", {"body": "Ja?", "client_id": "mx-2"}).status_code
        == 403
    )
    assert lender.post(f"/facilities/exchange/{pk}/close/").status_code == 302
    assert offered().status == ExchangeStatus.CLOSED
    # Closed: other facilities no longer find it.
    assert borrower.get(f"/facilities/exchange/{pk}/").status_code == 404
