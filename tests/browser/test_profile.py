"""The profile as members meet it: filled in with the keyboard, a picture uploaded, a
visibility for each field, previewed as others see it; visitors see only what is public.

The server is another process with its own MEDIA_ROOT (the project default, not this
test's temporary folder): pictures it stores, and pictures a test puts there for it, are
removed again by the `server_pictures` fixture.
"""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import FilePayload, Locator, Page, expect

from gemeinwerk import settings as project_settings
from gemeinwerk.accounts.models import Profile, TrustLevel, User, Visibility
from gemeinwerk.accounts.models.profile import picture_path
from gemeinwerk.accounts.pictures import process_picture
from gemeinwerk.accounts.services.profile import update_profile
from gemeinwerk.accounts.tests import images
from gemeinwerk.accounts.tests.factories import UserFactory
from gemeinwerk.places.tests.factories import DistrictFactory
from tests.browser.accounts_helpers import enter_signed_in
from tests.browser.conftest import PageWatch

PREFIXES = {"de": "", "pl": "/pl", "en": "/en"}
ABOUT = "Ich gärtnere gern und repariere Fahrräder."
PHONE = "+49 711 987654"


class ServerPictures:
    """Pictures in the server's media folder, deleted when the test ends."""

    def __init__(self) -> None:
        # The project's setting, not django.conf.settings: the root conftest points the
        # latter at a temporary folder for this process only.
        assert Path(project_settings.MEDIA_ROOT) != Path(settings.MEDIA_ROOT)
        self.storage = FileSystemStorage(location=project_settings.MEDIA_ROOT)
        self.members: list[User] = []

    def give(self, member: User) -> None:
        """A picture for the member, stored where the server looks for it."""
        content = process_picture(
            SimpleUploadedFile("p.png", images.png((300, 200)), content_type="image/png")
        )
        name = self.storage.save(picture_path(Profile(user=member), content.name or ""), content)
        Profile.objects.filter(user=member).update(picture=name)
        self.watch(member)

    def watch(self, member: User) -> None:
        self.members.append(member)

    def remove_all(self) -> None:
        for member in self.members:
            for name in Profile.objects.filter(user=member).values_list("picture", flat=True):
                if name:
                    self.storage.delete(name)


@pytest.fixture
def server_pictures() -> Iterator[ServerPictures]:
    pictures = ServerPictures()
    yield pictures
    pictures.remove_all()


def make_member(username: str, **kwargs: Any) -> User:
    return UserFactory.create(username=username, **kwargs)


def group(page: Page, name: str) -> Locator:
    return page.get_by_role("group", name=name, exact=True)


def choose(page: Page, question: str, answer: str, steps: int) -> None:
    """Pick a visibility with the keyboard: Tab into the radio group, arrow down."""
    radios = group(page, question)
    radios.get_by_role("radio", checked=True).focus()
    for _ in range(steps):
        page.keyboard.press("ArrowDown")
    expect(radios.get_by_role("radio", name=answer)).to_be_checked()


def test_a_member_fills_in_the_profile_with_the_keyboard_and_previews_it(
    page: Page, live_server_url: str, watch: PageWatch, server_pictures: ServerPictures
):
    DistrictFactory.create(name="Nordstadt", slug="nordstadt")
    member = make_member("mila_b", trust_level=TrustLevel.VERIFIED)
    server_pictures.watch(member)
    enter_signed_in(page.context, live_server_url, member)
    page.goto(f"{live_server_url}/en/me/profile/")

    # Each field and its visibility are one group, so a screen reader names both.
    display = group(page, "Display name")
    expect(display.get_by_role("group", name="Who can see your display name?")).to_be_visible()

    display.get_by_label("Display name").focus()
    page.keyboard.type("Mila B.")
    page.keyboard.press("Tab")
    expect(
        group(page, "Who can see your display name?").get_by_role("radio", name="Only me")
    ).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(
        group(page, "Who can see your display name?").get_by_role("radio", name="Everyone")
    ).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("About me")).to_be_focused()
    page.keyboard.type(ABOUT)
    choose(page, "Who can see what you wrote about yourself?", "Verified members", 1)

    languages = group(page, "Languages I speak")
    languages.get_by_role("checkbox", name="German", exact=True).focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # Polish
    expect(languages.get_by_role("checkbox", name="Polish")).to_be_checked()
    choose(page, "Who can see your languages?", "Everyone", 2)

    page.get_by_label("District").focus()
    page.keyboard.type("Nord")
    expect(page.get_by_label("District")).to_have_value(re.compile(r"\d+"))
    page.get_by_label("Phone").focus()
    page.keyboard.type(PHONE)
    choose(page, "Who can see your phone number?", "Verified members", 1)

    page.get_by_label("New picture").set_input_files(
        files=FilePayload(name="ich.png", mimeType="image/png", buffer=images.png((900, 600)))
    )
    choose(page, "Who can see your picture?", "Everyone", 2)
    page.get_by_role("button", name="Save profile").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Your profile has been saved.")
    current = page.get_by_role("img", name="Your current picture")
    expect(current).to_be_visible()
    assert current.evaluate("img => img.complete && img.naturalWidth") == 512
    expect(page.get_by_label("Remove my picture")).not_to_be_checked()

    page.get_by_role("link", name="As everyone sees it (without an account)").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mila B.")
    expect(page.get_by_role("img", name="Picture of Mila B.")).to_be_visible()
    expect(page.get_by_text("Polish")).to_be_visible()
    expect(page.get_by_text(ABOUT)).to_have_count(0)
    expect(page.get_by_text(PHONE)).to_have_count(0)

    page.goto(f"{live_server_url}/en/me/profile/")
    page.get_by_role("link", name="As verified members see it").click()
    expect(page.get_by_text(ABOUT)).to_be_visible()
    expect(page.get_by_role("link", name=PHONE)).to_have_attribute("href", "tel:+49711987654")

    # A visitor without an account.
    detail = f"{live_server_url}/en/members/{member.public_id}/"
    page.context.clear_cookies()
    page.goto(detail)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mila B.")
    expect(page.get_by_text("Verified member")).to_be_visible()
    expect(page.get_by_text("Polish")).to_be_visible()
    expect(page.get_by_text(ABOUT)).to_have_count(0)
    expect(page.get_by_text(PHONE)).to_have_count(0)
    expect(page.get_by_text("This is your profile.")).to_have_count(0)


def test_visitors_see_only_public_fields(
    page: Page, live_server_url: str, watch: PageWatch, server_pictures: ServerPictures
):
    member = make_member("jonas_k")
    update_profile(
        member=member,
        data={
            "display_name": "Jonas K.",
            "display_name_visibility": Visibility.VERIFIED,
            "about": ABOUT,
            "about_visibility": Visibility.PUBLIC,
            "phone": PHONE,
            "phone_visibility": Visibility.NOBODY,
            "picture_visibility": Visibility.VERIFIED,
        },
    )
    server_pictures.give(member)

    page.goto(f"{live_server_url}/en/members/{member.public_id}/")

    expect(page.get_by_role("heading", level=1)).to_have_text("jonas_k")
    expect(page.get_by_text(ABOUT)).to_be_visible()
    expect(page.get_by_text("Jonas K.")).to_have_count(0)
    expect(page.get_by_text(PHONE)).to_have_count(0)
    expect(page.get_by_role("img")).to_have_count(0)
    expect(page.get_by_text("Verified member")).to_have_count(0)
    watch.allow("status of 404")
    response = page.goto(f"{live_server_url}/en/members/{member.public_id}/picture/")
    assert response is not None
    assert response.status == 404


def filled_profile(member: User, server_pictures: ServerPictures) -> None:
    update_profile(
        member=member,
        data={
            "display_name": "Mila B.",
            "about": ABOUT,
            "languages": ["de", "pl", "uk"],
            "phone": PHONE,
            "district": DistrictFactory.create(name="Nordstadt", slug="nordstadt"),
            **{f"{name}_visibility": Visibility.PUBLIC for name in Profile.FIELDS},
            "phone_visibility": Visibility.VERIFIED,
        },
    )
    server_pictures.give(member)


@pytest.mark.parametrize("language", ["de", "pl", "en"])
def test_profile_pages_pass_axe(
    page: Page,
    live_server_url: str,
    watch: PageWatch,
    assert_accessible: Any,
    server_pictures: ServerPictures,
    language: str,
):
    member = make_member("mila_b", trust_level=TrustLevel.VERIFIED)
    filled_profile(member, server_pictures)
    prefix = PREFIXES[language]
    detail = f"{live_server_url}{prefix}/members/{member.public_id}/"
    enter_signed_in(page.context, live_server_url, member)

    page.goto(f"{live_server_url}{prefix}/me/profile/")
    assert_accessible(f"{language} edit")

    page.locator("#id_phone").fill("ruf mich an")
    page.locator("#id_picture").set_input_files(
        files=FilePayload(name="x.jpg", mimeType="image/jpeg", buffer=b"kein Bild")
    )
    page.locator("form.gw-form button[type=submit]").click()
    alert = page.get_by_role("alert")
    expect(alert.locator("a[href='#id_phone']")).to_be_visible()
    expect(page.locator("#id_phone")).to_have_attribute("aria-invalid", "true")
    assert_accessible(f"{language} edit with errors")
    alert.locator("a[href='#id_phone']").click()
    expect(page).to_have_url(re.compile("#id_phone$"))

    for view in ("", "?as=public", "?as=verified"):
        page.goto(detail + view)
        assert_accessible(f"{language} detail {view or 'owner'}")
    page.context.clear_cookies()
    page.goto(detail)
    assert_accessible(f"{language} detail anonymous")


@pytest.mark.parametrize("text_size", ["normal", "large"])
def test_profile_pages_reflow_at_320_pixels(
    page: Page,
    live_server_url: str,
    watch: PageWatch,
    server_pictures: ServerPictures,
    text_size: str,
):
    member = make_member("mila_b")
    filled_profile(member, server_pictures)
    # Long words must wrap rather than widen the page.
    update_profile(
        member=member,
        data={
            "display_name": "Maximiliane-Friederike-Großenbacher",
            "about": "Donaudampfschifffahrtsgesellschaftskapitänswitwe " * 3,
        },
    )
    enter_signed_in(page.context, live_server_url, member)
    page.set_viewport_size({"width": 320, "height": 800})
    if text_size == "large":
        page.goto(f"{live_server_url}/")
        page.get_by_role("button", name="Größere Schrift").click()

    pages = [
        "/me/profile/",
        f"/members/{member.public_id}/",
        f"/members/{member.public_id}/?as=public",
    ]
    for prefix in PREFIXES.values():
        for path in pages:
            page.goto(f"{live_server_url}{prefix}{path}")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{prefix}{path} scrolls sideways by {overflow}px at 320px"
