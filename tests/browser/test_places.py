"""Contact points as people meet them: without an account, in three languages, by
keyboard, with larger text and on a narrow phone screen."""

from datetime import time, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from gemeinwerk.places.models import Weekday
from gemeinwerk.places.tests.factories import (
    ClosureFactory,
    ContactPointFactory,
    DistrictFactory,
    OpeningHoursFactory,
)
from tests.browser.conftest import PageWatch

PREFIXES = {"de": "", "pl": "/pl", "en": "/en"}
PAGES = [
    "/places/",
    "/places/?district=nordstadt",
    "/places/districts/",
    "/places/districts/nordstadt/",
    "/places/districts/hafen/",  # a district without contact points
    "/places/stadtteilbuero-nordstadt/",
    "/places/bibliothek-sued/",
]


@pytest.fixture
def places() -> None:
    north = DistrictFactory.create(name="Nordstadt", slug="nordstadt", description="Am Stadtpark.")
    south = DistrictFactory.create(name="Südstadt", slug="suedstadt")
    DistrictFactory.create(name="Hafenviertel", slug="hafen")
    office = ContactPointFactory.create(
        name="Stadtteilbüro Nordstadt",
        slug="stadtteilbuero-nordstadt",
        district=north,
        phone="0711 000 124",
        email="stadtteilbuero-nordstadt-mit-langer-adresse@demostadt.example",
        step_free=True,
        hearing_loop=True,
        accessibility_notes="Rampe am Seiteneingang.\nKlingel in Sitzhöhe.",
        equipment_phone=True,
        equipment_computer=True,
        equipment_internet=True,
        description="Ansprechpartner für Nachbarschaftshilfe und das Netzwerk Nordstadt.",
    )
    for day in Weekday.values:
        OpeningHoursFactory.create(
            contact_point=office, weekday=day, opens=time(9), closes=time(12)
        )
        OpeningHoursFactory.create(
            contact_point=office, weekday=day, opens=time(14), closes=time(18)
        )
    today = timezone.localdate()
    ClosureFactory.create(
        contact_point=office,
        first_day=today + timedelta(days=20),
        last_day=today + timedelta(days=24),
        reason="Sommerpause",
    )
    library = ContactPointFactory.create(
        name="Bibliothek Süd", slug="bibliothek-sued", district=south, phone="", email=""
    )
    ClosureFactory.create(contact_point=library, first_day=today, last_day=today, reason="Inventur")
    OpeningHoursFactory.create(contact_point=library, weekday=Weekday.TUESDAY)


@pytest.mark.parametrize("language", ["de", "pl", "en"])
def test_places_pages_pass_axe(
    page: Page,
    live_server_url: str,
    watch: PageWatch,
    assert_accessible: Any,
    places: None,
    language: str,
):
    for path in PAGES:
        page.goto(f"{live_server_url}{PREFIXES[language]}{path}")
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("h1")).to_have_count(1)
        assert_accessible(f"{language} {path}")


def test_places_pages_pass_axe_with_larger_text(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any, places: None
):
    page.goto(f"{live_server_url}/en/places/")
    page.get_by_role("button", name="Larger text").click()
    expect(page.locator("html")).to_have_class("gw-text-large")

    for path in PAGES:
        page.goto(f"{live_server_url}/en{path}")
        assert_accessible(f"large text {path}")


def test_the_contact_points_are_in_the_main_navigation(
    page: Page, live_server_url: str, watch: PageWatch, places: None
):
    page.goto(f"{live_server_url}/en/")

    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Contact points"
    ).click()

    expect(page).to_have_url(f"{live_server_url}/en/places/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact points")


def test_district_filter_works_with_the_keyboard(
    page: Page, live_server_url: str, watch: PageWatch, places: None
):
    page.goto(f"{live_server_url}/en/places/")
    expect(page.get_by_role("heading", name="2 contact points")).to_be_visible()

    select = page.get_by_role("combobox", name="District")
    select.focus()
    page.keyboard.type("S")  # type-ahead picks "Südstadt"
    expect(select).to_have_value("suedstadt")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Show")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server_url}/en/places/?district=suedstadt")
    expect(page.get_by_role("heading", name="1 contact point in Südstadt")).to_be_visible()
    expect(page.get_by_role("link", name="Bibliothek Süd")).to_be_visible()
    expect(page.get_by_role("link", name="Stadtteilbüro Nordstadt")).to_have_count(0)
    expect(page.get_by_role("combobox", name="District")).to_have_value("suedstadt")

    page.get_by_role("combobox", name="District").focus()
    page.keyboard.type("A")  # "All districts"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="2 contact points")).to_be_visible()


def test_finder_leads_from_district_to_contact_point(
    page: Page, live_server_url: str, watch: PageWatch, places: None
):
    page.goto(f"{live_server_url}/en/places/")
    page.get_by_role("link", name="Find contact points by district").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Contact points by district")
    page.get_by_role("link", name="Nordstadt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact points in Nordstadt")
    page.get_by_role("link", name="Stadtteilbüro Nordstadt").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Stadtteilbüro Nordstadt")
    expect(page.get_by_role("link", name="0711 000 124")).to_have_attribute(
        "href", "tel:0711000124"
    )
    hours = page.get_by_role("table", name="Opening hours for each day of the week")
    expect(hours.get_by_role("rowheader")).to_have_count(7)
    expect(page.get_by_text("Sommerpause")).to_be_visible()


@pytest.mark.parametrize("text_size", ["normal", "large"])
def test_places_pages_reflow_at_320_pixels(
    page: Page, live_server_url: str, watch: PageWatch, places: None, text_size: str
):
    page.set_viewport_size({"width": 320, "height": 800})
    if text_size == "large":
        page.goto(f"{live_server_url}/en/places/")
        page.get_by_role("button", name="Larger text").click()
    for prefix in PREFIXES.values():
        for path in PAGES:
            page.goto(f"{live_server_url}{prefix}{path}")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{prefix}{path} scrolls sideways by {overflow}px"


def test_unknown_contact_point_is_not_found(page: Page, live_server_url: str, watch: PageWatch):
    watch.allow("status of 404")

    response = page.goto(f"{live_server_url}/en/places/nowhere/")

    assert response is not None
    assert response.status == 404


def test_a_long_list_has_pages_that_pass_axe_and_work_with_the_keyboard(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any
):
    north = DistrictFactory.create(name="Nordstadt", slug="nordstadt")
    for n in range(23):
        ContactPointFactory.create(name=f"Büro {n:02}", district=north)

    page.goto(f"{live_server_url}/en/places/?district=nordstadt")
    pages = page.get_by_role("navigation", name="Pages")
    expect(pages).to_contain_text("Page 1 of 2")
    assert_accessible("first page")
    pages.get_by_role("link", name="Next page").focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server_url}/en/places/?district=nordstadt&page=2")
    expect(page.get_by_role("heading", name="23 contact points in Nordstadt")).to_be_visible()
    expect(page.locator("main .gw-cards > li")).to_have_count(3)
    expect(pages).to_contain_text("Page 2 of 2")
    assert_accessible("second page")
    page.set_viewport_size({"width": 320, "height": 800})
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the second page scrolls sideways by {overflow}px"
