"""The facility registry as the programme office meets it: the coordinator reaches it
from the home page through the staff console, imports the city's official list (the
sample file coordinators get, docs/samples/facility-registry.csv), checks the preview,
confirms, finds the facilities and corrects one. The list, the preview and the edit
page pass axe-core. The only address typed is the English home page."""

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect

from gemeinwerk.accounts.models import Role
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.programme.models import Facility, Organisation
from tests.browser.accounts_helpers import enter_signed_in, make_staff
from tests.browser.conftest import PageWatch

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "facility-registry.csv"
KAMYK = "Placówka Wsparcia Dziennego „Kamyk”"


def main(page: Page) -> Locator:
    return page.locator("main")


def h1(page: Page) -> Locator:
    return page.locator("h1")


def test_the_coordinator_imports_the_official_list_and_corrects_a_facility(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any
):
    base = live_server_url
    coordinator, _secret = make_staff("programmbuero", None, role=Role.COORDINATOR)
    enter_signed_in(page.context, base, coordinator)
    page.goto(f"{base}/en/")

    page.locator("header.gw-header").get_by_role("link", name="Staff console").click()
    console = page.get_by_role("navigation", name="Staff console")
    console.get_by_role("link", name="Facility registry").click()
    expect(h1(page)).to_have_text("Facility registry")
    expect(main(page)).to_contain_text("The registry is empty.")
    assert_accessible("registry, empty")

    # --- Upload, preview, confirm -------------------------------------------------------
    main(page).get_by_role("link", name="Import the official list").click()
    expect(h1(page)).to_have_text("Import the official list")
    main(page).get_by_label("The official list as a CSV file").set_input_files(SAMPLE)
    main(page).get_by_role("button", name="Check the file").click()
    expect(h1(page)).to_have_text("Check the import")
    expect(main(page)).to_contain_text("The file “facility-registry.csv” is in order.")
    new_facilities = main(page).get_by_role("table", name="New facilities")
    expect(new_facilities.locator("tbody tr")).to_have_count(9)
    expect(new_facilities).to_contain_text(KAMYK)
    assert_accessible("registry: preview")
    assert Facility.objects.count() == 0  # nothing is saved before the confirmation

    main(page).get_by_role("button", name="Confirm the import").click()
    expect(page.locator(".gw-messages")).to_contain_text(
        "The official list is imported: 9 new facilities, 0 changed."
    )
    expect(h1(page)).to_have_text("Facility registry")
    expect(main(page)).to_contain_text("4 operating organisations")
    expect(
        main(page).get_by_role("table", name="Facilities of Fundacja Dom Otwarty")
    ).to_contain_text(KAMYK)
    assert_accessible("registry: the imported list")

    # --- Search, then correct a facility ------------------------------------------------------
    main(page).get_by_role("textbox", name="Name or number").fill("Kamyk")
    main(page).get_by_role("button", name="Search").click()
    expect(main(page)).to_contain_text("1 operating organisation")
    main(page).get_by_role("link", name=KAMYK).click()
    expect(h1(page)).to_have_text(f"Edit {KAMYK}")
    assert_accessible("registry: a facility")
    main(page).get_by_role("textbox", name="Address").fill("ul. Wolska 73")
    main(page).get_by_role("checkbox", name="On the official list").uncheck()
    main(page).get_by_role("button", name="Save").click()
    expect(page.locator(".gw-messages")).to_contain_text("The facility is saved.")
    expect(main(page)).to_contain_text("ul. Wolska 73")

    kamyk = Facility.objects.get(name=KAMYK)
    assert (kamyk.address, kamyk.listed) == ("ul. Wolska 73", False)
    assert Organisation.objects.count() == 4
    assert list(AuditEvent.objects.filter(actor=coordinator).values_list("action", flat=True)) == [
        "programme.facility_edited",
        "programme.registry_imported",
    ]
    assert re.search(r"/staff/programme/registry/", page.url)
