"""The help centre as people meet it, in German (the site's language, unprefixed
addresses): staff change an answer in the console, look at the preview and publish it;
a guest finds it from the header's "Hilfe" link by searching for a word of the new
answer. Every screen passes axe-core; the public pages fit a phone and reflow at 200%
zoom, with normal and with larger text.

Links, buttons and fields are found by the German names people read.
"""

from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from gemeinwerk.help.models import Area, Article, Kind
from gemeinwerk.help.services import refresh_search_document
from gemeinwerk.places.models import ContactPoint
from gemeinwerk.places.tests.factories import ContactPointFactory
from tests.browser.accounts_helpers import make_staff, totp_code
from tests.browser.conftest import AXE_RUN, PageWatch
from tests.browser.layout import assert_reflows

PASSWORD = "Lange-Passwort-1"

SLUG = "kein-ton-im-raum"
QUESTION = "Ich höre im Online-Raum nichts. Was kann ich tun?"
ANSWER = "Prüfen Sie, ob der Ton Ihres Geräts eingeschaltet und laut genug ist."
# The word the new answer brings; nothing else in the help centre contains it.
WORD = "Kopfhörerbuchse"
NEW_ANSWER = (
    f"{ANSWER}\n\nMit Kopfhörer: Stecken Sie den Stecker ganz in die **{WORD}** Ihres Geräts."
)

# The German labels (msgid -> msgstr, gemeinwerk/locale/de/LC_MESSAGES/django.po).
MAIN_NAVIGATION = "Hauptnavigation"  # "Main navigation"
HELP = "Hilfe"  # "Help": the header's link and the start page's heading
HELP_CENTRE = "Hilfetexte"  # "Help texts": the console's link and its heading
STAFF_CONSOLE = "Team-Bereich"  # "Staff console"
SIGN_IN = "Anmelden"  # "Sign in"
SEARCH_THE_HELP = "Hilfe durchsuchen"  # "Search the help"
SEARCH = "Suchen"  # "Search"
PREVIEW = "Vorschau"  # "Preview"
SAVE_AND_PUBLISH = "Speichern und veröffentlichen"  # "Save and publish"
LARGER_TEXT = "Größere Schrift"  # "Larger text"


@pytest.fixture
def office() -> ContactPoint:
    return ContactPointFactory.create(name="Treffpunkt Lindenhof")


@pytest.fixture
def question() -> Article:
    """A German question and answer about the meeting room, as staff wrote it."""
    article = Article(
        area=Area.GROUPS,
        kind=Kind.FAQ,
        language="de",
        slug=SLUG,
        title=QUESTION,
        body=ANSWER,
        position=10,
    )
    refresh_search_document(article)
    article.full_clean()
    article.save()
    return article


def header(page: Page) -> Locator:
    return page.locator("header.gw-header")


def main_nav(page: Page, name: str) -> Locator:
    return page.get_by_role("navigation", name=MAIN_NAVIGATION).get_by_role(
        "link", name=name, exact=True
    )


def console_nav(page: Page, name: str) -> Locator:
    return page.get_by_role("navigation", name=STAFF_CONSOLE).get_by_role(
        "link", name=name, exact=True
    )


def main(page: Page) -> Locator:
    return page.locator("main")


def open_home(page: Page, base: str) -> None:
    # The only address typed in the scenario: the German home page.
    page.goto(f"{base}/")
    expect(page.locator("html")).to_have_attribute("lang", "de")


def sign_in_by_clicking(page: Page, login: str, secret: str) -> None:
    header(page).get_by_role("link", name=SIGN_IN, exact=True).click()
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill(PASSWORD)
    main(page).locator("form button[type=submit]").first.click()
    page.locator("input[name=code]").fill(totp_code(secret))
    main(page).locator("form button[type=submit]").first.click()
    expect(page.locator("form[action$='/accounts/logout/']").first).to_be_attached()


def search_form(page: Page) -> Locator:
    return main(page).get_by_role("search", name=SEARCH_THE_HELP)


def accessible(page: Page, axe_source: str) -> Any:
    """`assert_accessible` (tests/browser/conftest.py) for a page of another context."""

    def check(label: str) -> None:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source)
        violations = page.evaluate(AXE_RUN)
        assert violations == [], f"{label}: {violations}"

    return check


# Search: PostgreSQL's full-text search in the services run, the fallback in the embedded.
@pytest.mark.services
def test_staff_publish_a_new_answer_and_a_guest_finds_it_by_searching(
    page: Page,
    browser: Browser,
    browser_context_args: dict[str, Any],
    live_server_url: str,
    watch: PageWatch,
    assert_accessible: Any,
    axe_source: str,
    office: ContactPoint,
    question: Article,
):
    base = live_server_url
    _staff, secret = make_staff("team_lindenhof", office)

    # --- Staff change the answer in the console, from the home page by clicking --------
    staff_context = browser.new_context(**browser_context_args)
    staff_page = staff_context.new_page()
    staff_watch = PageWatch(staff_page, base)
    staff_accessible = accessible(staff_page, axe_source)
    open_home(staff_page, base)
    sign_in_by_clicking(staff_page, "team_lindenhof", secret)

    header(staff_page).get_by_role("link", name=STAFF_CONSOLE, exact=True).click()
    console_nav(staff_page, HELP_CENTRE).click()
    expect(staff_page).to_have_url(f"{base}/staff/help/")
    expect(console_nav(staff_page, HELP_CENTRE)).to_have_attribute("aria-current", "page")
    expect(staff_page.locator("h1")).to_have_text(HELP_CENTRE)
    staff_accessible("console: help articles")

    main(staff_page).get_by_role("link", name=QUESTION).click()
    expect(staff_page).to_have_url(f"{base}/staff/help/{question.pk}/")
    body = main(staff_page).locator("textarea[name=body]")
    expect(body).to_have_value(ANSWER)
    body.fill(NEW_ANSWER)

    # The preview shows the answer as visitors will see it, and saves nothing.
    main(staff_page).get_by_role("button", name=PREVIEW, exact=True).click()
    preview = main(staff_page).locator(".gw-help-preview")
    expect(preview).to_be_visible()
    expect(preview.locator("strong")).to_have_text(WORD)
    expect(preview).to_contain_text(QUESTION)
    expect(body).to_have_value(NEW_ANSWER)
    question.refresh_from_db()
    assert question.body == ANSWER
    staff_accessible("console: edit with preview")

    main(staff_page).get_by_role("button", name=SAVE_AND_PUBLISH, exact=True).click()
    expect(staff_page).to_have_url(f"{base}/staff/help/{question.pk}/")
    expect(staff_page.locator(".gw-messages")).to_be_visible()
    expect(main(staff_page).locator(".gw-help-preview")).to_have_count(0)
    expect(body).to_have_value(NEW_ANSWER)
    question.refresh_from_db()
    # Browsers send a text area's lines with CRLF.
    assert question.body.replace("\r\n", "\n") == NEW_ANSWER
    staff_accessible("console: saved")
    staff_watch.assert_clean()
    staff_context.close()

    # --- A guest (a fresh browser, not signed in) finds it from the header --------------
    open_home(page, base)
    expect(header(page).get_by_role("link", name=SIGN_IN, exact=True)).to_be_visible()
    main_nav(page, HELP).click()
    expect(page).to_have_url(f"{base}/help/")
    expect(page.locator("h1")).to_have_text(HELP)
    expect(main_nav(page, HELP)).to_have_attribute("aria-current", "page")
    assert_accessible("help start page")

    search_form(page).get_by_role("textbox", name=SEARCH_THE_HELP).fill(WORD)
    search_form(page).get_by_role("button", name=SEARCH, exact=True).click()
    expect(page).to_have_url(f"{base}/help/search/?q={quote(WORD)}")
    expect(page.locator("h1")).to_have_text(SEARCH_THE_HELP)
    results = main(page).locator(".gw-help-results").get_by_role("link")
    expect(results).to_have_text([QUESTION])
    assert_accessible("help search results")

    results.first.click()
    expect(page).to_have_url(f"{base}/help/{SLUG}/")
    expect(page.locator("h1")).to_have_text(QUESTION)
    expect(main(page).locator("article .gw-help-text strong")).to_have_text(WORD)
    expect(main(page).locator("article")).to_contain_text(ANSWER)
    assert_accessible("help article")


@pytest.mark.parametrize("text_size", ["normal", "large"])
def test_the_help_pages_fit_a_phone(
    page: Page,
    live_server_url: str,
    watch: PageWatch,
    assert_accessible: Any,
    office: ContactPoint,
    question: Article,
    text_size: str,
):
    base = live_server_url
    open_home(page, base)
    if text_size == "large":
        header(page).get_by_role("button", name=LARGER_TEXT).click()
        expect(page.locator("html")).to_have_class("gw-text-large")
    main_nav(page, HELP).click()
    expect(page.locator("h1")).to_have_text(HELP)
    assert_reflows(page, "help start page")

    # At the width of a phone the start page still works: search, then an answer.
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible("help start page at 320px")
    search_form(page).get_by_role("textbox", name=SEARCH_THE_HELP).fill("Online-Raum")
    search_form(page).get_by_role("button", name=SEARCH, exact=True).click()
    expect(main(page).locator(".gw-help-results").get_by_role("link")).to_have_text([QUESTION])
    assert_reflows(page, "help search results")

    main(page).get_by_role("link", name=QUESTION).click()
    expect(page.locator("h1")).to_have_text(QUESTION)
    assert_reflows(page, "help article")

    # The article leads back to its topic: the area page with its questions.
    main(page).locator(".gw-back a").click()
    expect(page).to_have_url(f"{base}/help/topics/groups/")
    expect(main(page).locator("details summary")).to_have_text([QUESTION])
    assert_accessible("help area at 320px")
    assert_reflows(page, "help area")
