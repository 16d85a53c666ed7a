"""A facility's manager fills in the facility's profile, as people meet it: from the
header's "My facility" to "Edit the profile", the description formatted with the
toolbar by keyboard alone (Tab to a button, Enter, type), a logo uploaded, saved, and
the formatted description shown on "My facility". The editor (with its script loaded)
and "My facility" pass axe-core, and nothing is fetched from another host.

The manager is made directly in the database: registration and approval have their own
test (test_programme_registration.py)."""

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from PIL import Image
from playwright.sync_api import Page, expect

from gemeinwerk import settings as project_settings
from gemeinwerk.accounts.models import User
from gemeinwerk.programme.models import AccountStatus, FacilityAccount
from gemeinwerk.programme.models_profile import FacilityProfile
from gemeinwerk.programme.tests.factories import facility, organisation
from tests.browser.accounts_helpers import enter_signed_in
from tests.browser.conftest import PageWatch


def png_bytes() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (64, 48), "darkorange").save(output, format="PNG")
    return output.getvalue()


@pytest.fixture
def server_logos() -> Iterator[None]:
    """The server stores the logo in the project's media folder (this process's
    settings point elsewhere): removed when the test ends."""
    assert Path(project_settings.MEDIA_ROOT) != Path(settings.MEDIA_ROOT)
    yield
    storage = FileSystemStorage(location=project_settings.MEDIA_ROOT)
    for name in FacilityProfile.objects.values_list("logo", flat=True):
        if name:
            storage.delete(name)


def make_manager() -> User:
    place = facility(
        organisation("Stowarzyszenie Przyjaciół Pragi"),
        "Placówka Wsparcia Dziennego „Słoneczko”",
        address="ul. Targowa 12",
        postcode="03-731",
        city="Warszawa",
    )
    user = User.objects.create_user(
        username="sloneczko", email="sloneczko@placowki.example", is_active=True
    )
    FacilityAccount.objects.create(
        facility=place,
        user=user,
        manager_first_name="Anna",
        manager_last_name="Kowalska",
        informal_name="Słoneczko",
        status=AccountStatus.APPROVED,
    )
    return user


def test_the_manager_formats_the_profile_with_the_keyboard_and_adds_a_logo(
    page: Page,
    live_server_url: str,
    watch: PageWatch,
    assert_accessible: Any,
    server_logos: None,
) -> None:
    base = live_server_url
    manager = make_manager()
    enter_signed_in(page.context, base, manager)
    page.goto(f"{base}/en/")
    page.locator("header.gw-header").get_by_role("link", name="My facility").click()
    expect(page.locator("h1")).to_have_text("My facility")
    page.locator("main").get_by_role("link", name="Edit the profile").click()
    expect(page.locator("h1")).to_have_text("The facility's profile")

    # Pre-filled from the registration and the registry.
    expect(page.locator("[name=display_name]")).to_have_value("Słoneczko")
    expect(page.locator("[name=email]")).to_have_value("sloneczko@placowki.example")
    expect(page.locator("[name=address]")).to_have_value("ul. Targowa 12")

    toolbar = page.get_by_role("toolbar", name="Text formatting")
    editor = page.get_by_role("textbox", name="Description")
    expect(editor).to_be_visible()
    expect(page.locator("textarea[name=description]")).to_be_hidden()
    assert_accessible("the profile editor")

    # --- The description, by keyboard only ----------------------------------------------
    heading = toolbar.get_by_role("button", name="Heading", exact=True)
    bold = toolbar.get_by_role("button", name="Bold")
    bullets = toolbar.get_by_role("button", name="Bulleted list")
    page.locator("[name=display_name]").focus()
    page.keyboard.press("Tab")
    expect(heading).to_be_focused()
    page.keyboard.press("Enter")
    expect(editor).to_be_focused()
    expect(heading).to_have_attribute("aria-pressed", "true")
    page.keyboard.type("Who we are")
    page.keyboard.press("Enter")
    expect(heading).to_have_attribute("aria-pressed", "false")
    # Back to the toolbar: Shift+Tab passes link, numbered list, bulleted list, italic.
    for _ in range(5):
        page.keyboard.press("Shift+Tab")
    expect(bold).to_be_focused()
    page.keyboard.press("Enter")
    expect(editor).to_be_focused()
    expect(bold).to_have_attribute("aria-pressed", "true")
    page.keyboard.type("Welcome")
    page.keyboard.press("Control+b")
    expect(bold).to_have_attribute("aria-pressed", "false")
    page.keyboard.type(" to our day-support facility.")
    page.keyboard.press("Enter")
    for _ in range(3):
        page.keyboard.press("Shift+Tab")
    expect(bullets).to_be_focused()
    page.keyboard.press("Enter")
    expect(editor).to_be_focused()
    expect(bullets).to_have_attribute("aria-pressed", "true")
    page.keyboard.type("Homework help")
    page.keyboard.press("Enter")
    page.keyboard.type("Games and trips")
    # Tab leaves the editor, also from inside a list: no keyboard trap.
    page.keyboard.press("Tab")
    expect(editor).not_to_be_focused()

    # --- The logo, and saving -----------------------------------------------------------
    page.locator("[name=logo]").set_input_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": png_bytes()}
    )
    page.locator("[name=phone]").fill("+48 22 123 45 67")
    page.get_by_role("button", name="Save the profile").click()
    expect(page).to_have_url(f"{base}/en/facilities/mine/")

    description = page.locator("[data-facility-description]")
    expect(description.locator("h2")).to_have_text("Who we are")
    expect(description.locator("strong")).to_have_text("Welcome")
    expect(description.locator("ul > li")).to_have_text(["Homework help", "Games and trips"])
    logo = page.get_by_role("img", name="Logo of Słoneczko")
    expect(logo).to_be_visible()
    assert page.evaluate("document.querySelector('.gw-facility-logo').naturalWidth") == 64
    assert_accessible("My facility with the profile")

    profile = FacilityProfile.objects.get(facility__accounts__user=manager)
    assert profile.completed_at is not None
    assert profile.description == (
        "<h2>Who we are</h2><p><strong>Welcome</strong> to our day-support facility.</p>"
        "<ul><li><p>Homework help</p></li><li><p>Games and trips</p></li></ul>"
    )
