"""A facility's registration as people meet it, in Polish: the manager opens the
registration page from the home page (the header's language switch, "Facility
programme", "Register your facility"), chooses the operating organisation and the facility
(the list follows the organisation), registers, and cannot sign in yet; the coordinator
goes from the home page through the staff console to "Facility registrations" and
approves; the manager opens the activation link of the e-mail, activates, signs in and
reaches "My facility" from the header. The registration page, the console's list and
"My facility" pass axe-core.

Texts are the Polish catalogue's (`polish()`): translated, or the English source while
there is none. Fields are found by their names, buttons and links by what people read.
"""

import re
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from gemeinwerk.accounts.models import Role
from gemeinwerk.programme.models import AccountStatus, FacilityAccount
from gemeinwerk.programme.tests.factories import facility, organisation
from tests.browser.accounts_helpers import enter_signed_in, link_in_last_email, make_staff
from tests.browser.conftest import PageWatch
from tests.browser.texts import header, polish

EMAIL = "sloneczko@placowki.example"
PASSWORD = "Zielone jabłko na parapecie"


def test_a_facility_registers_is_approved_activates_and_signs_in(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any
) -> None:
    base = live_server_url
    praga = organisation("Stowarzyszenie Przyjaciół Pragi")
    sloneczko = facility(praga, "Placówka Wsparcia Dziennego „Słoneczko”")
    facility(praga, "Świetlica „Na Targowej”")
    other = facility(organisation("Fundacja Dom Otwarty"), "Placówka „Kamyk”")
    coordinator, _secret = make_staff("koordynacja", None, role=Role.COORDINATOR)

    # --- The manager registers the facility ---------------------------------------------
    page.goto(f"{base}/")
    page.get_by_role("navigation", name="Sprache").get_by_role("link", name="Polski").click()
    expect(page).to_have_url(f"{base}/pl/")
    page.get_by_role("navigation", name=polish("Main navigation")).get_by_role(
        "link", name=polish("Facility programme"), exact=True
    ).click()
    expect(page.locator("h1")).to_have_text(polish("Facility programme"))
    assert_accessible("the programme's page")
    page.locator("main").get_by_role("link", name=polish("Register your facility")).click()
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    facilities = page.locator("select[name=facility]")
    expect(facilities.locator("option", has_text="Słoneczko")).to_have_count(0)
    page.locator("select[name=organisation]").select_option(label=praga.name)
    # htmx replaces the facility list with the organisation's facilities.
    expect(facilities.locator("option", has_text="Słoneczko")).to_have_count(1)
    expect(facilities.locator("option", has_text=other.name)).to_have_count(0)
    assert_accessible("registration page")
    facilities.select_option(label=sloneczko.name)
    page.locator("[name=first_name]").fill("Anna")
    page.locator("[name=last_name]").fill("Kowalska")
    page.locator("[name=email]").fill(EMAIL)
    page.locator("[name=password1]").fill(PASSWORD)
    page.locator("[name=password2]").fill(PASSWORD)
    page.locator("[name=informal_name]").fill("Słoneczko")
    page.get_by_role("button", name=polish("Register the facility")).click()
    expect(page).to_have_url(f"{base}/pl/facilities/register/sent/")
    account = FacilityAccount.objects.get(facility=sloneczko)
    assert account.status == AccountStatus.WAITING

    # Signing in before the decision: a kind word, no session.
    header(page).get_by_role("link", name=polish("Sign in")).click()
    page.locator("input[name=login]").fill(EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("h1")).to_have_text(polish("Your facility's account is not active yet"))

    # --- The coordinator approves --------------------------------------------------------
    enter_signed_in(page.context, base, coordinator)
    page.goto(f"{base}/pl/")
    header(page).get_by_role("link", name=polish("Staff console")).click()
    page.get_by_role("navigation", name=polish("Staff console")).get_by_role(
        "link", name=polish("Facility registrations"), exact=True
    ).click()
    expect(page.locator("h1")).to_have_text(polish("Facility registrations"))
    expect(page.locator("main")).to_contain_text(EMAIL)
    assert_accessible("console: facility registrations")
    page.get_by_role("button", name=re.compile(rf"^{re.escape(polish('Approve'))}")).click()
    expect(page.locator("main")).to_contain_text(polish("No registration is waiting."))
    page.context.clear_cookies()

    # --- The manager activates and signs in ----------------------------------------------
    link = link_in_last_email(EMAIL, "/facilities/activate/")
    assert "/pl/" in link
    # The e-mail links to the installation's address (SITE_URL); the test's server is
    # on another port.
    page.goto(base + urlsplit(link).path)
    page.get_by_role("button", name=polish("Activate the account")).click()
    page.locator("input[name=login]").fill(EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("form[action$='/accounts/logout/']").first).to_be_attached()
    header(page).get_by_role("link", name=polish("My facility")).click()
    expect(page.locator("h1")).to_have_text(polish("My facility"))
    expect(page.locator("main")).to_contain_text(sloneczko.name)
    expect(page.locator("main")).to_contain_text("Anna Kowalska")
    assert_accessible("my facility")
    watch.assert_clean()
