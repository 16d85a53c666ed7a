import re
from datetime import UTC, date, datetime, time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gemeinwerk.accounts.models import User
from gemeinwerk.places import selectors
from gemeinwerk.places.models import Weekday
from gemeinwerk.places.tests.factories import (
    ClosureFactory,
    ContactPointFactory,
    DistrictFactory,
    OpeningHoursFactory,
)

pytestmark = pytest.mark.django_db

# Monday, 2 March 2026, 10:00 in Germany.
MONDAY_MORNING = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def frozen_now(monkeypatch, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    monkeypatch.setattr("django.utils.timezone.now", lambda: MONDAY_MORNING)
    return MONDAY_MORNING


def html(client: Client, path: str, **query: str) -> str:
    response = client.get(path, query)
    assert response.status_code == 200
    return response.content.decode()


def one_h1(page: str) -> str:
    headings = re.findall(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert len(headings) == 1
    return headings[0].strip()


@pytest.mark.parametrize("prefix", ["", "/pl", "/en"])
@pytest.mark.parametrize("page", ["/places/", "/places/districts/"])
def test_list_pages_answer_in_every_language(client: Client, prefix: str, page: str):
    ContactPointFactory.create(name="Treffpunkt Mitte", district__name="Mitte")

    content = html(client, f"{prefix}{page}")

    language = prefix.strip("/") or "de"
    assert f'<html lang="{language}"' in content
    one_h1(content)
    assert "Mitte" in content


def test_list_shows_address_phone_district_and_badges(client: Client):
    ContactPointFactory.create(
        name="Treffpunkt Mitte",
        district__name="Mitte",
        street="Marktstraße 12",
        postal_code="35210",
        city="Demostadt",
        phone="0711 / 000-111",
        step_free=True,
        equipment_computer=True,
    )

    content = html(client, "/en/places/")

    assert one_h1(content) == "Contact points"
    assert "Marktstraße 12<br>35210 Demostadt" in content
    assert 'href="tel:0711000111"' in content
    assert "District: Mitte" in content
    assert "Step-free access" in content
    assert "Computer for visitors" in content
    assert "Hearing loop" not in content


def test_list_shows_the_opening_state(client: Client, frozen_now):
    point = ContactPointFactory.create(name="Offen")
    OpeningHoursFactory.create(
        contact_point=point, weekday=Weekday.MONDAY, opens=time(9), closes=time(12)
    )
    later = ContactPointFactory.create(name="Später")
    OpeningHoursFactory.create(
        contact_point=later, weekday=Weekday.TUESDAY, opens=time(14), closes=time(17)
    )
    ContactPointFactory.create(name="Nie")
    holidays = ContactPointFactory.create(name="Ferien")
    OpeningHoursFactory.create(contact_point=holidays, weekday=Weekday.MONDAY)
    ClosureFactory.create(
        contact_point=holidays,
        first_day=date(2026, 3, 2),
        last_day=date(2026, 3, 3),
        reason="Betriebsausflug",
    )

    content = html(client, "/en/places/")

    assert "Open now" in content
    assert "Closes at noon" in content
    assert re.search(r"Opens tomorrow at 2 p\.m\.\s*</span>", content)
    assert "No opening hours in the next two weeks" in content
    assert "Closed until 3 March 2026: Betriebsausflug" in content
    assert "Opens on 9 March 2026 at 9 a.m." in content


def test_list_leaves_out_inactive_contact_points(client: Client):
    ContactPointFactory.create(name="Sichtbar")
    ContactPointFactory.create(name="Geschlossen für immer", is_active=False)

    content = html(client, "/places/")

    assert "Sichtbar" in content
    assert "Geschlossen für immer" not in content


def test_district_filter_shows_only_that_district(client: Client):
    north = DistrictFactory.create(name="Nordstadt", slug="nordstadt")
    ContactPointFactory.create(name="Büro Nord", district=north)
    ContactPointFactory.create(name="Büro Süd", district__name="Südstadt")

    content = html(client, "/en/places/", district="nordstadt")

    assert "Büro Nord" in content
    assert "Büro Süd" not in content
    assert "1 contact point in Nordstadt" in content
    assert re.search(r'<option value="nordstadt"\s+selected\s*>Nordstadt</option>', content)
    assert '<label class="kern-label" for="id_district">District' in content


def test_unknown_district_in_the_query_shows_everything_and_says_why(client: Client):
    ContactPointFactory.create(name="Büro Nord")

    content = html(client, "/en/places/", district="atlantis")

    assert "Büro Nord" in content
    assert "Select a valid choice" in content


def test_empty_district_and_empty_list_say_so(client: Client):
    DistrictFactory.create(slug="leer", name="Leerstadt")

    assert "There are no contact points on the website yet." in html(client, "/en/places/")
    filtered = html(client, "/en/places/", district="leer")
    assert "There is no contact point in this district yet." in filtered
    assert 'href="/en/places/">Show all contact points' in filtered


def test_district_finder_lists_every_district_with_its_count(client: Client):
    busy = DistrictFactory.create(name="Altstadt", slug="altstadt")
    DistrictFactory.create(name="Hafen", slug="hafen")
    ContactPointFactory.create_batch(2, district=busy)
    ContactPointFactory.create(district=busy, is_active=False)

    content = html(client, "/en/places/districts/")

    assert one_h1(content) == "Contact points by district"
    assert 'href="/en/places/districts/altstadt/">Altstadt</a>' in content
    assert "2 contact points" in content
    assert 'href="/en/places/districts/hafen/">Hafen</a>' in content
    assert "No contact point yet" in content


def test_district_page_lists_its_contact_points(client: Client):
    district = DistrictFactory.create(name="Altstadt", slug="altstadt")
    ContactPointFactory.create(name="Am Markt", district=district)
    ContactPointFactory.create(name="Anderswo")

    content = html(client, "/en/places/districts/altstadt/")

    assert one_h1(content) == "Contact points in Altstadt"
    assert "Am Markt" in content
    assert "Anderswo" not in content


def test_unknown_district_page_is_not_found(client: Client):
    assert client.get("/places/districts/atlantis/").status_code == 404


def test_detail_shows_everything_a_visitor_needs(client: Client, frozen_now):
    point = ContactPointFactory.create(
        name="Begegnungszentrum",
        slug="begegnung",
        district__name="Altstadt",
        phone="0711 000 111",
        email="treff@demostadt.example",
        step_free=True,
        hearing_loop=False,
        accessibility_notes="Rampe am Seiteneingang.",
        equipment_phone=True,
        equipment_internet=True,
    )
    for opens, closes in ((time(9), time(12, 30)), (time(14), time(17))):
        OpeningHoursFactory.create(
            contact_point=point, weekday=Weekday.MONDAY, opens=opens, closes=closes
        )
    ClosureFactory.create(
        contact_point=point, first_day=date(2026, 4, 3), last_day=date(2026, 4, 6), reason="Ostern"
    )
    ClosureFactory.create(
        contact_point=point, first_day=date(2026, 1, 1), last_day=date(2026, 1, 1)
    )

    content = html(client, "/en/places/begegnung/")

    assert one_h1(content) == "Begegnungszentrum"
    assert 'href="tel:0711000111"' in content
    assert 'href="mailto:treff@demostadt.example"' in content
    assert '<th scope="row" class="kern-table__header">Monday' in content
    assert "9 a.m. to 12:30 p.m." in content
    assert "2 p.m. to 5 p.m." in content
    assert len(re.findall(r'<td class="kern-table__cell">\s*closed\s*</td>', content)) == 6
    assert "Open now" in content
    assert "From 3 April 2026 to 6 April 2026: Ostern" in content
    assert "1 January 2026" not in content
    assert "Rampe am Seiteneingang." in content
    assert "A phone, for calls you need to make" in content
    assert "A computer" not in content
    assert "(today)" in content


def test_detail_in_german_uses_german_weekdays_and_times(client: Client, frozen_now):
    point = ContactPointFactory.create(slug="treff")
    OpeningHoursFactory.create(
        contact_point=point, weekday=Weekday.TUESDAY, opens=time(9), closes=time(12, 30)
    )

    content = html(client, "/places/treff/")

    assert "Dienstag" in content
    assert "09:00" in content
    assert "12:30" in content


@pytest.mark.parametrize("slug", ["nowhere", "hidden"])
def test_inactive_and_unknown_contact_points_are_not_found(client: Client, slug: str):
    ContactPointFactory.create(slug="hidden", is_active=False)

    assert client.get(f"/places/{slug}/").status_code == 404


def test_pages_refuse_changes(client: Client):
    ContactPointFactory.create(slug="treff")

    for path in ("/places/", "/places/districts/", "/places/treff/"):
        assert client.post(path).status_code == 405
        assert client.head(path).status_code == 200


def test_navigation_leads_to_the_contact_points(client: Client):
    content = html(client, "/en/places/")

    assert 'href="/en/places/" aria-current="page">Contact points</a>' in content


def queries_for(client: Client, path: str) -> int:
    # The first request of a session may write to it; the page itself is what counts.
    client.get(path)
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


def make_points(count: int, district_slug: str = "mitte") -> None:
    district = DistrictFactory.create(slug=district_slug, name=district_slug.title())
    for _ in range(count):
        point = ContactPointFactory.create(district=district)
        OpeningHoursFactory.create(contact_point=point)
        OpeningHoursFactory.create(contact_point=point, weekday=Weekday.TUESDAY)
        ClosureFactory.create(
            contact_point=point, first_day=date(2099, 1, 1), last_day=date(2099, 1, 2)
        )


@pytest.mark.parametrize("signed_in", [False, True])
@pytest.mark.parametrize(
    "path",
    ["/places/", "/places/?district=mitte", "/places/districts/", "/places/districts/mitte/"],
)
def test_list_pages_need_the_same_queries_for_2_and_20_contact_points(
    client: Client, settings, django_assert_max_num_queries, path: str, signed_in: bool
):
    # The rendering itself; kept pages (core/pagecache.py) are the next test's.
    settings.GEMEINWERK_PAGE_CACHE = False
    if signed_in:
        client.force_login(
            User.objects.create_user(
                username="mila", email="mila@example.org", password="x-Passwort-1"
            )
        )
    make_points(2)
    few = queries_for(client, path)

    make_points(18, district_slug="mitte")
    with django_assert_max_num_queries(few):
        assert client.get(path).status_code == 200
    assert queries_for(client, path) == few
    # The page's own share, beside what sessions and sign-in cost on every page: the
    # points, their hours, their closures, and the districts or the one district; the
    # paginated list of all contact points one more, the paginator's count.
    paginated = path.startswith("/places/?") or path == "/places/"
    assert few - queries_for(client, "/privacy/") <= (5 if paginated else 4)


@pytest.mark.parametrize(
    ("path", "own"),
    [
        # The districts for the filter and the title, or the district of the page.
        ("/places/", 1),
        ("/places/?district=mitte", 1),
        ("/places/?district=mitte&page=1", 1),
        ("/places/districts/mitte/", 1),
    ],
)
def test_a_kept_list_needs_no_query_for_its_contact_points(client: Client, path: str, own: int):
    make_points(20)
    client.get(path)  # rendered and kept

    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200

    tables = " ".join(query["sql"] for query in context.captured_queries)
    assert "places_contactpoint" not in tables
    assert "places_openinghours" not in tables
    assert len(context.captured_queries) - queries_for(client, "/privacy/") == own


# --- Pages of the list ------------------------------------------------------------------


def make_named_points(count: int, **fields: object) -> None:
    for n in range(count):
        ContactPointFactory.create(name=f"Büro {n:02}", **fields)


def card_names(content: str) -> list[str]:
    return re.findall(r"Büro \d\d", content)


def test_list_shows_20_contact_points_a_page_and_the_rest_on_page_2(client: Client):
    make_named_points(23)

    first = html(client, "/en/places/")
    second = html(client, "/en/places/", page="2")

    assert card_names(first) == [f"Büro {n:02}" for n in range(20)]
    assert card_names(second) == [f"Büro {n:02}" for n in range(20, 23)]
    assert "23 contact points" in first  # the heading counts all, not the page's
    assert '<nav class="gw-actions" aria-label="Pages">' in first
    assert 'aria-current="page">Page 1 of 2</p>' in first
    assert 'rel="next" href="/en/places/?page=2">' in first
    assert 'rel="prev" href="/en/places/">' in second
    assert "Next page" not in second


def test_list_pages_keep_the_district_filter(client: Client):
    north = DistrictFactory.create(name="Nordstadt", slug="nordstadt")
    make_named_points(21, district=north)
    ContactPointFactory.create(name="Anderswo", district__name="Südstadt")

    first = html(client, "/en/places/", district="nordstadt")
    second = html(client, "/en/places/", district="nordstadt", page="2")

    assert "21 contact points in Nordstadt" in first
    assert 'href="/en/places/?district=nordstadt&amp;page=2"' in first
    assert card_names(second) == ["Büro 20"]
    assert 'href="/en/places/?district=nordstadt"' in second
    assert "Anderswo" not in first + second


@pytest.mark.parametrize(("page", "first"), [("abc", "Büro 00"), ("7", "Büro 20"), ("", "Büro 00")])
def test_an_invalid_page_of_the_list_shows_the_first_or_the_last(
    client: Client, page: str, first: str
):
    make_named_points(21)

    assert card_names(html(client, "/en/places/", page=page))[0] == first


def test_list_has_no_page_links_when_everything_fits(client: Client):
    make_named_points(20)

    content = html(client, "/en/places/")

    assert len(card_names(content)) == 20
    assert 'aria-label="Pages"' not in content
    assert "Page 1 of 1" not in content


def test_only_the_contact_points_of_the_page_get_an_opening_state(monkeypatch):
    make_named_points(23)
    states: list[str] = []
    original = selectors.contact_point_opening_state

    def counting(point, **kwargs):
        states.append(point.name)
        return original(point, **kwargs)

    monkeypatch.setattr(selectors, "contact_point_opening_state", counting)

    page = selectors.contact_point_card_page(number=2)

    assert [card.name for card in page] == ["Büro 20", "Büro 21", "Büro 22"]
    assert states == ["Büro 20", "Büro 21", "Büro 22"]
    assert page.paginator.count == 23
