"""The exchange point: facilities with an accepted self-evaluation post, edit and close
items, write to each other about them through the chat (and only to each other), agree
on a loan with a return date and mark it returned; the items are in the manager's export
and go with the account."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from gemeinwerk.accounts import personal_data
from gemeinwerk.accounts.models import TrustLevel
from gemeinwerk.accounts.tests.factories import member_who_can_sign_in
from gemeinwerk.chat import services as chat
from gemeinwerk.chat.models import Conversation
from gemeinwerk.core.permissions import may
from gemeinwerk.programme.models_exchange import ExchangeItem, ExchangeStatus
from gemeinwerk.programme.services import exchange as service
from gemeinwerk.programme.tests.evaluation_factories import manager
from gemeinwerk.programme.tests.exchange_factories import accepted_manager, item
from gemeinwerk.programme.tests.factories import facility

pytestmark = pytest.mark.django_db

URL = "/pl/facilities/exchange/"
NEW = {
    "kind": "offer",
    "title": "Pożyczymy rzutnik",
    "category": "materials",
    "quantity": "1",
    "mode": "loan",
    "available_until": "",
    "description": "Na jeden wieczór.",
}


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def client_id() -> str:
    return uuid.uuid4().hex


def test_a_facility_posts_edits_and_closes_its_item() -> None:
    lender = accepted_manager()
    client = signed_in(lender)
    response = client.post(URL + "new/", NEW)
    posted = ExchangeItem.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/exchange/{posted.pk}/")
    assert posted.facility == lender.facility_account.facility
    assert posted.status == ExchangeStatus.OPEN

    client.post(URL + f"{posted.pk}/edit/", {**NEW, "quantity": "2", "title": "Dwa rzutniki"})
    posted.refresh_from_db()
    assert (posted.title, posted.quantity) == ("Dwa rzutniki", 2)
    page = client.get(URL).content.decode()
    assert "Dwa rzutniki" in page

    client.post(URL + f"{posted.pk}/close/")
    posted.refresh_from_db()
    assert posted.status == ExchangeStatus.CLOSED
    assert client.get(URL + f"{posted.pk}/edit/").status_code == 404


def test_a_quantity_must_be_positive() -> None:
    client = signed_in(accepted_manager())
    response = client.post(URL + "new/", {**NEW, "quantity": "0"})
    assert response.status_code == 200
    assert not ExchangeItem.objects.exists()


def test_only_facilities_with_an_accepted_evaluation_use_it() -> None:
    waiting = manager()
    neighbour = member_who_can_sign_in(trust_level=TrustLevel.VERIFIED)
    offered = item(facility())
    # Before acceptance the list says why it is locked; everything else is refused.
    locked = signed_in(waiting).get(URL)
    assert locked.status_code == 200
    assert "/facilities/mine/evaluation/" in locked.content.decode()
    assert signed_in(waiting).get(URL + "new/").status_code == 403
    assert signed_in(waiting).get(URL + f"{offered.pk}/").status_code == 403
    for person in (neighbour,):
        assert signed_in(person).get(URL).status_code == 403
        assert signed_in(person).get(URL + f"{offered.pk}/").status_code == 403
    assert Client().get(URL).status_code == 302
    assert not may(waiting, "programme.use_exchange")
    assert may(accepted_manager(), "programme.use_exchange")


def test_another_facility_cannot_change_an_item() -> None:
    owner = accepted_manager()
    other = accepted_manager()
    offered = item(owner.facility_account.facility)
    client = signed_in(other)
    assert client.get(URL + f"{offered.pk}/edit/").status_code == 403
    assert client.post(URL + f"{offered.pk}/close/").status_code == 403
    assert client.post(URL + f"{offered.pk}/agree/").status_code == 403
    offered.refresh_from_db()
    assert offered.status == ExchangeStatus.OPEN
    with pytest.raises(PermissionDenied):
        service.close_item(actor=other, item=offered)


def test_two_facilities_talk_through_the_chat() -> None:
    lender = accepted_manager()
    borrower = accepted_manager()
    offered = item(lender.facility_account.facility)
    client = signed_in(borrower)
    page = client.get(URL + f"{offered.pk}/").content.decode()
    assert 'name="body"' in page
    response = client.post(
        URL + f"{offered.pk}/", {"body": "Chętnie pożyczymy w sobotę.", "client_id": client_id()}
    )
    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/chat/{conversation.pk}/#latest")
    assert conversation.about == offered.title
    assert {p.user_id for p in conversation.participants.all()} == {lender.pk, borrower.pk}
    # Writing again about it continues the same conversation.
    service.write_about(actor=borrower, item=offered, body="Jeszcze jedno.", client_id=client_id())
    assert Conversation.objects.count() == 1
    # The lender answers in the chat.
    assert signed_in(lender).get(f"/chat/{conversation.pk}/").status_code == 200
    # The owner does not write to itself.
    assert not may(lender, "programme.write_about_exchange_item", offered)


def test_facilities_and_neighbours_do_not_chat_with_each_other() -> None:
    first = accepted_manager()
    neighbour = member_who_can_sign_in(trust_level=TrustLevel.VERIFIED)
    other_neighbour = member_who_can_sign_in(trust_level=TrustLevel.VERIFIED)
    assert may(first, "chat.use")
    assert not may(first, "chat.write_to", neighbour)
    assert not may(neighbour, "chat.write_to", first)
    assert may(neighbour, "chat.write_to", other_neighbour)
    with pytest.raises(ValidationError):
        chat.start_conversation(
            starter=first, others=[neighbour], body="Dzień dobry", client_id="a"
        )
    with pytest.raises(ValidationError):
        chat.start_conversation(
            starter=neighbour, others=[first], body="Dzień dobry", client_id="b"
        )
    with pytest.raises(ValidationError):
        chat.start_conversation(
            starter=first,
            others=[accepted_manager(), neighbour],
            body="Dzień dobry",
            client_id="c",
        )
    assert not Conversation.objects.exists()
    # The chat's own form refuses it too.
    response = signed_in(first).post(
        "/chat/new/",
        {"people": neighbour.username, "body": "Dzień dobry", "client_id": client_id()},
    )
    assert response.status_code == 200
    assert not Conversation.objects.exists()


def test_a_facility_without_an_account_cannot_be_written_to() -> None:
    borrower = accepted_manager()
    offered = item(facility())
    page = signed_in(borrower).get(URL + f"{offered.pk}/")
    assert page.status_code == 200
    assert "data-no-answer" in page.content.decode()
    assert not may(borrower, "programme.write_about_exchange_item", offered)
    response = signed_in(borrower).post(
        URL + f"{offered.pk}/", {"body": "Halo?", "client_id": client_id()}
    )
    assert response.status_code == 403
    assert not Conversation.objects.exists()


def test_a_loan_is_agreed_with_a_return_date_and_marked_returned() -> None:
    lender = accepted_manager()
    offered = item(lender.facility_account.facility)
    client = signed_in(lender)
    # A loan needs its return date.
    client.post(URL + f"{offered.pk}/agree/", {"return_date": ""})
    offered.refresh_from_db()
    assert offered.status == ExchangeStatus.OPEN
    day = timezone.localdate() + timedelta(days=14)
    client.post(URL + f"{offered.pk}/agree/", {"return_date": day.isoformat()})
    offered.refresh_from_db()
    assert (offered.status, offered.return_date, offered.overdue) == (
        ExchangeStatus.AGREED,
        day,
        False,
    )
    # Agreed items are no longer shown to other facilities.
    assert signed_in(accepted_manager()).get(URL + f"{offered.pk}/").status_code == 404
    # Past its return date the lender sees it highlighted.
    ExchangeItem.objects.filter(pk=offered.pk).update(
        return_date=timezone.localdate() - timedelta(days=1)
    )
    assert "data-overdue" in client.get(URL).content.decode()
    client.post(URL + f"{offered.pk}/returned/")
    offered.refresh_from_db()
    assert offered.returned_at is not None
    assert offered.status == ExchangeStatus.CLOSED
    assert not offered.overdue


def test_a_gift_has_no_return_date() -> None:
    lender = accepted_manager()
    gift = item(lender.facility_account.facility, mode="give_away")
    service.agree(actor=lender, item=gift, return_date=timezone.localdate())
    gift.refresh_from_db()
    assert gift.status == ExchangeStatus.AGREED
    assert gift.return_date is None
    with pytest.raises(ValidationError):
        service.mark_returned(actor=lender, item=gift)


def test_the_filters_work_without_javascript() -> None:
    client = signed_in(accepted_manager())
    other = facility()
    item(other, title="Oddamy stoły i krzesła", category="furniture", mode="give_away")
    item(other, title="Szukamy wolontariuszy", kind="need", category="volunteers")
    page = client.get(URL, {"kind": "need"}).content.decode()
    assert "Szukamy wolontariuszy" in page
    assert "Oddamy stoły" not in page
    page = client.get(URL, {"category": "furniture"}).content.decode()
    assert "Oddamy stoły" in page
    assert "Szukamy wolontariuszy" not in page


def test_the_items_are_in_the_export_and_go_with_the_account() -> None:
    lender = accepted_manager()
    item(lender.facility_account.facility, title="Wolna sala")
    other = item(facility(), title="Cudza oferta")
    exported = personal_data.export_data(lender)["data"]["facility_account"][0]
    assert [row["title"] for row in exported["exchange_items"]] == ["Wolna sala"]
    personal_data.erase_data(lender)
    lender.delete()
    assert list(ExchangeItem.objects.all()) == [other]


def test_the_demo_items_are_seeded_once() -> None:
    from gemeinwerk.programme import demo_exchange

    assert demo_exchange.seed() == []
    demo_exchange.seed()
    assert ExchangeItem.objects.count() == len(demo_exchange.ITEMS) == 4
