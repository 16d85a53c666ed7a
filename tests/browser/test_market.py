"""Neighbourhood help as people meet it: a member offers help, pauses and shows the
offer again; a neighbour finds it by another form of a German word, answers, and the
two agree and mark the help done in their chat; the same in Polish; staff publish a
search call that reaches a member who follows its category, and record that someone
was found; a reported listing that staff hide disappears, and the reporter is told.

Every screen is reached by clicking from the home page and passes axe-core; the browse
page, a listing's page and the listing form reflow at 200% zoom and at 320 pixels. The
only address typed is the German home page a German browser gets; the header's language
switcher leads to the English pages, whose texts the tests read, or to the Polish ones,
whose texts are the catalogue's (`polish()`), translated or not yet. The listings
themselves are German or Polish, as neighbours write them. What is not the subject of a
test (verified members, staff, a contact point, a district) is made with the ORM.
"""

import importlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import translation
from django.utils.functional import Promise
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from gemeinwerk.accounts.models import TrustLevel, User
from gemeinwerk.accounts.tests.factories import member_who_can_sign_in
from gemeinwerk.market.models import (
    Category,
    Interest,
    Listing,
    Outcome,
    Response,
    ResponseStatus,
    SearchCall,
    Status,
)
from gemeinwerk.market.tests.factories import listing as make_listing
from gemeinwerk.moderation.models import Decision, Report
from gemeinwerk.notifications.models import Notification
from gemeinwerk.places.models import ContactPoint, District
from gemeinwerk.places.tests.factories import ContactPointFactory, DistrictFactory
from tests.browser.accounts_helpers import enter_signed_in, make_staff
from tests.browser.conftest import AXE_RUN, PageWatch
from tests.browser.layout import assert_reflows

# Search finds word forms with PostgreSQL's dictionaries in the services run (the
# Polish one too) and with the fallback in the embedded run: these run in both.
pytestmark = pytest.mark.services

NORTH = "Nordstadt"
OFFICE = "Stadtteilbüro Nordstadt"


# --- Data -------------------------------------------------------------------------------


def verified(username: str) -> User:
    return member_who_can_sign_in(username=username, trust_level=TrustLevel.VERIFIED)


def categories_exist() -> None:
    """The categories of the data migration. Browser tests commit and empty the tables
    after each test (transactional tests), the migration's rows included."""
    initial = importlib.import_module("gemeinwerk.market.migrations.0002_categories").INITIAL
    for position, (slug, de, pl, en) in enumerate(initial, start=1):
        Category.objects.get_or_create(
            slug=slug,
            defaults={"name_de": de, "name_pl": pl, "name_en": en, "position": position * 10},
        )


@dataclass
class Town:
    north: District
    office: ContactPoint


@pytest.fixture
def town() -> Town:
    categories_exist()
    north = DistrictFactory.create(name=NORTH, slug="nordstadt")
    return Town(north, ContactPointFactory.create(name=OFFICE, district=north))


def polish(text: str | Promise) -> str:
    """A text as the Polish pages show it: the catalogue's translation, or the English
    source while there is none. A label of the models (a lazy text, perhaps with a
    context) is passed as it is."""
    with translation.override("pl"):
        return str(translation.gettext(text) if isinstance(text, str) else text)


# --- Steps ------------------------------------------------------------------------------


def header(page: Page) -> Locator:
    return page.locator("header.gw-header")


def main(page: Page) -> Locator:
    return page.locator("main")


def flash(page: Page) -> Locator:
    return page.locator(".gw-messages")


def h1(page: Page) -> Locator:
    return page.locator("h1")


def badge_link(page: Page, name: str) -> Locator:
    """A header link whose name may carry a badge: "Messages 1 unread"."""
    return header(page).get_by_role("link", name=re.compile(rf"^{re.escape(name)}\b"))


def switch_language(page: Page, to: str, *, menu: str = "Sprache") -> None:
    page.get_by_role("navigation", name=menu).get_by_role("link", name=to).click()


def open_home(page: Page, base: str, language: str = "English") -> None:
    # The only address typed: the German home page a German browser gets.
    page.goto(f"{base}/")
    switch_language(page, language)
    expect(page).to_have_url(re.compile(rf"^{base}/(en|pl)/$"))


def results(page: Page) -> Locator:
    return page.locator("#market-results")


def results_heading(page: Page) -> Locator:
    return page.locator("#market-results-heading")


def search_for(page: Page, words: str, *, button: str = "Search") -> None:
    """The browse page's search: htmx replaces the results (the page without its
    script submits the form)."""
    form = page.get_by_role("search")
    form.locator("input[name=q]").fill(words)
    form.get_by_role("button", name=button, exact=True).click()
    expect(page).to_have_url(re.compile(r"\?(.*&)?q="))


def panel(page: Page) -> Locator:
    """Neighbourhood help's agreements on a chat conversation's page."""
    return main(page).locator(".gw-chat-panel")


def checker(page: Page, axe_source: str) -> Callable[[str], None]:
    """`assert_accessible` (tests/browser/conftest.py) for a page of any context."""

    def check(label: str) -> None:
        page.wait_for_load_state("load")
        page.evaluate("document.fonts.ready.then(() => true)")
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source)
        violations = page.evaluate(AXE_RUN)
        assert violations == [], f"{label}:\n" + json.dumps(violations, indent=2)

    return check


def check_layout(page: Page, check: Callable[[str], None], label: str) -> None:
    check(label)
    assert_reflows(page, label)


@dataclass
class Other:
    """A second browser, signed in as someone else, its page watched like `page`."""

    page: Page
    watch: PageWatch
    check: Callable[[str], None]


@pytest.fixture
def other_browser(
    browser: Browser, browser_context_args: dict[str, Any], live_server_url: str, axe_source: str
) -> Iterator[Callable[[User], Other]]:
    contexts: list[BrowserContext] = []
    others: list[Other] = []

    def open_for(user: User) -> Other:
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        enter_signed_in(context, live_server_url, user)
        page = context.new_page()
        others.append(Other(page, PageWatch(page, live_server_url), checker(page, axe_source)))
        return others[-1]

    yield open_for
    for context in contexts:
        context.close()
    for other in others:
        other.watch.assert_clean()


# --- 1. A German offer, found, agreed and done -----------------------------------------

HOMEWORK_TITLE = "Hilfe bei den Mathe-Hausaufgaben"
HOMEWORK = (
    "Ich bin pensionierte Lehrerin und helfe Kindern der Grundschule bei den Hausaufgaben "
    "in Mathe und Deutsch, gern bei Ihnen um die Ecke in der Bibliothek."
)
ASKING = "Guten Tag, mein Sohn Jonas (8) braucht Hilfe beim Einmaleins. Passt Ihnen Dienstag?"


def test_an_offer_is_paused_found_by_another_word_form_agreed_and_done_in_the_chat(
    page: Page,
    live_server_url: str,
    watch: PageWatch,
    assert_accessible: Any,
    other_browser: Callable[[User], Other],
    town: Town,
):
    base = live_server_url
    anna, bernd = verified("anna"), verified("bernd")

    # --- Anna finds neighbourhood help in the German header, then reads English --------
    enter_signed_in(page.context, base, anna)
    page.goto(f"{base}/")
    header(page).get_by_role("link", name="Nachbarschaftshilfe", exact=True).click()
    expect(h1(page)).to_have_text("Nachbarschaftshilfe")
    switch_language(page, "English")
    expect(page).to_have_url(f"{base}/en/neighbourhood-help/")
    expect(h1(page)).to_have_text("Neighbourhood help")
    expect(results_heading(page)).to_have_text("0 listings")
    check_layout(page, assert_accessible, "browse, nothing yet")

    # --- She offers help: the form, first sent empty --------------------------------------
    main(page).get_by_role("link", name="Offer or ask for help").click()
    expect(h1(page)).to_have_text("Offer or ask for help")
    check_layout(page, assert_accessible, "listing form")
    main(page).get_by_role("button", name="Publish", exact=True).click()
    expect(main(page).locator(".kern-error").first).to_be_visible()
    # The radio group's error sits below its fieldset's floated legend, within 320 pixels.
    check_layout(page, assert_accessible, "listing form with errors")
    main(page).get_by_role("radio", name="Offer", exact=True).check()
    main(page).get_by_role("textbox", name="Title").fill(HOMEWORK_TITLE)
    main(page).get_by_role("textbox", name="Description").fill(HOMEWORK)
    main(page).get_by_role("combobox", name="Category").select_option(label="Learning and homework")
    main(page).get_by_role("combobox", name="District").select_option(label=NORTH)
    main(page).get_by_role("textbox", name="When").fill("Dienstags ab 15 Uhr")
    main(page).get_by_role("button", name="Publish", exact=True).click()
    expect(flash(page)).to_contain_text("Your listing is published.")
    expect(h1(page)).to_have_text(HOMEWORK_TITLE)
    offer = Listing.objects.get()
    assert (offer.owner, offer.status, offer.district) == (anna, Status.ACTIVE, town.north)
    check_layout(page, assert_accessible, "own listing")

    # --- Booked out for now: paused, nobody finds it -------------------------------------
    main(page).get_by_role("button", name="Pause: I am booked out").click()
    expect(flash(page)).to_contain_text("Paused. Nobody sees it while you are booked out.")
    expect(main(page).locator(".gw-badges")).to_contain_text("Paused (booked out)")

    b = other_browser(bernd)
    open_home(b.page, base)
    header(b.page).get_by_role("link", name="Neighbourhood help", exact=True).click()
    expect(h1(b.page)).to_have_text("Neighbourhood help")
    search_for(b.page, "Hausaufgabe")
    expect(results_heading(b.page)).to_have_text("0 listings")
    expect(results(b.page)).to_contain_text("Nothing matches.")

    # --- Shown again: "Hausaufgabe" finds "Hausaufgaben" ---------------------------------
    main(page).get_by_role("button", name="Show it again").click()
    expect(flash(page)).to_contain_text("Your listing is shown again.")
    expect(main(page).locator(".gw-badges")).not_to_contain_text("Paused")
    search_for(b.page, "Hausaufgabe")
    expect(results_heading(b.page)).to_have_text("1 listing")
    card = results(b.page).get_by_role("listitem").filter(has_text=HOMEWORK_TITLE).first
    expect(card).to_contain_text("Learning and homework")
    expect(card).to_contain_text(NORTH)
    check_layout(b.page, b.check, "browse, found")

    # --- Bernd answers: the chat opens with his message -----------------------------------
    results(b.page).get_by_role("link", name=HOMEWORK_TITLE).click()
    expect(h1(b.page)).to_have_text(HOMEWORK_TITLE)
    expect(main(b.page)).to_contain_text(HOMEWORK)
    expect(main(b.page).get_by_role("heading", name="Ask for this help")).to_be_visible()
    check_layout(b.page, b.check, "listing")
    main(b.page).get_by_role("textbox", name="Your message").fill(ASKING)
    main(b.page).get_by_role("button", name="Send", exact=True).click()
    expect(b.page).to_have_url(re.compile(rf"^{base}/en/chat/\d+/"))
    expect(h1(b.page)).to_have_text("Conversation with anna")
    expect(flash(b.page)).to_contain_text("Your message is sent.")
    expect(main(b.page).locator(".gw-chat-message__body")).to_have_text([ASKING])
    expect(panel(b.page)).to_contain_text("Waiting for an answer")
    expect(panel(b.page).get_by_role("button", name="Accept")).to_have_count(0)

    # --- Anna accepts in the chat -----------------------------------------------------
    badge_link(page, "Messages").click()
    expect(h1(page)).to_have_text("Messages")
    main(page).get_by_role("link", name="bernd", exact=True).click()
    expect(h1(page)).to_have_text("Conversation with bernd")
    expect(main(page)).to_contain_text(f"About: {HOMEWORK_TITLE}")
    expect(panel(page).get_by_role("link", name=HOMEWORK_TITLE)).to_be_visible()
    assert_accessible("conversation, response to decide")
    panel(page).get_by_role("button", name="Accept").click()
    expect(flash(page)).to_contain_text("Agreed. Arrange the details in the chat.")
    expect(h1(page)).to_have_text("Conversation with bernd")
    expect(panel(page)).to_contain_text("Agreed")
    panel(page).get_by_role("button", name="Mark the help as done").click()
    expect(flash(page)).to_contain_text("Marked as done. Thank you for helping each other!")
    expect(panel(page)).to_contain_text("You marked it done; waiting for the other side.")
    expect(panel(page).get_by_role("button", name="Mark the help as done")).to_have_count(0)
    assert_accessible("conversation, agreed")

    # --- Bernd marks it done too ---------------------------------------------------------
    badge_link(b.page, "Messages").click()
    main(b.page).get_by_role("link", name="anna", exact=True).click()
    expect(h1(b.page)).to_have_text("Conversation with anna")
    expect(panel(b.page)).to_contain_text("Agreed")
    panel(b.page).get_by_role("button", name="Mark the help as done").click()
    expect(flash(b.page)).to_contain_text("Marked as done. Thank you for helping each other!")
    expect(panel(b.page).locator(".kern-badge")).to_have_text("Done")
    expect(panel(b.page).get_by_role("button")).to_have_count(0)
    b.check("conversation, done")

    # --- Anna sees it done among her help ---------------------------------------------------
    header(page).get_by_role("link", name="My help").click()
    expect(h1(page)).to_have_text("My help")
    row = main(page).get_by_role("table", name="My listings").locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Active")
    assert_accessible("my help")
    row.get_by_role("link", name=HOMEWORK_TITLE).click()
    responses = (
        main(page).locator("section").filter(has=page.get_by_role("heading", name="Responses"))
    )
    expect(responses).to_contain_text("From bernd")
    expect(responses.locator(".kern-badge")).to_have_text("Done")

    response = Response.objects.get()
    assert (response.listing, response.responder, response.status) == (
        offer,
        bernd,
        ResponseStatus.DONE,
    )
    assert response.owner_done_at is not None
    assert response.responder_done_at is not None
    assert response.conversation is not None
    assert list(response.conversation.messages.values_list("body", flat=True)) == [ASKING]
    assert Notification.objects.filter(recipient=anna, kind="market.new_response").count() == 1


# --- 2. The same in Polish ---------------------------------------------------------------

SHOPPING_TITLE = "Pomogę przy zakupach"
SHOPPING = "Pomogę przy zakupach w sobotę rano i przyniosę je pod drzwi."
ASKING_PL = "Dzień dobry, czy możesz pomóc mi w sobotę? Mieszkam na trzecim piętrze."


def test_a_polish_offer_is_found_by_another_word_form_agreed_and_done(
    page: Page,
    live_server_url: str,
    watch: PageWatch,
    assert_accessible: Any,
    other_browser: Callable[[User], Other],
    town: Town,
):
    base = live_server_url
    ewa, jan = verified("ewa"), verified("jan")

    # --- Ewa offers help through the Polish form --------------------------------------
    enter_signed_in(page.context, base, ewa)
    open_home(page, base, "Polski")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    header(page).get_by_role("link", name=polish("Neighbourhood help"), exact=True).click()
    main(page).get_by_role("link", name=polish("Offer or ask for help")).click()
    expect(h1(page)).to_have_text(polish("Offer or ask for help"))
    form = main(page).locator("form[method=post]")
    form.locator("input[name=kind][value=offer]").check()
    form.locator("input[name=title]").fill(SHOPPING_TITLE)
    form.locator("textarea[name=description]").fill(SHOPPING)
    form.locator("select[name=category]").select_option(label="Zakupy i sprawunki")
    form.locator("select[name=district]").select_option(label=NORTH)
    form.get_by_role("button", name=polish("Publish"), exact=True).click()
    expect(flash(page)).to_contain_text(polish("Your listing is published."))
    expect(h1(page)).to_have_text(SHOPPING_TITLE)
    assert_accessible("own listing, Polish")

    # --- Jan searches "zakupy" and finds "zakupach" ---------------------------------------
    j = other_browser(jan)
    open_home(j.page, base, "Polski")
    header(j.page).get_by_role("link", name=polish("Neighbourhood help"), exact=True).click()
    search_for(j.page, "zakupy", button=polish("Search"))
    expect(results(j.page).get_by_role("link", name=SHOPPING_TITLE)).to_be_visible()
    expect(results(j.page).locator(".gw-cards > li")).to_have_count(1)
    check_layout(j.page, j.check, "browse, found, Polish")
    results(j.page).get_by_role("link", name=SHOPPING_TITLE).click()
    expect(h1(j.page)).to_have_text(SHOPPING_TITLE)
    check_layout(j.page, j.check, "listing, Polish")
    main(j.page).get_by_role("textbox", name=polish("Your message")).fill(ASKING_PL)
    main(j.page).get_by_role("button", name=polish("Send"), exact=True).click()
    expect(j.page).to_have_url(re.compile(rf"^{base}/pl/chat/\d+/"))
    expect(main(j.page).locator(".gw-chat-message__body")).to_have_text([ASKING_PL])

    # --- Ewa accepts in the chat; both mark it done ---------------------------------------
    badge_link(page, polish("Messages")).click()
    main(page).get_by_role("link", name="jan", exact=True).click()
    expect(page).to_have_url(re.compile(rf"^{base}/pl/chat/\d+/"))
    panel(page).get_by_role("button", name=polish("Accept"), exact=True).click()
    expect(flash(page)).to_contain_text(polish("Agreed. Arrange the details in the chat."))
    panel(page).get_by_role("button", name=polish("Mark the help as done")).click()
    expect(flash(page)).to_contain_text(polish("Marked as done. Thank you for helping each other!"))
    assert_accessible("conversation, agreed, Polish")

    j.page.reload()
    panel(j.page).get_by_role("button", name=polish("Mark the help as done")).click()
    expect(panel(j.page).locator(".kern-badge")).to_have_text(polish(ResponseStatus.DONE.label))

    response = Response.objects.get()
    assert (response.listing.title, response.responder, response.status) == (
        SHOPPING_TITLE,
        jan,
        ResponseStatus.DONE,
    )


# --- 3. A search call reaches a member who follows its category ----------------------------

CALL_TITLE = "Einkaufshilfe für eine ältere Dame gesucht"
CALL_TEXT = "Zweimal in der Woche den Einkauf vom Supermarkt am Markt in die Wohnung tragen."


def test_a_search_call_reaches_a_follower_and_its_outcome_shows_in_the_report(
    page: Page,
    live_server_url: str,
    watch: PageWatch,
    assert_accessible: Any,
    other_browser: Callable[[User], Other],
    town: Town,
):
    base = live_server_url
    clara = verified("clara")
    staff, _secret = make_staff("team_nordstadt", town.office)

    # --- Clara follows search calls for shopping in her district --------------------------
    c = other_browser(clara)
    open_home(c.page, base)
    header(c.page).get_by_role("link", name="My help").click()
    expect(h1(c.page)).to_have_text("My help")
    c.check("my help, empty")
    main(c.page).get_by_role("link", name="Search calls I follow").click()
    expect(h1(c.page)).to_have_text("Search calls I follow")
    expect(main(c.page)).to_contain_text("You follow no search calls yet.")
    main(c.page).get_by_role("combobox", name="Category").select_option(
        label="Shopping and errands"
    )
    main(c.page).get_by_role("combobox", name="District").select_option(label=NORTH)
    main(c.page).get_by_role("button", name="Follow", exact=True).click()
    expect(flash(c.page)).to_contain_text("Saved. You will hear of search calls for this.")
    expect(main(c.page).locator(".gw-list")).to_contain_text(f"Shopping and errands, {NORTH}")
    c.check("search calls I follow, one")
    assert Interest.objects.filter(user=clara, district=town.north).count() == 1

    # --- Staff publish a search call ------------------------------------------------------
    enter_signed_in(page.context, base, staff)
    open_home(page, base)
    header(page).get_by_role("link", name="Staff console").click()
    console = page.get_by_role("navigation", name="Staff console")
    console.get_by_role("link", name="Search calls", exact=True).click()
    expect(h1(page)).to_have_text("Search calls")
    expect(main(page)).to_contain_text("No search call is open.")
    assert_accessible("console: search calls")
    main(page).get_by_role("link", name="Publish a search call").click()
    expect(h1(page)).to_have_text("Publish a search call")
    assert_accessible("console: search call form")
    main(page).get_by_role("combobox", name="Contact point").select_option(label=OFFICE)
    main(page).get_by_role("combobox", name="Category").select_option(label="Shopping and errands")
    main(page).get_by_role("combobox", name="District").select_option(label=NORTH)
    main(page).get_by_role("textbox", name="What is sought").fill(CALL_TITLE)
    main(page).get_by_role("textbox", name="Description").fill(CALL_TEXT)
    main(page).get_by_role("button", name="Publish", exact=True).click()
    expect(flash(page)).to_contain_text("The search call is published.")
    expect(h1(page)).to_have_text(CALL_TITLE)
    call = SearchCall.objects.get()
    assert (call.contact_point, call.district, call.reached) == (town.office, town.north, 1)
    assert_accessible("console: a search call")

    # --- Clara reads it among her notifications, and above the listings ----------------
    c.page.reload()
    expect(badge_link(c.page, "Notifications")).to_have_accessible_name("Notifications 1 unread")
    badge_link(c.page, "Notifications").click()
    expect(h1(c.page)).to_have_text("Notifications")
    told = main(c.page).get_by_role("list", name="Notifications").get_by_role("link")
    expect(told).to_have_text([f"New: Help wanted in {NORTH}: {CALL_TITLE}"])
    c.check("notifications, a search call")
    told.click()
    expect(h1(c.page)).to_have_text(CALL_TITLE)
    expect(main(c.page)).to_contain_text(CALL_TEXT)
    expect(main(c.page).get_by_role("link", name=f"Contact {OFFICE}")).to_be_visible()
    c.check("search call")
    main(c.page).get_by_role("link", name="Back to neighbourhood help").click()
    calls = (
        main(c.page)
        .locator("section")
        .filter(has=c.page.get_by_role("heading", name="A contact point is looking for help"))
    )
    expect(calls.get_by_role("link", name=CALL_TITLE)).to_be_visible()
    check_layout(c.page, c.check, "browse with a search call")

    # --- Staff record that someone was found; the report counts it --------------------
    main(page).get_by_role("radio", name="Someone was found").check()
    main(page).get_by_role("button", name="Save the outcome").click()
    expect(flash(page)).to_contain_text("The outcome is recorded.")
    expect(h1(page)).to_have_text("Search calls")
    closed = main(page).get_by_role("table", name="Search calls closed lately")
    expect(closed.locator("tbody tr")).to_have_text(
        [re.compile(f"{CALL_TITLE}.*Someone was found")]
    )
    assert_accessible("console: search calls, one closed")
    main(page).get_by_role("link", name="Report: calls and outcomes").click()
    expect(h1(page)).to_have_text("Search calls and their outcomes")
    report = main(page).get_by_role("table", name="Search calls per contact point")
    cells = report.locator("tbody tr").first.locator("th, td")
    expect(cells).to_have_text([OFFICE, "1", "1", "0", "0"])
    assert_accessible("console: search calls report")
    call.refresh_from_db()
    assert (call.outcome, call.outcome_by) == (Outcome.MATCHED, staff)


# --- 4. A reported listing, hidden by staff -----------------------------------------------

SUSPICIOUS = "Schnelle Hilfe im Haushalt"
SUSPICIOUS_TEXT = "Ich helfe gern. Bitte überweisen Sie vorab 50 Euro Anzahlung auf mein Konto."
SPAM = "Advertising or spam"


def test_a_reported_listing_that_staff_hide_disappears_and_the_reporter_is_told(
    page: Page,
    live_server_url: str,
    watch: PageWatch,
    assert_accessible: Any,
    other_browser: Callable[[User], Other],
    town: Town,
):
    base = live_server_url
    anna, dora = verified("anna"), verified("dora")
    offer = make_listing(
        anna,
        title=SUSPICIOUS,
        description=SUSPICIOUS_TEXT,
        category=Category.objects.get(slug="household"),
        district=town.north,
    )
    staff, _secret = make_staff("team_nordstadt", town.office)

    # --- Dora reports the listing -------------------------------------------------------
    d = other_browser(dora)
    open_home(d.page, base)
    header(d.page).get_by_role("link", name="Neighbourhood help", exact=True).click()
    results(d.page).get_by_role("link", name=SUSPICIOUS).click()
    expect(h1(d.page)).to_have_text(SUSPICIOUS)
    main(d.page).get_by_role("link", name="Report this listing").click()
    expect(h1(d.page)).to_have_text("Report to our team")
    expect(main(d.page).locator("blockquote")).to_contain_text(SUSPICIOUS_TEXT)
    d.check("report a listing")
    main(d.page).get_by_role("radio", name=SPAM).check()
    main(d.page).get_by_role("textbox", name="Anything staff should know (optional)").fill(
        "Vorkasse für Nachbarschaftshilfe?"
    )
    main(d.page).get_by_role("button", name="Report", exact=True).click()
    expect(h1(d.page)).to_have_text("Thank you for your report")
    d.check("report thanks")
    report = Report.objects.get()
    assert (report.kind, report.object_id, report.reporter, report.reported) == (
        "market.listing",
        offer.pk,
        dora,
        anna,
    )

    # --- Staff hide it from the console's reports ------------------------------------
    enter_signed_in(page.context, base, staff)
    open_home(page, base)
    header(page).get_by_role("link", name="Staff console").click()
    page.get_by_role("navigation", name="Staff console").get_by_role(
        "link", name="Reports", exact=True
    ).click()
    expect(h1(page)).to_have_text("Reports")
    waiting = main(page).get_by_role("table", name="Reports waiting for a decision")
    row = waiting.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Listing")
    expect(row).to_contain_text(SPAM)
    assert_accessible("console: reports")
    row.get_by_role("link", name=re.compile(r"^Look at it\W+Listing, anna$")).click()
    expect(h1(page)).to_have_text("Reported: Listing")
    expect(main(page).locator("blockquote")).to_contain_text(SUSPICIOUS_TEXT)
    expect(main(page)).to_contain_text("Vorkasse für Nachbarschaftshilfe?")
    assert_accessible("console: a reported listing")
    main(page).get_by_role("radio", name="Hidden").check()
    main(page).get_by_role("button", name="Decide").click()
    expect(flash(page)).to_contain_text("Decided. The people who reported it are told.")
    expect(main(page)).to_contain_text("No report is waiting.")
    offer.refresh_from_db()
    report.refresh_from_db()
    assert offer.hidden_at is not None
    assert (report.decision, report.decided_by) == (Decision.HIDDEN, staff)

    # --- Gone from browsing; Dora is told --------------------------------------------------
    header(d.page).get_by_role("link", name="Neighbourhood help", exact=True).click()
    expect(results_heading(d.page)).to_have_text("0 listings")
    expect(results(d.page).get_by_role("link", name=SUSPICIOUS)).to_have_count(0)
    expect(badge_link(d.page, "Notifications")).to_have_accessible_name("Notifications 1 unread")
    badge_link(d.page, "Notifications").click()
    told = main(d.page).get_by_role("list", name="Notifications").get_by_role("link")
    expect(told).to_have_text(["New: Your report has been looked at"])
    d.check("notifications, report decided")
    assert Notification.objects.filter(recipient=dora, kind="moderation.report_decided").exists()
