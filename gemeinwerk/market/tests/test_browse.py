"""Browsing and searching neighbourhood help (views.browse, selectors.browse_page): the
filters and the two orders, pages that keep the filters, htmx's fragment, German and
Polish word forms, what is never shown (hidden, paused, drafts), the search calls above
matching results, and a page that costs the same queries for 5 and for 50 listings.

The listings are built once for the module, in a transaction rolled back at its end;
each test runs in a savepoint of its own (as the chat's view tests do)."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from html import unescape
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gemeinwerk.accounts.tests.more_factories import make_contact_point, signed_in, staff_of, url
from gemeinwerk.market import selectors
from gemeinwerk.market.models import Kind, Listing, Outcome, SearchCall, Status
from gemeinwerk.market.services import calls, listings
from gemeinwerk.market.services.listings import listing_document
from gemeinwerk.market.tests.factories import category, district, listing, member, search_call
from gemeinwerk.places.models import District

FAST_HASHING = ["django.contrib.auth.hashers.MD5PasswordHasher"]

HOMEWORK = "Hilfe bei den Mathe-Hausaufgaben"
CRATES = "Getränkekisten tragen"
POLISH = "Pomogę przy zakupach"
PAUSED = "Fahrrad reparieren, pausiert"
DRAFT = "Entwurf: Hund ausführen"
HIDDEN = "Versteckt: Geld verdienen"
CALL = "Begleitung zum Augenarzt gesucht"
CLOSED_CALL = "Nachhilfe in Mathematik gesucht"


@dataclass(frozen=True)
class World:
    north: District
    south: District
    homework: Listing  # offer, learning, north, new
    crates: Listing  # request, shopping, south, published ten days ago
    polish: Listing  # offer, shopping, north, new
    call: SearchCall  # open, accompanying, north

    def titles(self, answer: Any) -> list[str]:
        return titles(answer)


# A listing's card: its title links to its page (a search call's to "calls/<pk>/").
CARD = re.compile(r'<a class="kern-link" href="/en/neighbourhood-help/\d+/">([^<]+)</a>')


def titles(answer: Any) -> list[str]:
    """The listing titles on a page, in their order."""
    assert answer.status_code == 200, answer.status_code
    return [unescape(title) for title in CARD.findall(answer.content.decode())]


def build() -> dict[str, int]:
    owner = member()
    north, south = district("Nordstadt"), district("Südstadt")
    homework = listing(
        owner,
        title=HOMEWORK,
        description="Pensionierte Lehrerin hilft Kindern bei den Hausaufgaben.",
        category=category("learning"),
        district=north,
    )
    crates = listing(
        owner,
        kind=Kind.REQUEST,
        title=CRATES,
        description="Die Kisten müssen in den dritten Stock.",
        district=south,
    )
    Listing.objects.filter(pk=crates.pk).update(published_at=timezone.now() - timedelta(days=10))
    polish = listing(
        member(),
        title=POLISH,
        description="Mieszkam obok i chętnie pomogę nieść torby.",
        district=north,
    )
    paused = listing(owner, title=PAUSED, district=north, category=category("repairs"))
    listings.pause(user=owner, listing=paused)
    listing(owner, publish=False, title=DRAFT, district=north, category=category("pets"))
    hidden = listing(member(), title=HIDDEN, district=north)
    point = make_contact_point(district=north)
    staff = staff_of(point)
    listings.hide(hidden, staff)
    call = search_call(staff, point, title=CALL, description="Eine ältere Dame braucht Begleitung.")
    closed = search_call(
        staff, point, category_slug="learning", title=CLOSED_CALL, description="Hausaufgaben"
    )
    calls.record_outcome(staff=staff, call=closed, outcome=Outcome.MATCHED)
    return {
        "north": north.pk,
        "south": south.pk,
        "homework": homework.pk,
        "crates": crates.pk,
        "polish": polish.pk,
        "call": call.pk,
    }


@pytest.fixture(scope="module")
def shared(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, int]]:
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHING),
        transaction.atomic(),
    ):
        yield build()
        transaction.set_rollback(True)


@pytest.fixture
def world(shared: dict[str, int], db: None) -> World:
    return World(
        north=District.objects.get(pk=shared["north"]),
        south=District.objects.get(pk=shared["south"]),
        homework=Listing.objects.get(pk=shared["homework"]),
        crates=Listing.objects.get(pk=shared["crates"]),
        polish=Listing.objects.get(pk=shared["polish"]),
        call=SearchCall.objects.get(pk=shared["call"]),
    )


def browse(client: Client | None = None, /, **params: str) -> Any:
    return (client or Client()).get(url("market:browse"), params)


def more(count: int, where: District, **fields: Any) -> None:
    """`count` visible listings stored at once, newest last."""
    owner = member()
    now = timezone.now()
    title = fields.pop("title", "Hilfe im Garten")
    Listing.objects.bulk_create(
        Listing(
            kind=fields.get("kind", Kind.OFFER),
            title=f"{title} {number}",
            description="Ich helfe gern beim Rasenmähen.",
            category=fields.get("category") or category("household"),
            district=where,
            owner=owner,
            status=Status.ACTIVE,
            published_at=now - timedelta(minutes=count - number),
            search_document=listing_document(f"{title} {number}", "Ich helfe gern."),
        )
        for number in range(count)
    )


# --- Everybody browses; some things never show -------------------------------------------------


def test_the_anonymous_visitor_browses_everything_visible_newest_first(world: World):
    answer = browse()

    assert world.titles(answer) == [POLISH, HOMEWORK, CRATES]
    html = answer.content.decode()
    assert "3&nbsp;listings" in html
    assert "To offer or ask for help, sign in." in html
    for never in (PAUSED, DRAFT, HIDDEN):
        assert never not in html
    assert Client().get(url("market:listing", world.homework.pk)).status_code == 200


def test_hidden_paused_and_draft_listings_are_never_found(world: World):
    for words, never in (("Fahrrad", PAUSED), ("Hund", DRAFT), ("Geld verdienen", HIDDEN)):
        answer = browse(q=words)
        assert never not in answer.content.decode()
        assert world.titles(answer) == []
    hidden = Listing.objects.get(title=HIDDEN)
    # Hidden after a report: gone from its page too, but not for its owner.
    assert Client().get(url("market:listing", hidden.pk)).status_code == 404
    own = signed_in(hidden.owner).get(url("market:listing", hidden.pk)).content.decode()
    assert "Our team has hidden this listing after a report." in own
    listings.restore(hidden, member())
    assert HIDDEN in browse(q="Geld").content.decode()


def test_a_verified_member_sees_the_way_to_offer_help(world: World):
    html = browse(signed_in(member())).content.decode()
    assert url("market:create") in html
    assert world.titles(browse(signed_in(member()))) == [POLISH, HOMEWORK, CRATES]


# --- Filters and order -------------------------------------------------------------------------


def test_the_filters_narrow_the_results(world: World):
    assert world.titles(browse(kind="request")) == [CRATES]
    assert world.titles(browse(kind="offer")) == [POLISH, HOMEWORK]
    assert world.titles(browse(category="shopping")) == [POLISH, CRATES]
    assert world.titles(browse(district=world.south.slug)) == [CRATES]
    assert world.titles(browse(district=world.north.slug, category="shopping")) == [POLISH]
    assert world.titles(browse(new="on")) == [POLISH, HOMEWORK]
    assert world.titles(browse(kind="offer", category="learning", new="on")) == [HOMEWORK]
    assert world.titles(browse(category="pets")) == []
    assert "Show everything" in browse(kind="offer").content.decode()
    assert "Show everything" not in browse().content.decode()


def test_newest_first_or_best_match_first(world: World):
    once = listing(member(), title="Hilfe im Haus", description="Auch im Garten.")
    Listing.objects.filter(pk=once.pk).update(published_at=timezone.now() + timedelta(minutes=1))
    # Published earlier, but mentioning gardens often (and the newer match where
    # SQLite's fallback, which does not rank, puts newer rows first): the best match.
    often = listing(
        member(),
        title="Garten, Garten, Garten",
        description="Gartenarbeit im großen Garten und im kleinen Garten.",
        district=world.south,
    )
    Listing.objects.filter(pk=often.pk).update(published_at=timezone.now() - timedelta(days=3))

    assert world.titles(browse(q="Garten", sort="recent")) == ["Hilfe im Haus", often.title]
    assert world.titles(browse(q="Garten")) == [often.title, "Hilfe im Haus"]
    assert world.titles(browse(q="Garten", sort="relevance")) == [often.title, "Hilfe im Haus"]


def test_search_follows_german_and_polish_word_forms(world: World):
    assert world.titles(browse(q="Hausaufgabe")) == [HOMEWORK]
    assert world.titles(browse(q="hausaufgaben Kinder")) == [HOMEWORK]
    assert world.titles(browse(q="zakupy")) == [POLISH]
    assert world.titles(browse(q="Getränkekiste")) == [CRATES]
    assert world.titles(browse(q="Hausaufgabe", kind="request")) == []


def test_pages_keep_the_filters(world: World):
    more(25, world.south, kind=Kind.OFFER)
    params = {"kind": "offer", "district": world.south.slug}

    first = browse(**params)
    html = unescape(first.content.decode())

    assert len(world.titles(first)) == 20
    assert "25&nbsp;listings" in first.content.decode()
    assert f'href="/en/neighbourhood-help/?kind=offer&district={world.south.slug}&page=2"' in html
    assert "Page 1 of 2" in html
    second = browse(page="2", **params)
    assert len(world.titles(second)) == 5
    back = unescape(second.content.decode())
    assert f'href="/en/neighbourhood-help/?kind=offer&district={world.south.slug}"' in back
    # A page number beyond the end shows the last page.
    assert world.titles(browse(page="99", **params)) == world.titles(second)


def test_search_results_are_paged_and_counted_in_one_query(world: World):
    more(23, world.south, title="Rasenmähen im Garten")
    params = {"q": "Rasenmähen"}

    first = browse(**params)
    second = browse(page="2", **params)

    assert "23&nbsp;listings" in first.content.decode()
    assert "Page 1 of 2" in unescape(first.content.decode())
    assert len(world.titles(first)) == 20
    assert len(world.titles(second)) == 3
    assert not set(world.titles(first)) & set(world.titles(second))
    # Beyond the end, or not a number: the last page, the first page.
    assert world.titles(browse(page="7", **params)) == world.titles(second)
    assert world.titles(browse(page="x", **params)) == world.titles(first)
    assert world.titles(browse(page="-3", **params)) == world.titles(first)
    nothing = browse(q="Zeppelinflug")
    assert "0&nbsp;listings" in nothing.content.decode()
    assert world.titles(browse(q="Zeppelinflug", page="4")) == []


def test_htmx_gets_only_the_results(world: World):
    answer = Client().get(
        url("market:browse"), {"category": "learning"}, headers={"HX-Request": "true"}
    )

    html = answer.content.decode()
    assert answer.status_code == 200
    assert html.lstrip().startswith('<section id="market-results"')
    assert "<html" not in html
    assert 'role="search"' not in html
    assert world.titles(answer) == [HOMEWORK]
    full = browse(category="learning").content.decode()
    assert "<html" in full
    assert 'id="market-results"' in full


# --- Search calls above the results ------------------------------------------------------------


def test_open_search_calls_show_above_matching_results(world: World):
    html = browse(q="Augenarzt").content.decode()
    assert CALL in html
    assert html.index(CALL) < html.index('id="market-results-heading"')
    assert url("market:call", world.call.pk) in html

    assert CALL in browse(category="accompanying").content.decode()
    assert CALL in browse(district=world.north.slug).content.decode()
    # Another category or district, or no match: not shown.
    assert CALL not in browse(category="shopping").content.decode()
    assert CALL not in browse(district=world.south.slug).content.decode()
    assert CALL not in browse(q="Fahrrad").content.decode()
    # A closed call never shows, even when its words match.
    assert CLOSED_CALL not in browse(q="Nachhilfe").content.decode()
    assert CLOSED_CALL not in browse().content.decode()


def test_a_call_disappears_once_its_outcome_is_recorded(world: World):
    staff = staff_of(world.call.contact_point)
    calls.record_outcome(staff=staff, call=world.call, outcome=Outcome.NOT_MATCHED)
    assert CALL not in browse(q="Augenarzt").content.decode()
    assert selectors.open_calls(query="Augenarzt") == []


# --- Flat query counts -------------------------------------------------------------------------


def queries_of(client: Client, params: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as captured:
        answer = client.get(url("market:browse"), params)
    assert answer.status_code == 200
    return len(captured.captured_queries)


def test_the_browse_page_costs_the_same_queries_for_5_and_for_50_listings(world: World):
    visitors = {"anonymous": Client(), "signed in": signed_in(member())}
    searches: list[dict[str, str]] = [{}, {"q": "Hilfe"}, {"category": "household", "new": "on"}]
    for client in visitors.values():
        client.get(url("market:browse"))  # warm-up: the session, the site's caches
    more(5 - selectors.visible().count(), world.south, title="Hilfe mit dem Laptop")
    assert selectors.visible().count() == 5
    with_5 = {
        (who, str(params)): queries_of(client, params)
        for who, client in visitors.items()
        for params in searches
    }

    more(45, world.north, title="Hilfe im Garten")
    assert selectors.visible().count() == 50

    with_50 = {
        (who, str(params)): queries_of(client, params)
        for who, client in visitors.items()
        for params in searches
    }
    assert with_50 == with_5
    # And the page shows them: twenty cards, the first of three pages.
    html = browse(q="Hilfe").content.decode()
    assert "Page 1 of 3" in html


# --- PostgreSQL's stemming -----------------------------------------------------------------------


@pytest.mark.postgres
def test_search_on_postgresql_follows_german_stemming_and_polish_hunspell(world: World):
    bikes = listing(
        member(),
        title="Hilfe mit Fahrrädern",
        description="Ich repariere Fahrräder und Anhänger.",
        category=category("repairs"),
    )
    # "Fahrrad" and "Fahrrädern" differ inside the word: only the German stemmer's
    # dictionary forms meet here (the SQLite fallback strips endings only).
    assert connection.vendor == "postgresql"
    assert world.titles(browse(q="Fahrrad")) == [bikes.title]
    assert world.titles(browse(q="zakupy")) == [POLISH]
    assert world.titles(browse(q="zakupy", sort="recent")) == [POLISH]
    assert world.titles(browse(q="Hausaufgabe Kind")) == [HOMEWORK]
