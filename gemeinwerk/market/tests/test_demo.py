"""The demo's neighbourhood help (demo.py): listings in German and Polish worth
searching, an agreement between Mila and Tomasz in their chat, an open search call and
a member who follows such calls; seeding again duplicates nothing."""

import pytest
from django.test import Client

from gemeinwerk.accounts.tests.more_factories import url
from gemeinwerk.core.demo import seed_all
from gemeinwerk.market import demo, selectors
from gemeinwerk.market.demo import LISTINGS
from gemeinwerk.market.models import (
    Interest,
    Listing,
    Outcome,
    Response,
    ResponseStatus,
    SearchCall,
)

pytestmark = pytest.mark.django_db

MODELS = (Listing, Response, SearchCall, Interest)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_the_demo_seeds_neighbourhood_help_once():
    seed_all()
    first = counts()

    assert first == {"Listing": len(LISTINGS), "Response": 1, "SearchCall": 1, "Interest": 1}
    assert all(listing.visible and listing.search_document for listing in Listing.objects.all())
    # Worth searching, in both languages.
    assert [card.title for card in selectors.browse_page(query="Hausaufgabe")] == [
        "Mathe-Nachhilfe für Grundschulkinder"
    ]
    assert [card.title for card in selectors.browse_page(query="urzędu")] == [
        "Pomogę w tłumaczeniu pism z urzędu"
    ]
    agreed = Response.objects.select_related("listing__owner", "responder").get()
    assert (agreed.listing.owner.username, agreed.responder.username) == ("mila", "tomasz")
    assert agreed.status == ResponseStatus.ACCEPTED
    assert agreed.conversation is not None
    assert set(agreed.conversation.participants.values_list("user__username", flat=True)) == {
        "mila",
        "tomasz",
    }
    call = SearchCall.objects.get()
    assert call.outcome == Outcome.OPEN
    assert call.title in Client().get(url("market:browse")).content.decode()
    assert Interest.objects.get().user.username == "tomasz"

    # Seeding again (the market's part: the others have tests of their own) refreshes.
    demo.seed()

    assert counts() == first
    assert Response.objects.get().pk == agreed.pk
