"""The platform's base, as people meet it in a browser."""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation
from playwright.sync_api import Browser, Page, Route, expect

from gemeinwerk.accounts.tests.factories import member_who_can_sign_in
from gemeinwerk.core import views
from gemeinwerk.core.tests.test_pages import HEADINGS
from tests.browser.conftest import PageWatch

PAGES = ["/", "/help/", "/privacy/", "/accounts/login/"]
PREFIXES = {"de": "", "pl": "/pl", "en": "/en"}


@pytest.mark.parametrize("language", ["de", "pl", "en"])
def test_home_page_renders_in_each_language(
    page: Page, live_server_url: str, watch: PageWatch, language: str
):
    page.goto(f"{live_server_url}{PREFIXES[language]}/")

    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADINGS[language])
    # htmx loaded under the strict CSP: the nonce works.
    assert page.evaluate("typeof window.htmx") == "object"


def test_language_switch_keeps_the_page(page: Page, live_server_url: str, watch: PageWatch):
    page.goto(f"{live_server_url}/help/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hilfe")

    languages = page.get_by_role("navigation", name="Sprache")
    languages.get_by_role("link", name="Polski").click()

    expect(page).to_have_url(f"{live_server_url}/pl/help/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pomoc")
    page.get_by_role("navigation", name="Język").get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{live_server_url}/en/help/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Help")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Deutsch").click()
    expect(page).to_have_url(f"{live_server_url}/help/")


def test_skip_link_is_the_first_stop_and_jumps_to_the_content(
    page: Page, live_server_url: str, watch: PageWatch
):
    page.goto(f"{live_server_url}/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")

    expect(page.locator("#main")).to_be_focused()


def test_larger_text_switch_works_with_the_keyboard(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any
):
    page.goto(f"{live_server_url}/pl/help/")
    normal = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    button = page.get_by_role("button", name="Większy tekst")
    expect(button).to_have_attribute("aria-pressed", "false")

    button.focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server_url}/pl/help/")
    expect(page.get_by_role("button", name="Większy tekst")).to_have_attribute(
        "aria-pressed", "true"
    )
    larger = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert larger >= normal * 1.2
    assert_accessible("large text")

    page.get_by_role("button", name="Większy tekst").click()
    expect(page.locator("html")).not_to_have_class(re.compile("gw-text-large"))


@pytest.mark.parametrize("language", ["de", "pl", "en"])
def test_every_page_passes_axe(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any, language: str
):
    for path in PAGES:
        page.goto(f"{live_server_url}{PREFIXES[language]}{path}")
        assert_accessible(f"{language} {path}")

    watch.allow("status of 404")
    page.goto(f"{live_server_url}{PREFIXES[language]}/no-such-page/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(f"{language} 404")


def test_pages_pass_axe_with_larger_text_and_when_signed_in(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any
):
    member_who_can_sign_in(username="mila", password="Lange-Passwort-1")
    page.goto(f"{live_server_url}/")
    page.get_by_role("button", name="Größere Schrift").click()
    for path in PAGES:
        page.goto(f"{live_server_url}{path}")
        assert_accessible(f"large text {path}")

    page.goto(f"{live_server_url}/accounts/login/")
    page.locator("main form button[type=submit]").click()
    assert_accessible("login form with errors")
    page.get_by_label("Benutzername oder E-Mail-Adresse").fill("mila")
    page.get_by_label("Passwort").fill("Lange-Passwort-1")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_text("Angemeldet als mila", exact=True)).to_be_visible()
    assert_accessible("signed in, my account")


@pytest.mark.parametrize("width", [640, 320])
@pytest.mark.parametrize("text_size", ["normal", "large"])
def test_pages_reflow_without_sideways_scrolling(
    page: Page, live_server_url: str, watch: PageWatch, width: int, text_size: str
):
    """640 CSS pixels is a 1280-pixel window at 200% zoom; 320 is WCAG's reflow width."""
    page.set_viewport_size({"width": width, "height": 800})
    if text_size == "large":
        page.goto(f"{live_server_url}/")
        page.get_by_role("button", name="Größere Schrift").click()
    for path in PAGES:
        for prefix in PREFIXES.values():
            page.goto(f"{live_server_url}{prefix}{path}")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{prefix}{path} scrolls sideways by {overflow}px at {width}px"


def test_sign_in_and_out(page: Page, live_server_url: str, watch: PageWatch):
    member_who_can_sign_in(username="mila", password="Lange-Passwort-1")
    page.goto(f"{live_server_url}/pl/")

    page.get_by_role("link", name="Zaloguj się").click()
    page.get_by_label("Nazwa użytkownika lub adres e-mail").fill("mila")
    page.get_by_label("Hasło").fill("falsch")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("alert")).to_be_visible()
    page.get_by_label("Hasło").fill("Lange-Passwort-1")
    page.locator("main form button[type=submit]").click()

    expect(page.get_by_text("Zalogowano jako mila", exact=True)).to_be_visible()
    page.get_by_role("button", name="Wyloguj się").click()
    expect(page.get_by_role("link", name="Zaloguj się")).to_be_visible()


def test_websocket_reaches_the_server_through_uvicorn(
    page: Page, live_server_url: str, watch: PageWatch
):
    page.goto(f"{live_server_url}/")

    reply = page.evaluate(
        """() => new Promise((resolve, reject) => {
            const ws = new WebSocket(`ws://${location.host}/ws/ping/`);
            ws.onopen = () => ws.send(JSON.stringify({type: "ping", id: "browser"}));
            ws.onmessage = (event) => { resolve(JSON.parse(event.data)); ws.close(); };
            ws.onerror = () => reject(new Error("websocket failed"));
            setTimeout(() => reject(new Error("no pong")), 5000);
        })"""
    )

    assert reply == {"type": "pong", "id": "browser"}


def render_error_page(language: str, status: int) -> HttpResponse:
    """An error page exactly as the handler renders it (no route fails on purpose)."""
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with translation.override(language):
        if status == 400:
            return views.bad_request(request, SuspiciousOperation())
        if status == 403:
            return views.permission_denied(request, PermissionDenied())
        return views.server_error(request)


def serve(response: HttpResponse) -> Callable[[Route], None]:
    def fulfil(route: Route) -> None:
        route.fulfill(
            status=response.status_code,
            body=response.content,
            content_type="text/html; charset=utf-8",
        )

    return fulfil


@pytest.mark.parametrize("language", ["de", "pl", "en"])
def test_error_pages_pass_axe(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any, language: str
):
    watch.allow("the server responded with a status of")
    for status in (400, 403, 500):
        page.route(f"{live_server_url}/error-{status}", serve(render_error_page(language, status)))
        page.goto(f"{live_server_url}/error-{status}")
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_accessible(f"{language} {status}")

    # The CSRF failure page, reached the real way: a form sent without its cookie.
    page.goto(f"{live_server_url}{PREFIXES[language]}/help/")
    page.context.clear_cookies()
    page.get_by_role("button", name=re.compile("Größere Schrift|Większy tekst|Larger text")).click()
    expect(page.locator("h1")).to_have_text(
        {
            "de": "Dieses Formular ist abgelaufen",
            "pl": "Ten formularz wygasł",
            "en": "This form has expired",
        }[language]
    )
    assert_accessible(f"{language} CSRF failure")


def test_server_logs_hold_no_ip_address(page: Page, live_server_url: str, server_log: Path):
    page.goto(f"{live_server_url}/")
    page.goto(f"{live_server_url}/no-such-page/")
    page.evaluate(
        """() => new Promise((resolve) => {
            const ws = new WebSocket(`ws://${location.host}/ws/ping/`);
            ws.onopen = () => { ws.close(); resolve(); };
            ws.onerror = () => resolve();
        })"""
    )

    log = server_log.read_text()
    assert "Not Found: /no-such-page/" in log  # the log is written, and read here
    assert "127.0.0.1" not in log


def test_a_polish_browser_arrives_in_polish_and_may_choose_german(
    browser: Browser, live_server_url: str
):
    context = browser.new_context(locale="pl-PL")
    page = context.new_page()
    watch = PageWatch(page, live_server_url)

    page.goto(f"{live_server_url}/")

    expect(page).to_have_url(f"{live_server_url}/pl/")
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADINGS["pl"])
    page.get_by_role("navigation", name="Język").get_by_role("link", name="Deutsch").click()
    expect(page).to_have_url(f"{live_server_url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADINGS["de"])
    watch.assert_clean()
    context.close()
