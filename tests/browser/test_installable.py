"""The platform as an installable web app (gemeinwerk/core/pwa.py): Chromium finds nothing
missing to put it on a home screen, and a page it cannot reach shows our offline page.

127.0.0.1 is a secure context, so the service worker runs over plain HTTP here.
"""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, BrowserType, Page, expect

from gemeinwerk.accounts.tests.factories import member_who_can_sign_in
from tests.browser.accounts_helpers import enter_signed_in
from tests.browser.conftest import PageWatch


@pytest.fixture
def context(
    browser_type: BrowserType,
    browser_type_launch_args: dict[str, Any],
    browser_context_args: dict[str, Any],
    tmp_path: Path,
) -> Iterator[BrowserContext]:
    """A browser profile of its own: Chromium offers no installation in an incognito
    context, and every context Playwright makes otherwise is one. Service workers are
    allowed here whatever other tests choose (they block them where they route pages)."""
    context = browser_type.launch_persistent_context(
        tmp_path / "profile",
        **browser_type_launch_args,
        **{**browser_context_args, "service_workers": "allow"},
    )
    yield context
    context.close()


# Resolves once the worker is active: its install step has kept the offline pages.
WORKER_READY = """async () => {
  const registration = await navigator.serviceWorker.ready;
  return registration.active.scriptURL;
}"""


def test_chromium_finds_nothing_missing_to_install_the_site(
    page: Page, live_server_url: str, watch: PageWatch
):
    page.goto(f"{live_server_url}/")

    assert page.evaluate(WORKER_READY) == f"{live_server_url}/sw.js"
    devtools = page.context.new_cdp_session(page)
    manifest = devtools.send("Page.getAppManifest")
    assert manifest["url"] == f"{live_server_url}/manifest.webmanifest"
    assert manifest["errors"] == [], json.dumps(manifest["errors"], indent=2)
    installability = devtools.send("Page.getInstallabilityErrors")
    errors = installability["installabilityErrors"]
    assert errors == [], json.dumps(errors, indent=2)


def test_offline_page_shows_when_the_server_cannot_be_reached(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any
):
    page.goto(f"{live_server_url}/en/")
    page.evaluate(WORKER_READY)

    page.context.set_offline(True)
    page.goto(f"{live_server_url}/en/help/")

    # The address stays the one asked for; the page says what happened, in its language.
    expect(page).to_have_url(f"{live_server_url}/en/help/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("No connection")
    # Styled from the kept style sheets, not the browser's defaults.
    font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "Fira Sans" in font
    assert_accessible("offline page")

    # Back online, "Try again" loads the page that was asked for.
    page.context.set_offline(False)
    page.get_by_role("link", name="Try again").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Help")
    expect(page).to_have_url(f"{live_server_url}/en/help/")


def test_the_kept_offline_page_holds_nobodys_name(
    page: Page, live_server_url: str, watch: PageWatch
):
    # The worker fetches the offline pages without cookies: a signed-in person's name
    # or session must never be kept on the device.
    member = member_who_can_sign_in()
    enter_signed_in(page.context, live_server_url, member)
    page.goto(f"{live_server_url}/en/")
    expect(page.get_by_text(f"Signed in as {member.get_username()}")).to_be_visible()
    page.evaluate(WORKER_READY)

    kept = page.evaluate(
        """async () => {
          const names = await caches.keys();
          const cache = await caches.open(names.find((name) => name.startsWith("gemeinwerk-")));
          const response = await cache.match("/en/offline/", { ignoreVary: true });
          return response.text();
        }"""
    )

    assert "No connection" in kept
    assert member.get_username() not in kept
    assert "Sign in" in kept
