"""Every role reaches its main screens by clicking, starting at the home page: no address
is typed but the home page's. Each screen reached passes axe-core.

A member and staff sign in by clicking (the staff member with the second factor); the
other roles start signed in (accounts_helpers.enter_signed_in).

The pages are the English ones: links are found by the names people read.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from gemeinwerk.accounts.models import Role, TrustLevel
from gemeinwerk.accounts.tests.factories import member_who_can_sign_in
from gemeinwerk.groups.models import Group
from gemeinwerk.groups.tests.factories import GroupFactory, make_host, make_occurrence
from gemeinwerk.places.models import ContactPoint
from gemeinwerk.places.tests.factories import ContactPointFactory
from tests.browser.accounts_helpers import enter_signed_in, make_staff, totp_code
from tests.browser.conftest import PageWatch

PASSWORD = "Lange-Passwort-1"


@dataclass
class Town:
    office: ContactPoint
    group: Group


@pytest.fixture
def town() -> Town:
    office = ContactPointFactory.create(name="Treffpunkt Lindenhof")
    group = GroupFactory.create(name="Angehörige im Gespräch", contact_point=office)
    return Town(office, group)


def header(page: Page) -> Locator:
    return page.locator("header.gw-header")


def main_nav(page: Page, name: str) -> Locator:
    return page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name=name, exact=True
    )


def main(page: Page) -> Locator:
    return page.locator("main")


def open_home(page: Page, base: str) -> None:
    # The only address typed in this module.
    page.goto(f"{base}/en/")


def sign_in_by_clicking(page: Page, login: str, secret: str = "") -> None:
    header(page).get_by_role("link", name="Sign in").click()
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill(PASSWORD)
    main(page).locator("form button[type=submit]").first.click()
    if secret:
        page.locator("input[name=code]").fill(totp_code(secret))
        main(page).locator("form button[type=submit]").first.click()
    expect(page.locator("form[action$='/accounts/logout/']").first).to_be_attached()


def reach(page: Page, link: Locator, heading: str, assert_accessible: Any) -> None:
    """Click `link`, land on the page with `heading`, check it with axe-core."""
    link.click()
    expect(page.locator("h1")).to_have_text(heading)
    assert_accessible(heading)


def test_a_guest_reaches_the_public_screens(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any, town: Town
):
    open_home(page, live_server_url)
    assert_accessible("home")

    reach(page, main_nav(page, "Neighbourhood help"), "Neighbourhood help", assert_accessible)
    reach(page, main_nav(page, "Contact points"), "Contact points", assert_accessible)
    reach(
        page,
        main(page).get_by_role("link", name=town.office.name),
        town.office.name,
        assert_accessible,
    )
    reach(page, main_nav(page, "Self-help groups"), "Self-help groups", assert_accessible)
    reach(
        page,
        main(page).get_by_role("link", name=town.group.name),
        town.group.name,
        assert_accessible,
    )
    expect(main(page).get_by_role("link", name="Manage this group")).to_have_count(0)
    main(page).get_by_role("link", name="Ask the group a question").click()
    assert_accessible("join request")
    reach(page, main_nav(page, "Join a meeting"), "Join a meeting", assert_accessible)
    reach(page, main_nav(page, "Facility programme"), "Facility programme", assert_accessible)
    main(page).get_by_role("link", name="Register your facility").click()
    expect(page.locator("select[name=organisation]")).to_be_visible()
    main_nav(page, "Help").click()
    assert_accessible("help")
    page.get_by_role("contentinfo").get_by_role("link", name="Privacy").click()
    assert_accessible("privacy")
    page.get_by_role("contentinfo").get_by_role("link", name="House rules").click()
    assert_accessible("house rules")
    header(page).get_by_role("link", name="Sign up").click()
    expect(page.locator("input[name=email]")).to_be_visible()
    assert_accessible("sign up")


def member_screens(page: Page, assert_accessible: Any) -> None:
    """What every signed-in member reaches from their account page."""
    account = header(page).get_by_role("link", name="My account")
    for link, heading in [
        ("My profile and who sees it", "My profile"),
        ("Where I am signed in", None),
        ("Two-factor sign-in", None),
        ("Delete my account", None),
    ]:
        account.click()
        main(page).get_by_role("link", name=link).click()
        if heading:
            expect(page.locator("h1")).to_have_text(heading)
        assert_accessible(link)


def test_a_member_reaches_their_account_and_asks_for_verification(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any, town: Town
):
    member_who_can_sign_in(username="neu_hier")
    open_home(page, live_server_url)

    sign_in_by_clicking(page, "neu_hier")

    expect(page.locator("h1")).to_have_text("My account")
    assert_accessible("my account")
    expect(header(page).get_by_role("link", name="My groups")).to_have_count(0)
    expect(header(page).get_by_role("link", name="Staff console")).to_have_count(0)
    main(page).get_by_role("link", name="Ask this contact point").first.click()
    expect(page.locator("select, input[name=contact_point]").first).to_be_attached()
    assert_accessible("verification request")
    member_screens(page, assert_accessible)


def test_a_verified_member_reaches_the_group_proposal(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any, town: Town
):
    mila = member_who_can_sign_in(username="mila", trust_level=TrustLevel.VERIFIED)
    enter_signed_in(page.context, live_server_url, mila)
    open_home(page, live_server_url)
    header(page).get_by_role("link", name="My account").click()
    expect(main(page).get_by_text("Your account is verified.")).to_be_visible()

    reach(page, main_nav(page, "Self-help groups"), "Self-help groups", assert_accessible)
    main(page).get_by_role("link", name="Propose a group").click()
    expect(page.locator("form input[name=name]")).to_be_visible()
    assert_accessible("propose a group")
    member_screens(page, assert_accessible)


def test_a_host_reaches_their_group_from_the_header_the_account_and_the_group_page(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any, town: Town
):
    host = make_host(town.group, username="gruppenleitung_eva")
    make_occurrence(town.group, starts_at=timezone.now() + timedelta(days=3))
    enter_signed_in(page.context, live_server_url, host)
    open_home(page, live_server_url)
    header(page).get_by_role("link", name="My account").click()

    # The account page names the host's groups.
    reach(page, main(page).get_by_role("link", name="My groups"), "My groups", assert_accessible)
    # So does the header, on every page.
    main_nav(page, "Help").click()
    reach(page, header(page).get_by_role("link", name="My groups"), "My groups", assert_accessible)
    main(page).get_by_role("link", name=town.group.name).click()
    expect(page.locator("h1")).to_contain_text(town.group.name)
    assert_accessible("dashboard")
    dashboard_url = page.url
    main(page).locator("a[href*='/meetings/']").first.click()
    assert_accessible("meeting")
    # The group's public page leads back to managing it.
    reach(page, main_nav(page, "Self-help groups"), "Self-help groups", assert_accessible)
    main(page).get_by_role("link", name=town.group.name).click()
    main(page).get_by_role("link", name="Manage this group").click()
    expect(page).to_have_url(dashboard_url)


def test_staff_reach_the_console_and_its_screens(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any, town: Town
):
    _staff, secret = make_staff("team_lindenhof", town.office)
    open_home(page, live_server_url)
    sign_in_by_clicking(page, "team_lindenhof", secret)

    main(page).get_by_role("link", name="Staff console").click()
    assert_accessible("staff console from the account page")
    main_nav(page, "Help").click()
    header(page).get_by_role("link", name="Staff console").click()
    console = page.get_by_role("navigation", name="Staff console")
    for name in [
        "Verification queue",
        "Find a member",
        "New assisted account",
        "Self-help groups",
        "Search calls",
        "Safe visits",
        "Help texts",
        "Audit trail",
    ]:
        console.get_by_role("link", name=name).click()
        expect(console.get_by_role("link", name=name)).to_have_attribute("aria-current", "page")
        assert_accessible(f"staff console: {name}")
    expect(header(page).get_by_role("link", name="Staff console")).to_have_attribute(
        "aria-current", "page"
    )


def console_screens(page: Page, names: list[str], assert_accessible: Any) -> None:
    console = page.get_by_role("navigation", name="Staff console")
    expect(console.get_by_role("link")).to_have_count(len(names))
    for name in names:
        console.get_by_role("link", name=name).click()
        expect(console.get_by_role("link", name=name)).to_have_attribute("aria-current", "page")
        assert_accessible(f"staff console: {name}")


def test_a_coordinator_reaches_the_console_screens_they_may_use(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any, town: Town
):
    coordinator, _secret = make_staff("programmbuero", None, role=Role.COORDINATOR)
    enter_signed_in(page.context, live_server_url, coordinator)
    open_home(page, live_server_url)

    header(page).get_by_role("link", name="Staff console").click()
    # Coordinators do not look people up: no link that would only say "not allowed".
    console_screens(
        page,
        [
            "Verification queue",
            "Self-help groups",
            "Help texts",
            "Programme overview",
            "Facility registry",
            "Facility registrations",
            "Reward basket",
            "Evaluations to accept",
            "Audit trail",
        ],
        assert_accessible,
    )
    expect(header(page).get_by_role("link", name="Administration")).to_have_count(0)


def test_an_admin_reaches_the_console_and_the_administration(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any, town: Town
):
    admin, _secret = make_staff("betrieb", None, role=None)
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    enter_signed_in(page.context, live_server_url, admin)
    open_home(page, live_server_url)
    header(page).get_by_role("link", name="My account").click()

    main(page).get_by_role("link", name="Staff console").click()
    console_screens(
        page,
        [
            "Verification queue",
            "Find a member",
            "New assisted account",
            "Roles",
            "Self-help groups",
            "Networks",
            "Reports",
            "Search calls",
            "Safe visits",
            "Help texts",
            "Programme overview",
            "Facility registry",
            "Facility registrations",
            "Reward basket",
            "Evaluations to accept",
            "Audit trail",
        ],
        assert_accessible,
    )
    header(page).get_by_role("link", name="Administration").click()
    expect(page.locator("#site-name, h1").first).to_be_visible()
    assert_accessible("administration")
