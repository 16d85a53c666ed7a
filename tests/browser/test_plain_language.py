"""Plain language, as people meet it in German: the control beside "Larger text" switches
the key pages (home, join a meeting, the room rules, getting verified) to their plain
version and back; a signed-in person's choice follows them to another device. Each
plain page passes axe-core and reflows at 200% zoom and on a phone, with larger text too.
"""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect

from gemeinwerk.accounts.models import TrustLevel, User
from gemeinwerk.accounts.tests.factories import member_who_can_sign_in
from gemeinwerk.groups.models import Occurrence
from gemeinwerk.groups.tests.factories import GroupFactory, code_of, make_occurrence
from gemeinwerk.places.tests.factories import ContactPointFactory
from tests.browser.accounts_helpers import enter_signed_in
from tests.browser.layout import assert_reflows

# The German words people read (gemeinwerk/locale/de/LC_MESSAGES/django.po).
PLAIN = "Einfache Sprache"  # "Plain language"
LARGER_TEXT = "Größere Schrift"  # "Larger text"
JOIN = "An einem Treffen teilnehmen"  # "Join a meeting"
HOME_PLAIN = "Gemeinwerk ist eine Website für Ihre Nachbarschaft."
HOME_USUAL = "Gemeinwerk bringt"
JOIN_PLAIN = "Geben Sie den Raumcode ein."
RULES_PLAIN = "Lesen Sie die Gesprächsregeln unten."
VERIFY_PLAIN = "So gehen Sie vor:"


@pytest.fixture
def occurrence() -> Occurrence:
    group = GroupFactory.create(name="Gesprächskreis Zuversicht")
    return make_occurrence(group, starts_at=timezone.now() - timedelta(minutes=5))


def header(page: Page) -> Locator:
    return page.locator("header.gw-header")


def switch(page: Page, name: str) -> Locator:
    return header(page).get_by_role("button", name=name, exact=True)


def main(page: Page) -> Locator:
    return page.locator("main")


def test_a_guest_reads_home_join_and_rules_in_plain_language(
    page: Page, live_server_url: str, occurrence: Occurrence, assert_accessible: Any
):
    page.goto(f"{live_server_url}/")
    expect(main(page)).to_contain_text(HOME_USUAL)
    expect(switch(page, PLAIN)).to_have_attribute("aria-pressed", "false")

    switch(page, PLAIN).click()
    expect(switch(page, PLAIN)).to_have_attribute("aria-pressed", "true")
    expect(main(page)).to_contain_text(HOME_PLAIN)
    expect(main(page)).not_to_contain_text(HOME_USUAL)
    assert_accessible("home, plain language")
    switch(page, LARGER_TEXT).click()
    expect(page.locator("html")).to_have_class("gw-text-large")
    assert_reflows(page, "home, plain language, larger text")

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name=JOIN, exact=True
    ).click()
    expect(main(page)).to_contain_text(JOIN_PLAIN)
    assert_accessible("join a meeting, plain language")
    assert_reflows(page, "join a meeting, plain language")
    main(page).locator("input[name=code]").fill(code_of(occurrence))
    main(page).locator("input[name=nickname]").fill("Zora")
    main(page).locator("form button[type=submit]").click()
    expect(main(page)).to_contain_text(RULES_PLAIN)
    assert_accessible("room rules, plain language")
    assert_reflows(page, "room rules, plain language")

    switch(page, PLAIN).click()  # and back, on the page where one is
    expect(main(page)).not_to_contain_text(RULES_PLAIN)
    expect(switch(page, PLAIN)).to_have_attribute("aria-pressed", "false")


def test_a_members_choice_follows_them_to_another_device_and_the_verification_page(
    page: Page,
    browser: Browser,
    browser_context_args: dict[str, Any],
    live_server_url: str,
    assert_accessible: Any,
):
    ContactPointFactory.create(name="Treffpunkt Lindenhof")
    member = member_who_can_sign_in(username="mila", trust_level=TrustLevel.UNVERIFIED)
    enter_signed_in(page.context, live_server_url, member)
    page.goto(f"{live_server_url}/")
    switch(page, PLAIN).click()
    expect(main(page)).to_contain_text(HOME_PLAIN)
    assert User.objects.get(pk=member.pk).plain_language is True

    header(page).get_by_role("link", name="Mein Konto", exact=True).click()
    main(page).get_by_role("link", name="Diese Anlaufstelle fragen").first.click()
    expect(main(page)).to_contain_text(VERIFY_PLAIN)
    assert_accessible("getting verified, plain language")
    assert_reflows(page, "getting verified, plain language")

    laptop = browser.new_context(**browser_context_args)
    try:
        other = laptop.new_page()
        enter_signed_in(laptop, live_server_url, member)
        other.goto(f"{live_server_url}/")
        expect(switch(other, PLAIN)).to_have_attribute("aria-pressed", "true")
        expect(main(other)).to_contain_text(HOME_PLAIN)
    finally:
        laptop.close()
