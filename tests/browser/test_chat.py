"""The chat as members meet it: two verified members write to each other live in two
browsers, and a page that was closed, or lost its connection, shows everything it missed,
in order, once; the gentle hint before contact details are shared early; a reported
message that staff judge without reading the conversation; a block the blocked person is
not told about.

Every screen is reached by clicking from the home page, passes axe-core, and the inbox
and the conversation page reflow at 200% zoom and at 320 pixels. The only address typed
is the home page; the header's language switcher leads to the English pages, whose texts
the tests read. What is not the subject of a test (verified members, earlier messages)
is made with the ORM and the chat's services.
"""

import json
import re
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, WebSocket, expect

from gemeinwerk.accounts.models import TrustLevel, User
from gemeinwerk.accounts.tests.factories import member_who_can_sign_in
from gemeinwerk.chat import services
from gemeinwerk.chat.models import Conversation, Message
from gemeinwerk.moderation.models import Decision, Report
from gemeinwerk.notifications.models import Notification
from gemeinwerk.places.tests.factories import ContactPointFactory
from tests.browser.accounts_helpers import enter_signed_in, make_staff
from tests.browser.conftest import AXE_RUN, PageWatch
from tests.browser.layout import assert_reflows

# Live delivery goes through the channel layer (Redis in the services run): these run
# in both runs.
pytestmark = pytest.mark.services

REMOVED = "Our team removed this message."
OFFLINE = "The connection is interrupted. Your messages are kept and sent when it is back."
HINT = "Your message seems to contain a phone number, an e-mail address or a street address."
CLOSED = "You cannot write in this conversation any more."
# Chromium reports a WebSocket that cannot connect (the browser is offline) on the console.
SOCKET_FAILED = "WebSocket connection to"
# Chromium's offline mode (context.set_offline) stops new connections but leaves open
# WebSockets alone: a page's sockets are kept where the test can close them, as a lost
# network closes them. Added before the page's own scripts run; the page is unchanged.
DROPPABLE_SOCKETS = """(() => {
  const Native = window.WebSocket;
  const open = [];
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      open.push(this);
    }
  };
  window.gwDropSockets = () => {
    for (const socket of open.splice(0)) socket.close();
  };
})();"""


# --- Data -------------------------------------------------------------------------------


def verified(username: str) -> User:
    return member_who_can_sign_in(username=username, trust_level=TrustLevel.VERIFIED)


def client_id() -> str:
    return uuid.uuid4().hex


def conversation_of(starter: User, other: User, *bodies: tuple[User, str]) -> Conversation:
    """A one-to-one conversation with its messages, as earlier days left it."""
    (first_sender, first), *rest = bodies
    assert first_sender == starter
    chat = services.start_conversation(
        starter=starter, others=[other], body=first, client_id=client_id()
    )
    for sender, body in rest:
        services.post_message(sender=sender, conversation=chat, body=body, client_id=client_id())
    return chat


# --- Steps ------------------------------------------------------------------------------


def titled(name: str) -> str:
    """A page's title: its name, then the site's."""
    return f"{name} \N{EN DASH} Gemeinwerk"


def header(page: Page) -> Locator:
    return page.locator("header.gw-header")


def main(page: Page) -> Locator:
    return page.locator("main")


def flash(page: Page) -> Locator:
    return page.locator(".gw-messages")


def messages_link(page: Page) -> Locator:
    # Its name carries the badge when there is one: "Messages 1 unread".
    return header(page).get_by_role("link", name=re.compile(r"^Messages\b"))


def notifications_link(page: Page) -> Locator:
    return header(page).get_by_role("link", name=re.compile(r"^Notifications\b"))


def chat_log(page: Page) -> Locator:
    return main(page).get_by_role("log", name="Messages")


def bodies(page: Page) -> Locator:
    """The texts of the messages on a conversation page, in the order shown."""
    return chat_log(page).locator(".gw-chat-message__body")


def pending(page: Page) -> Locator:
    """Messages the page shows as sent before the server has confirmed them."""
    return chat_log(page).locator("li[data-client]")


def message_item(page: Page, text: str) -> Locator:
    return chat_log(page).get_by_role("listitem").filter(has_text=text)


def message_field(page: Page) -> Locator:
    return main(page).get_by_role("textbox", name="Message", exact=True)


def open_home_in_english(page: Page, base: str) -> None:
    # The only address typed: the German home page a German browser gets, then the
    # header's language switcher.
    page.goto(f"{base}/")
    page.get_by_role("navigation", name="Sprache").get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{base}/en/")


def open_conversation(page: Page, with_whom: str) -> None:
    """From any page: the header's "Messages", then the conversation in the list."""
    messages_link(page).click()
    expect(page.locator("h1")).to_have_text("Messages")
    main(page).get_by_role("link", name=with_whom, exact=True).click()
    expect(page.locator("h1")).to_have_text(f"Conversation with {with_whom}")


def write(page: Page, text: str) -> None:
    """Type a message and send it with the button, as most people do."""
    message_field(page).fill(text)
    main(page).get_by_role("button", name="Send", exact=True).click()


def accessible(page: Page, axe_source: str) -> Callable[[str], None]:
    """`assert_accessible` (tests/browser/conftest.py) for a page of another context."""

    def check(label: str) -> None:
        page.wait_for_load_state("load")
        page.evaluate("document.fonts.ready.then(() => true)")
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source)
        violations = page.evaluate(AXE_RUN)
        assert violations == [], f"{label}:\n" + json.dumps(violations, indent=2)

    return check


class ChatSockets:
    """The chat's WebSocket connections of a page (the conversation page's, the inbox's),
    as the browser sees them: whether the server has welcomed the latest one, and how
    many it has welcomed in all."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.welcomed = 0
        self.latest: WebSocket | None = None
        self.latest_welcomed = False
        page.on("websocket", self._opened)

    def _opened(self, socket: WebSocket) -> None:
        if "/ws/chat/" in socket.url:
            self.latest, self.latest_welcomed = socket, False
            socket.on("framereceived", lambda payload: self._frame(socket, payload))

    def _frame(self, socket: WebSocket, payload: str | bytes) -> None:
        if isinstance(payload, str) and json.loads(payload).get("type") == "welcome":
            self.welcomed += 1
            self.latest_welcomed = self.latest_welcomed or socket is self.latest

    def _until(self, done: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
        # Playwright hands on the frames while the test waits on the page.
        deadline = time.monotonic() + timeout
        while not done():
            assert time.monotonic() < deadline, what
            self.page.wait_for_timeout(25)

    def wait_connected(self) -> None:
        """Until the page's own chat connection is open and listening (its script runs
        before the load event, and opens the socket at once)."""
        self.page.wait_for_load_state("load")
        self._until(lambda: self.latest_welcomed, "the page's chat socket was not welcomed")

    def wait_welcomed(self, count: int) -> None:
        self._until(lambda: self.welcomed >= count, f"{count} chat sockets were not welcomed")


@dataclass
class Other:
    """A second browser, signed in as someone else; its pages are watched like the
    `page` fixture's."""

    context: BrowserContext
    base: str
    axe_source: str
    watches: list[PageWatch] = field(default_factory=list)
    page: Page = field(init=False)
    sockets: ChatSockets = field(init=False)
    check: Callable[[str], None] = field(init=False)

    def new_page(self) -> Page:
        self.page = self.context.new_page()
        self.page.add_init_script(DROPPABLE_SOCKETS)
        self.watches.append(PageWatch(self.page, self.base))
        self.sockets = ChatSockets(self.page)
        self.check = accessible(self.page, self.axe_source)
        return self.page

    def allow(self, text: str) -> None:
        self.watches[-1].allow(text)

    def assert_clean(self) -> None:
        for watch in self.watches:
            watch.assert_clean()


@pytest.fixture
def other_browser(
    browser: Browser,
    browser_context_args: dict[str, Any],
    live_server_url: str,
    axe_source: str,
) -> Iterator[Callable[[User], Other]]:
    contexts: list[BrowserContext] = []

    def open_for(user: User) -> Other:
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        enter_signed_in(context, live_server_url, user)
        other = Other(context, live_server_url, axe_source)
        other.new_page()
        return other

    yield open_for
    for context in contexts:
        context.close()


def check_layout(page: Page, check: Callable[[str], None], label: str) -> None:
    check(label)
    assert_reflows(page, label)


# --- 1. Two members chat live -----------------------------------------------------------

FIRST = "Guten Tag, ich habe Ihr Angebot gesehen. Helfen Sie mir am Samstag beim Umzug?"
SECOND = "Es sind nur ein paar Kisten und ein Regal."
ANSWER = "Gern! Ich komme um zehn."
LATER = [
    "Wunderbar, danke!",
    "Bringen Sie bitte Handschuhe mit.",
    "Kaffee und Kuchen gibt es auch.",
]
DURING = "Sind Sie noch da?"


def test_two_members_chat_live_and_a_page_that_was_away_shows_everything_once(
    page: Page,
    live_server_url: str,
    watch: PageWatch,
    assert_accessible: Any,
    other_browser: Callable[[User], Other],
):
    base = live_server_url
    anna, bernd, carla = verified("anna"), verified("bernd"), verified("carla")
    with_carla = conversation_of(carla, bernd, (carla, "Treffen wir uns am Dienstag?"))
    services.mark_read(user=bernd, conversation=with_carla)
    anna_sockets = ChatSockets(page)

    # --- Bernd reads his conversation with Carla ------------------------------------
    b = other_browser(bernd)
    open_home_in_english(b.page, base)
    expect(messages_link(b.page)).to_have_accessible_name("Messages")
    open_conversation(b.page, "carla")
    b.sockets.wait_connected()

    # --- Anna starts a conversation with him -------------------------------------------
    enter_signed_in(page.context, base, anna)
    open_home_in_english(page, base)
    messages_link(page).click()
    expect(page).to_have_url(f"{base}/en/chat/")
    expect(page.locator("h1")).to_have_text("Messages")
    expect(messages_link(page)).to_have_attribute("aria-current", "page")
    expect(main(page)).to_contain_text("No conversations yet.")
    check_layout(page, assert_accessible, "inbox, empty")
    main(page).get_by_role("link", name="New conversation").click()
    expect(page.locator("h1")).to_have_text("New conversation")
    expect(page).to_have_title(titled("New conversation"))
    assert_accessible("new conversation")
    main(page).get_by_role("textbox", name="To").fill("bernd")
    message_field(page).fill(FIRST)
    main(page).get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("h1")).to_have_text("Conversation with bernd")
    expect(page).to_have_title(titled("Conversation with bernd"))
    expect(page).to_have_url(re.compile(rf"^{base}/en/chat/\d+/#latest$"))
    expect(bodies(page)).to_have_text([FIRST])
    anna_sockets.wait_connected()

    # Bernd, still with Carla, sees the header count it at once; Carla's thread is as it was.
    expect(messages_link(b.page)).to_have_accessible_name("Messages 1 unread")
    expect(bodies(b.page)).to_have_text(["Treffen wir uns am Dienstag?"])

    messages_link(b.page).click()
    expect(b.page.locator("h1")).to_have_text("Messages")
    rows = main(b.page).locator(".gw-chat-list__item")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("anna")
    expect(rows.first).to_contain_text("1 unread")
    expect(rows.nth(1)).to_contain_text("carla")
    expect(rows.nth(1)).not_to_contain_text("unread")
    check_layout(b.page, b.check, "inbox, one unread")
    main(b.page).get_by_role("link", name="anna", exact=True).click()
    expect(b.page.locator("h1")).to_have_text("Conversation with anna")
    expect(bodies(b.page)).to_have_text([FIRST])
    b.sockets.wait_connected()
    # Open and seen: read, and the header says so without a reload.
    expect(messages_link(b.page)).to_have_accessible_name("Messages")
    expect(notifications_link(b.page)).to_have_accessible_name("Notifications")
    b.page.evaluate("window.gwNotReloaded = true")

    # --- Anna writes again: it appears on Bernd's page, which is not reloaded ----------
    write(page, SECOND)
    expect(bodies(page)).to_have_text([FIRST, SECOND])
    expect(pending(page)).to_have_count(0)  # none still "Sending…"
    expect(bodies(b.page)).to_have_text([FIRST, SECOND])
    expect(message_item(b.page, SECOND)).to_contain_text("anna")
    assert b.page.evaluate("window.gwNotReloaded") is True

    # --- Bernd answers by keyboard: Ctrl+Enter, and the field keeps the focus ----------
    field = message_field(b.page)
    field.focus()
    field.press_sequentially(ANSWER)
    field.press("Control+Enter")
    expect(bodies(b.page)).to_have_text([FIRST, SECOND, ANSWER])
    expect(field).to_be_focused()
    expect(field).to_have_value("")
    expect(message_item(b.page, ANSWER)).to_contain_text("You")
    expect(message_item(b.page, ANSWER).get_by_role("link")).to_have_count(0)
    expect(bodies(page)).to_have_text([FIRST, SECOND, ANSWER])
    expect(message_item(page, ANSWER)).to_contain_text("bernd")

    # --- Bernd closes the page; Anna writes three more meanwhile ----------------------
    b.page.close()
    for text in LATER:
        write(page, text)
    everything = [FIRST, SECOND, ANSWER, *LATER]
    expect(bodies(page)).to_have_text(everything)
    expect(pending(page)).to_have_count(0)

    # --- He comes back from the home page: all of them, in order, each once -----------
    b.new_page()
    b.page.goto(f"{base}/")
    expect(b.page).to_have_url(f"{base}/en/")  # the language he chose stays
    expect(messages_link(b.page)).to_have_accessible_name("Messages 1 unread")
    messages_link(b.page).click()
    expect(main(b.page).locator(".gw-chat-list__item").first).to_contain_text("3 unread")
    main(b.page).get_by_role("link", name="anna", exact=True).click()
    expect(b.page.locator("h1")).to_have_text("Conversation with anna")
    expect(bodies(b.page)).to_have_text(everything)
    for text in everything:
        expect(chat_log(b.page).get_by_role("listitem").filter(has_text=text)).to_have_count(1)
    b.sockets.wait_connected()
    expect(messages_link(b.page)).to_have_accessible_name("Messages")

    # --- His connection drops while Anna writes; back, it shows the message once -------
    # (His page tries again meanwhile, and Chromium says so on the console.)
    b.allow(SOCKET_FAILED)
    message_field(b.page).focus()
    b.context.set_offline(True)
    b.page.evaluate("window.gwDropSockets()")
    status = main(b.page).get_by_role("status").filter(has_text=OFFLINE)
    expect(status).to_be_visible()
    write(page, DURING)
    expect(bodies(page)).to_have_text([*everything, DURING])
    expect(bodies(b.page)).to_have_text(everything)  # not while he is offline
    welcomed = b.sockets.welcomed
    b.context.set_offline(False)
    b.sockets.wait_welcomed(welcomed + 1)
    expect(bodies(b.page)).to_have_text([*everything, DURING])
    expect(message_item(b.page, DURING)).to_have_count(1)
    expect(status).to_have_count(0)
    # The new message was announced by the log, not by taking his focus.
    expect(message_field(b.page)).to_be_focused()
    chat = Conversation.objects.exclude(pk=with_carla.pk).get()
    assert list(chat.messages.values_list("body", flat=True)) == [*everything, DURING]

    # --- The screens as they are now: both conversation pages, and his inbox -----------
    # Every message of Anna's has its "Report" link, named for whose message it is,
    # whether the page drew it (FIRST, SECOND, LATER) or it came in live (DURING).
    for text in [FIRST, SECOND, *LATER, DURING]:
        expect(
            message_item(b.page, text).get_by_role("link", name="Report this message of anna")
        ).to_be_visible()
    check_layout(b.page, b.check, "conversation with messages")
    check_layout(page, assert_accessible, "conversation, sent and received live")
    main(b.page).get_by_role("link", name="Back to my messages").click()
    expect(b.page.locator("h1")).to_have_text("Messages")
    expect(b.page).to_have_title(titled("Messages"))
    expect(main(b.page).locator(".gw-chat-list__item").first).not_to_contain_text("unread")
    check_layout(b.page, b.check, "inbox, all read")
    b.assert_clean()


# --- 2. The hint before contact details -------------------------------------------------

PHONE = "Rufen Sie mich gern an: 0711 123 45 67"
TIME = "Am 12.03. um 14:30 passt es mir gut, es kostet 25 Euro."
EMAIL = "Oder schreiben Sie an anna.schmidt@example.org"


def test_early_contact_details_bring_a_gentle_hint_and_can_be_sent_anyway(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any
):
    base = live_server_url
    anna, bernd = verified("anna"), verified("bernd")
    enter_signed_in(page.context, base, anna)
    open_home_in_english(page, base)
    messages_link(page).click()
    main(page).get_by_role("link", name="New conversation").click()

    # --- Starting with a phone number (the page without its script: a form) ------------
    main(page).get_by_role("textbox", name="To").fill("bernd")
    message_field(page).fill(PHONE)
    main(page).get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("h1")).to_have_text("New conversation")
    expect(main(page).get_by_role("status")).to_contain_text(HINT)
    expect(main(page).get_by_role("status")).to_contain_text(
        "Share contact details when you are ready to meet."
    )
    expect(main(page).get_by_role("textbox", name="To")).to_have_value("bernd")
    expect(message_field(page)).to_have_value(PHONE)
    assert_accessible("new conversation, hint")
    assert not Conversation.objects.exists()
    main(page).get_by_role("button", name="Send anyway").click()
    expect(page.locator("h1")).to_have_text("Conversation with bernd")
    expect(bodies(page)).to_have_text([PHONE])

    # --- In the conversation: times and prices are no contact details ----------------
    hint = main(page).get_by_role("status").filter(has_text=HINT)
    write(page, TIME)
    expect(bodies(page)).to_have_text([PHONE, TIME])
    expect(pending(page)).to_have_count(0)
    expect(hint).to_be_hidden()

    # --- An e-mail address: the hint, the message back in the field, "Send anyway" ----
    write(page, EMAIL)
    expect(hint).to_be_visible()
    expect(main(page).get_by_role("button", name="Send anyway")).to_be_visible()
    expect(message_field(page)).to_have_value(EMAIL)
    expect(bodies(page)).to_have_text([PHONE, TIME])
    assert_accessible("conversation, hint")
    main(page).get_by_role("button", name="Send anyway").click()
    expect(bodies(page)).to_have_text([PHONE, TIME, EMAIL])
    expect(pending(page)).to_have_count(0)
    expect(hint).to_be_hidden()
    expect(main(page).get_by_role("button", name="Send", exact=True)).to_be_visible()
    expect(message_field(page)).to_have_value("")
    chat = Conversation.objects.get()
    assert list(chat.messages.values_list("sender", "body")) == [
        (anna.pk, PHONE),
        (anna.pk, TIME),
        (anna.pk, EMAIL),
    ]
    assert chat.participants.filter(user=bernd).exists()


# --- 3. A reported message, and staff's decision ----------------------------------------

OFFER = "Guten Tag, ich kann am Samstag beim Umzug helfen."
THANKS = "Danke, das ist sehr nett."
SCAM = "Überweisen Sie mir vorher 200 Euro, sonst komme ich nicht."
MONEY = "It asks for money or personal data"


def test_staff_see_only_the_reported_message_and_remove_it(
    page: Page,
    live_server_url: str,
    watch: PageWatch,
    assert_accessible: Any,
    other_browser: Callable[[User], Other],
):
    base = live_server_url
    anna, bernd = verified("anna"), verified("bernd")
    chat = conversation_of(anna, bernd, (anna, OFFER), (bernd, THANKS), (anna, SCAM))
    staff, _secret = make_staff("team_nordstadt", ContactPointFactory.create())

    # --- Bernd reports Anna's message --------------------------------------------------
    b = other_browser(bernd)
    open_home_in_english(b.page, base)
    open_conversation(b.page, "anna")
    expect(bodies(b.page)).to_have_text([OFFER, THANKS, SCAM])
    b.sockets.wait_connected()
    message_item(b.page, SCAM).get_by_role("link", name="Report this message of anna").click()
    expect(b.page.locator("h1")).to_have_text("Report a message")
    expect(b.page).to_have_title(titled("Report a message"))
    expect(main(b.page).locator("blockquote")).to_have_text(SCAM)
    expect(main(b.page)).not_to_contain_text(OFFER)
    b.check("report a message")
    main(b.page).get_by_role("radio", name=MONEY).check()
    main(b.page).get_by_role("textbox", name="Anything staff should know (optional)").fill(
        "Davon war vorher nie die Rede."
    )
    main(b.page).get_by_role("button", name="Report").click()
    expect(b.page.locator("h1")).to_have_text("Conversation with anna")
    expect(flash(b.page)).to_contain_text("Thank you. Our team looks at the message")
    report = Report.objects.get()
    assert (report.reporter, report.reported, report.snapshot) == (bernd, anna, SCAM)
    b.sockets.wait_connected()

    # --- Staff see that message and who wrote it, nothing else of the conversation ------
    enter_signed_in(page.context, base, staff)
    open_home_in_english(page, base)
    header(page).get_by_role("link", name="Staff console").click()
    page.get_by_role("navigation", name="Staff console").get_by_role(
        "link", name="Reports", exact=True
    ).click()
    expect(page.locator("h1")).to_have_text("Reports")
    expect(page).to_have_title(titled("Reports"))
    waiting = main(page).get_by_role("table", name="Reports waiting for a decision")
    (row,) = waiting.locator("tbody tr").all()
    expect(row).to_contain_text("anna")
    expect(row).to_contain_text(MONEY)
    expect(row).to_contain_text(SCAM)
    for other_text in (OFFER, THANKS):
        expect(main(page)).not_to_contain_text(other_text)
    assert_accessible("console: reports")
    row.get_by_role("link", name=re.compile(r"^Look at it\W+Message, anna$")).click()
    expect(page.locator("h1")).to_have_text("Reported: Message")
    expect(page).to_have_title(titled("Reported: Message"))
    expect(main(page).locator("blockquote")).to_have_text(SCAM)
    expect(main(page).get_by_role("link", name="anna", exact=True)).to_be_visible()
    expect(main(page)).to_contain_text("Davon war vorher nie die Rede.")
    for other_text in (OFFER, THANKS):
        expect(page.locator("body")).not_to_contain_text(other_text)
    assert_accessible("console: a reported message")
    main(page).get_by_role("radio", name="Hidden").check()
    main(page).get_by_role("button", name="Decide").click()
    expect(flash(page)).to_contain_text("Decided. The people who reported it are told.")
    expect(page.locator("h1")).to_have_text("Reports")
    expect(main(page)).to_contain_text("No report is waiting.")
    main(page).get_by_role("link", name="Decided lately").click()
    decided = main(page).get_by_role("table", name="Reports decided lately")
    expect(decided.locator("tbody tr")).to_contain_text(["Hidden"])
    assert_accessible("console: reports, decided")
    report.refresh_from_db()
    assert (report.decision, report.decided_by) == (Decision.HIDDEN, staff)

    # --- Bernd's open page shows it removed at once, and after a reload ------------------
    removed = message_item(b.page, REMOVED)
    expect(bodies(b.page)).to_have_text([OFFER, THANKS, REMOVED])
    expect(chat_log(b.page)).not_to_contain_text(SCAM)
    # As the server draws a removed message: nothing left to report.
    expect(removed.get_by_role("link")).to_have_count(0)
    b.page.reload()
    expect(bodies(b.page)).to_have_text([OFFER, THANKS, REMOVED])
    expect(removed.get_by_role("link")).to_have_count(0)
    expect(notifications_link(b.page)).to_have_accessible_name("Notifications 1 unread")
    scam = Message.objects.get(conversation=chat, sender=anna, removed_at__isnull=False)
    assert scam.body == ""
    b.assert_clean()


# --- 4. A block ------------------------------------------------------------------------

HELLO = "Hallo Bernd, wann passt es Ihnen?"
AGAIN = "Sind Sie noch da? Bitte antworten Sie."


def test_a_blocked_person_can_no_longer_write_and_is_not_told_why(
    page: Page,
    live_server_url: str,
    watch: PageWatch,
    assert_accessible: Any,
    other_browser: Callable[[User], Other],
):
    base = live_server_url
    anna, bernd = verified("anna"), verified("bernd")
    chat = conversation_of(anna, bernd, (anna, HELLO))

    # Anna has the conversation open.
    anna_sockets = ChatSockets(page)
    enter_signed_in(page.context, base, anna)
    open_home_in_english(page, base)
    open_conversation(page, "bernd")
    anna_sockets.wait_connected()

    # --- Bernd blocks her from the conversation -----------------------------------------
    b = other_browser(bernd)
    open_home_in_english(b.page, base)
    open_conversation(b.page, "anna")
    main(b.page).get_by_role("link", name="Block anna").click()
    expect(b.page.locator("h1")).to_have_text("Block anna?")
    expect(b.page).to_have_title(titled("Block anna"))
    expect(main(b.page)).to_contain_text("anna is not told.")
    b.check("block confirmation")
    main(b.page).get_by_role("button", name="Block", exact=True).click()
    expect(b.page.locator("h1")).to_have_text("People you blocked")
    expect(b.page).to_have_title(titled("People you blocked"))
    expect(flash(b.page)).to_contain_text("anna can no longer write to you. They are not told.")
    blocked = main(b.page).locator(".gw-chat-list__item")
    expect(blocked).to_have_count(1)
    expect(blocked).to_contain_text("anna")
    expect(blocked.get_by_role("button", name="Unblock anna")).to_be_visible()
    b.check("people you blocked")

    # --- Anna's page, still open, cannot send; reloaded, it says she cannot write -------
    write(page, AGAIN)
    status = main(page).get_by_role("status").filter(has_text="Not sent:")
    expect(status).to_have_text("Not sent: You cannot write in this conversation.")
    expect(message_field(page)).to_have_value(AGAIN)
    expect(bodies(page)).to_have_text([HELLO])
    page.reload()
    expect(main(page)).to_contain_text(CLOSED)
    expect(message_field(page)).to_have_count(0)
    expect(bodies(page)).to_have_text([HELLO])
    # Not told why: nowhere a word of a block.
    expect(page.locator("body")).not_to_contain_text(re.compile(r"blocked|blockiert", re.I))
    assert_accessible("conversation, closed")

    # Nor can she start a new one with him, from his page.
    main(page).get_by_role("link", name="Page of bernd").click()
    expect(page.locator("h1")).to_have_text("bernd")
    main(page).get_by_role("link", name="Send a message").click()
    expect(page.locator("h1")).to_have_text("New conversation")
    expect(main(page).get_by_role("textbox", name="To")).to_have_value("bernd")
    message_field(page).fill(AGAIN)
    main(page).get_by_role("button", name="Send", exact=True).click()
    expect(main(page)).to_contain_text("You cannot start this conversation.")
    expect(page.locator("body")).not_to_contain_text(re.compile(r"blocked|blockiert", re.I))

    assert list(chat.messages.values_list("body", flat=True)) == [HELLO]
    assert not Notification.objects.filter(recipient=anna).exists()
    b.assert_clean()
