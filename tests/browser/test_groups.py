"""Self-help groups as people meet them: a guest finds a group and asks to join through
the contact point; a host accepts the agreement and schedules meetings; a guest joins
with a room code. Every page passes axe-core in German, Polish and English, and the
public and join pages do not scroll sideways at 320 CSS pixels.

Translations of the groups pages may still be missing: German pages are driven by field
names, ids and addresses, English ones also by their texts.

Wrong room codes are counted per address in the server's cache. The test that runs
into the slow-down comes from an address of its own (OWN_ADDRESS, sent as
X-Forwarded-For, which the test server trusts from 127.0.0.1), so that the slow-down it
leaves never meets a test that joins from 127.0.0.1 after it, on any worker.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import Locator, Page, expect

from gemeinwerk.accounts.models import TrustLevel, User
from gemeinwerk.accounts.tests.factories import member_who_can_sign_in
from gemeinwerk.core.ratelimit import client_key
from gemeinwerk.groups import roomcodes, schedule
from gemeinwerk.groups.models import (
    AgreementAcceptance,
    Group,
    GroupHost,
    GroupStatus,
    HostRole,
    JoinRequest,
    JoinRequestStatus,
    Meeting,
    Topic,
)
from gemeinwerk.groups.services.requests import notify_office
from gemeinwerk.groups.tests.factories import (
    GroupFactory,
    HostTrainingFactory,
    JoinRequestFactory,
    UsageAgreementFactory,
    code_of,
    make_occurrence,
)
from gemeinwerk.meetings import joining
from gemeinwerk.notifications.services import send_instant
from gemeinwerk.places.models import ContactPoint
from gemeinwerk.places.tests.factories import ContactPointFactory, DistrictFactory
from tests.browser.accounts_helpers import enter_signed_in, make_staff, queued_emails
from tests.browser.conftest import PageWatch

PREFIXES = {"de": "", "pl": "/pl", "en": "/en"}
QUEUED_MAILER = "gemeinwerk.core.mail.QueuedEmailBackend"
WRONG_CODE = "AAA-AAA-AAA"
SYMBOL = f"[{roomcodes.ALPHABET}]"
CODE_SHAPE = re.compile(rf"^{SYMBOL}{{3}}-{SYMBOL}{{3}}-{SYMBOL}{{3}}$")
GUEST = {
    "name": "Zofia",
    "contact": "zofia.gast@example.net",
    "message": "Meine Mutter hat Demenz; ich möchte gern einmal kommen.",
}


@dataclass
class Town:
    office: ContactPoint
    group: Group  # for relatives, in Nordstadt, closed to newcomers
    host: User  # trained, has not accepted the agreement in force
    staff: User  # of the office, with a second factor


@pytest.fixture(autouse=True)
def _fresh_join_limits() -> None:
    # With Redis (the services run) the server's counts outlive a run: start from none.
    # The embedded run's local-memory cache lives in the server process and starts
    # empty with it.
    cache.delete_many(list(joining.CODE_TRIES.keys(client_key(RequestFactory().get("/")))))


@pytest.fixture
def town() -> Town:
    north = DistrictFactory.create(name="Nordstadt", slug="nordstadt")
    south = DistrictFactory.create(name="Südstadt", slug="suedstadt")
    office = ContactPointFactory.create(
        name="Selbsthilfekontaktstelle Nordstadt",
        slug="selbsthilfe-nord",
        district=north,
        email="selbsthilfe-nord@demostadt.example",
    )
    group = GroupFactory.create(
        name="Gesprächskreis der Angehörigen",
        slug="angehoerige-nord",
        description="Für Angehörigen von Menschen mit Demenz: zuhören, Tipps, Kraft tanken.",
        district=north,
        contact_point=office,
        open_to_newcomers=False,
        rhythm="jeden 2. Dienstag, 19:00",
        place="Stadtteilbibliothek Nordstadt",
    )
    for name, slug, district, topic in [
        ("Angehörigen-Café Südstadt", "cafe-sued", south, Topic.RELATIVES),
        ("Leben nach der Sucht", "nach-der-sucht", north, Topic.ADDICTION),
        ("Chronisch stark", "chronisch-stark", None, Topic.CHRONIC_ILLNESS),
    ]:
        GroupFactory.create(
            name=name,
            slug=slug,
            district=district,
            topic=topic,
            contact_point=office,
            description="Auch Angehörige sind willkommen.",
        )
    GroupFactory.create(
        name="Angehörige in Gründung", contact_point=office, status=GroupStatus.PROPOSED
    )
    host = member_who_can_sign_in(
        username="gastgeberin_eva", email="eva@example.org", trust_level=TrustLevel.VERIFIED
    )
    GroupHost.objects.create(group=group, user=host, role=HostRole.HOST)
    HostTrainingFactory.create(user=host)
    earlier = UsageAgreementFactory.create(
        version="2025-1", published_at=timezone.now() - timedelta(days=400)
    )
    AgreementAcceptance.objects.create(user=host, agreement=earlier)
    UsageAgreementFactory.create(
        version="2026-2",
        text_en="Confidentiality. No recordings, no screenshots. Respect.",
        published_at=timezone.now() - timedelta(days=2),
    )
    staff, _secret = make_staff("team_nord", office)
    return Town(office=office, group=group, host=host, staff=staff)


def choose_with_keyboard(page: Page, select: Locator, value: str) -> None:
    """Pick an option with the arrow keys, as keyboard users do, whatever its label."""
    select.focus()
    page.keyboard.press("Home")
    for _ in range(select.locator("option").count()):
        if select.input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    assert select.input_value() == value


def submit(page: Page) -> None:
    page.locator("main form.gw-form button[type=submit]").click()


# --- Done when: a guest finds a group for relatives and asks to join -------------------


def test_a_guest_finds_a_group_for_relatives_and_asks_the_contact_office(
    page: Page, live_server_url: str, watch: PageWatch, town: Town
):
    page.goto(f"{live_server_url}/groups/")
    results = page.locator("#group-results")
    expect(results.locator("h3 a")).to_have_count(4)

    page.locator("input[name=q]").click()
    page.keyboard.type("Angehörige")
    page.keyboard.press("Tab")
    choose_with_keyboard(page, page.locator("select[name=district]"), "nordstadt")
    choose_with_keyboard(page, page.locator("select[name=topic]"), "relatives")

    expect(results.locator("h3 a")).to_have_count(1)
    found = results.get_by_role("link", name="Gesprächskreis der Angehörigen")
    expect(found).to_be_visible()
    assert "q=Angeh%C3%B6rige" in page.url
    assert "district=nordstadt" in page.url
    assert "topic=relatives" in page.url
    found.click()

    expect(page).to_have_url(f"{live_server_url}/groups/angehoerige-nord/")
    expect(page.locator("h1")).to_have_text("Gesprächskreis der Angehörigen")
    page.locator("main a[href='/groups/angehoerige-nord/request/']").click()
    expect(page.locator("main")).to_contain_text("Selbsthilfekontaktstelle Nordstadt")
    page.locator("input[name=name]").fill(GUEST["name"])
    page.locator("input[name=contact]").fill(GUEST["contact"])
    page.locator("textarea[name=message]").fill(GUEST["message"])
    submit(page)

    expect(page.locator("main form.gw-form")).to_have_count(0)
    expect(page.locator("main a[href='/places/selbsthilfe-nord/']")).to_be_visible()
    request = JoinRequest.objects.get()
    assert (request.group, request.name, request.contact, request.status) == (
        town.group,
        GUEST["name"],
        GUEST["contact"],
        JoinRequestStatus.NEW,
    )
    # The contact point's staff hear of new requests by one notification per group and
    # period, from tasks that the worker would run: run here, queueing the e-mail as the
    # server does. The office's own address gets nothing: it has staff on the platform.
    with override_settings(MAILERS={"default": {"BACKEND": QUEUED_MAILER}}):
        assert notify_office(group_id=town.group.pk) == "told"
        (office_task,) = DBTaskResult.objects.filter(task_path__endswith="send_notification")
        assert send_instant(notification_id=office_task.args_kwargs["args"][0]) == "sent"
    (mail,) = queued_emails(town.staff.email)
    assert "Gesprächskreis der Angehörigen" in mail["subject"]
    for detail in GUEST.values():
        assert detail not in mail["subject"] + mail["body"]
    assert queued_emails("selbsthilfe-nord@demostadt.example") == []
    assert queued_emails("eva@example.org") == []

    # The contact point finds the request in the staff console and forwards it.
    enter_signed_in(page.context, live_server_url, town.staff)
    page.goto(f"{live_server_url}/staff/groups/")
    item = page.locator(f"article[aria-labelledby='request-{request.pk}']")
    expect(item.locator("h3")).to_contain_text("Gesprächskreis der Angehörigen")
    expect(item.locator("h3")).to_contain_text(GUEST["name"])
    expect(item).to_contain_text(GUEST["contact"])
    expect(item).to_contain_text(GUEST["message"])
    item.locator("form[action$='/forward/'] button").click()

    expect(page.locator(f"article[aria-labelledby='request-{request.pk}']")).to_have_count(0)
    assert JoinRequest.objects.get().status == JoinRequestStatus.FORWARDED
    # The host is told by a notification; its e-mail is a task the worker would run.
    (task,) = DBTaskResult.objects.filter(task_path__endswith="send_notification").exclude(
        pk=office_task.pk
    )
    with override_settings(MAILERS={"default": {"BACKEND": QUEUED_MAILER}}):
        assert send_instant(notification_id=task.args_kwargs["args"][0]) == "sent"
    (host_mail,) = queued_emails("eva@example.org")
    assert GUEST["contact"] not in host_mail["body"]


# --- Done when: a host accepts the agreement, then schedules -----------------------------


def next_second_tuesday() -> date:
    today = timezone.localdate()
    year, month = today.year, today.month
    while True:
        day = schedule.nth_weekday(year, month, 1, 2)
        if day is not None and day > today:
            return day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


@pytest.mark.parametrize("javascript", [True, False])
def test_a_guest_pages_through_a_long_filtered_directory(
    browser: Any,
    page: Page,
    live_server_url: str,
    watch: PageWatch,
    assert_accessible: Any,
    javascript: bool,
):
    for n in range(23):
        GroupFactory.create(name=f"Gruppe {n:02}", topic="addiction")
    GroupFactory.create(name="Anders", topic="relatives")
    if not javascript:
        # The page links are plain links too: a browser without JavaScript pages the same.
        page = browser.new_context(java_script_enabled=False, locale="de-DE").new_page()
    page.goto(f"{live_server_url}/en/groups/?topic=addiction")
    results = page.locator("#group-results")
    expect(results.locator("h3 a")).to_have_count(20)
    pages = results.get_by_role("navigation", name="Pages")
    expect(pages).to_contain_text("Page 1 of 2")
    if javascript:
        assert_accessible("directory, first page")
        page.evaluate("window.stillTheSamePage = true")

    pages.get_by_role("link", name="Next page").click()

    expect(page).to_have_url(f"{live_server_url}/en/groups/?topic=addiction&page=2")
    expect(results.locator("h3 a")).to_have_count(3)
    expect(results.get_by_role("heading", level=2)).to_have_text("23 groups")
    expect(pages).to_contain_text("Page 2 of 2")
    expect(page.locator("select[name=topic]")).to_have_value("addiction")
    if javascript:
        # htmx swapped the results in place of loading the whole page again.
        assert page.evaluate("window.stillTheSamePage") is True
        assert_accessible("directory, second page")
    pages.get_by_role("link", name="Previous page").click()
    expect(page).to_have_url(f"{live_server_url}/en/groups/?topic=addiction")
    expect(results.locator("h3 a").first).to_have_text("Gruppe 00")
    if not javascript:
        page.context.close()


def test_a_host_accepts_the_agreement_in_force_then_schedules_and_gets_a_room_code(
    page: Page, live_server_url: str, watch: PageWatch, town: Town
):
    base = f"{live_server_url}/en/groups/angehoerige-nord"
    schedule_link = page.locator("main a[href='/en/groups/angehoerige-nord/meetings/new/']")
    enter_signed_in(page.context, live_server_url, town.host)

    page.goto(f"{base}/manage/")
    agreement = page.get_by_role("region", name="Text of the usage agreement")
    expect(agreement).to_contain_text("No recordings, no screenshots.")
    expect(page.locator("main")).to_contain_text("version 2026-2")
    expect(schedule_link).to_have_count(0)
    page.goto(f"{base}/meetings/new/")
    expect(page).to_have_url(f"{base}/manage/")
    expect(page.get_by_role("status")).to_contain_text("accept the current usage agreement")

    page.get_by_label("I have read the usage agreement and accept it.").check()
    page.get_by_role("button", name="Accept the agreement").click()
    expect(agreement).to_have_count(0)
    schedule_link.click()

    first = next_second_tuesday()
    page.get_by_label("Once a month, on the same weekday (e.g. every 2nd Tuesday)").check()
    page.get_by_label("First date").fill(first.isoformat())
    page.get_by_label("Starts at").fill("19:00")
    page.get_by_role("button", name="Schedule", exact=True).click()

    expect(page).to_have_url(re.compile(rf"^{re.escape(base)}/meetings/\d+/$"))
    meeting = Meeting.objects.get()
    expect(page).to_have_url(f"{base}/meetings/{meeting.pk}/")
    code = page.locator("#room-code")
    expect(code).to_have_text(CODE_SHAPE)
    shown = code.inner_text().strip()
    assert meeting.room_code is not None
    assert roomcodes.display(meeting.room_code) == shown
    invitation = page.get_by_label("Invitation to copy")
    expect(invitation).to_have_value(re.compile(re.escape(shown)))
    expect(invitation).to_have_value(re.compile(re.escape(f"{live_server_url}/en/join/")))
    assert meeting.week_of_month == 2
    starts = [timezone.localtime(o.starts_at) for o in meeting.occurrences.all()]
    assert starts[0].date() == first
    assert all(schedule.week_of_month(day.date()) == 2 and day.hour == 19 for day in starts)

    page.locator("main a[href$='/card/']").click()
    expect(page.locator(".gw-room-code")).to_have_text(shown)
    assert meeting.room_code not in page.url
    assert shown not in page.url


# --- A guest joins with the code ---------------------------------------------------------


def test_a_guest_joins_with_the_code_and_a_nickname(
    page: Page, live_server_url: str, watch: PageWatch, town: Town
):
    occurrence = make_occurrence(town.group, starts_at=timezone.now() - timedelta(minutes=5))
    code = code_of(occurrence)
    visited: list[str] = []
    page.on("request", lambda request: visited.append(request.url))

    page.goto(f"{live_server_url}/en/join/")
    page.get_by_label("Room code").fill(" ".join(roomcodes.display(code).lower().split("-")))
    page.get_by_label("Your name in the meeting").fill("Zora")
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(f"{live_server_url}/en/join/rules/")
    expect(page.locator("main")).to_contain_text("Hello Zora!")
    expect(page.locator(".kern-preline")).to_have_text("Gesprächskreis der Angehörigen")
    for name in ("confidential", "no_recording", "respect"):
        page.locator(f"input[name={name}]").check()
    page.get_by_role("button", name="I agree, let me in").click()

    expect(page).to_have_url(f"{live_server_url}/en/join/ready/")
    expect(page.locator("h1")).to_have_text("Check your sound")
    expect(page.locator("main")).to_contain_text("Hello Zora!")
    (cookie,) = [c for c in page.context.cookies() if c["name"] == joining.JOIN_COOKIE]
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict"
    assert cookie["expires"] == pytest.approx(occurrence.ends_at.timestamp(), abs=10)
    assert not any(code in u.upper().replace("-", "") for u in visited)

    page.get_by_role("button", name="Leave the meeting").click()
    expect(page).to_have_url(f"{live_server_url}/en/")
    assert joining.JOIN_COOKIE not in {c["name"] for c in page.context.cookies()}

    page.goto(f"{live_server_url}/en/join/")
    page.get_by_label("Room code").fill(WRONG_CODE)
    page.get_by_label("Your name in the meeting").fill("Zora")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("This room code is not valid.")


# --- Every page: axe-core, and no sideways scrolling at 320 pixels ------------------------


def checker(page: Page, assert_accessible: Any, language: str) -> Any:
    """axe-core on the page as it is; for public pages also the width of 320 pixels."""
    wide = page.viewport_size or {"width": 1280, "height": 720}

    def check(label: str, *, narrow: bool = True) -> None:
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("h1")).to_have_count(1)
        assert_accessible(f"{language} {label}")
        if narrow:
            page.set_viewport_size({"width": 320, "height": 800})
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            page.set_viewport_size(wide)
            assert overflow <= 0, f"{language} {label} scrolls sideways by {overflow}px"

    return check


def enter_code(page: Page, code: str) -> None:
    page.locator("input[name=code]").fill(code)
    page.locator("input[name=nickname]").fill("Zora")
    submit(page)


@pytest.mark.parametrize("language", ["de", "pl", "en"])
def test_public_and_join_pages_pass_axe_and_fit_a_phone(
    page: Page,
    live_server_url: str,
    watch: PageWatch,
    assert_accessible: Any,
    town: Town,
    language: str,
):
    base = f"{live_server_url}{PREFIXES[language]}"
    check = checker(page, assert_accessible, language)
    soon = make_occurrence(town.group, starts_at=timezone.now() + timedelta(days=2))
    past = make_occurrence(town.group, starts_at=timezone.now() - timedelta(hours=3))
    now = make_occurrence(town.group, starts_at=timezone.now() - timedelta(minutes=5))

    page.goto(f"{base}/groups/")
    check("directory")
    page.goto(f"{base}/groups/?q=Angeh%C3%B6rige&topic=relatives&district=nordstadt")
    expect(page.locator("#group-results h3")).to_have_count(1)
    check("directory, search and filters")
    page.goto(f"{base}/groups/?q=Schachclub")
    expect(page.locator("#group-results h3")).to_have_count(0)
    check("directory without results")
    page.goto(f"{base}/groups/angehoerige-nord/")
    check("group page")
    page.goto(f"{base}/groups/angehoerige-nord/request/")
    check("request form")
    submit(page)
    expect(page.locator("main .kern-form-input--error")).to_have_count(2)
    check("request form with errors")

    page.goto(f"{base}/join/")
    check("join form")
    submit(page)
    check("join form with errors")
    enter_code(page, roomcodes.display(code_of(soon)))
    expect(page.locator(".kern-alert--info")).to_be_visible()
    check("join: not yet")
    enter_code(page, roomcodes.display(code_of(past)))
    expect(page.locator(".kern-alert--danger")).to_be_visible()
    check("join: over")
    enter_code(page, code_of(now))
    expect(page).to_have_url(f"{base}/join/rules/")
    check("rules")
    submit(page)
    expect(page.locator("main .kern-form-check--error")).to_have_count(3)
    check("rules with errors")
    for name in ("confidential", "no_recording", "respect"):
        page.locator(f"input[name={name}]").check()
    submit(page)
    expect(page).to_have_url(f"{base}/join/ready/")
    check("ready")


@pytest.mark.parametrize("language", ["de", "pl", "en"])
def test_host_pages_pass_axe(
    page: Page,
    live_server_url: str,
    watch: PageWatch,
    assert_accessible: Any,
    town: Town,
    language: str,
):
    base = f"{live_server_url}{PREFIXES[language]}/groups"
    check = checker(page, assert_accessible, language)
    series = make_occurrence(town.group, starts_at=timezone.now() + timedelta(days=2)).meeting
    rotating = make_occurrence(
        town.group, starts_at=timezone.now() + timedelta(days=3), rotate=True
    )
    enter_signed_in(page.context, live_server_url, town.host)

    page.goto(f"{base}/propose/")
    check("propose form", narrow=False)
    submit(page)
    check("propose form with errors", narrow=False)
    page.goto(f"{base}/mine/")
    check("my groups", narrow=False)
    page.goto(f"{base}/angehoerige-nord/manage/")
    check("dashboard with the agreement", narrow=False)
    page.locator("input[name=accept]").check()
    page.locator("form[action$='/manage/agreement/'] button").click()
    expect(
        page.locator(f"main a[href$='{PREFIXES[language]}/groups/angehoerige-nord/meetings/new/']")
    ).to_be_visible()
    check("dashboard", narrow=False)
    page.goto(f"{base}/angehoerige-nord/meetings/new/")
    check("schedule form", narrow=False)
    page.locator("input[name=first_date]").fill("2020-01-07")
    submit(page)
    expect(page.locator("main .kern-form-input--error").first).to_be_visible()
    check("schedule form with errors", narrow=False)
    page.goto(f"{base}/angehoerige-nord/meetings/{series.pk}/")
    check("meeting", narrow=False)
    page.goto(f"{base}/angehoerige-nord/meetings/{series.pk}/card/")
    check("card", narrow=False)
    page.goto(f"{base}/angehoerige-nord/meetings/{rotating.meeting.pk}/")
    check("meeting with a code per date", narrow=False)
    page.goto(
        f"{base}/angehoerige-nord/meetings/{rotating.meeting.pk}/card/?occurrence={rotating.pk}"
    )
    check("card of one date", narrow=False)


@pytest.mark.parametrize("language", ["de", "pl", "en"])
def test_a_member_accepts_a_co_host_invitation_by_clicking_from_the_home_page(
    page: Page,
    live_server_url: str,
    watch: PageWatch,
    assert_accessible: Any,
    town: Town,
    language: str,
):
    """The host invites from the dashboard; the invited member finds the invitation
    under "My groups" in the header and accepts it. Nobody types an address."""
    piotr = member_who_can_sign_in(
        username="piotr_k", email="piotr@example.org", trust_level=TrustLevel.VERIFIED
    )
    prefix = PREFIXES[language]
    check = checker(page, assert_accessible, language)
    enter_signed_in(page.context, live_server_url, town.host)
    page.goto(f"{live_server_url}{prefix}/")
    page.locator(f"header a[href$='{prefix}/groups/mine/']").first.click()
    page.locator("main a[href$='/groups/angehoerige-nord/manage/']").click()
    page.locator("main input[name=username]").fill("piotr_k")
    page.locator("main form[action$='/manage/co-hosts/'] button").click()
    expect(page.locator("main")).to_contain_text("piotr_k")
    check("dashboard with an invitation", narrow=False)
    page.context.clear_cookies()

    enter_signed_in(page.context, live_server_url, piotr)
    page.goto(f"{live_server_url}{prefix}/")
    page.locator(f"header a[href$='{prefix}/groups/mine/']").first.click()
    expect(page.locator("main article")).to_have_count(1)
    check("my groups with an invitation")
    page.locator("main form[action*='/invitations/'][action$='/accept/'] button").click()

    expect(page).to_have_url(f"{live_server_url}{prefix}/groups/angehoerige-nord/manage/")
    assert GroupHost.objects.get(group=town.group, user__username="piotr_k").role == "co_host"


@pytest.mark.parametrize("language", ["de", "pl", "en"])
def test_the_staff_console_groups_page_passes_axe(
    page: Page,
    live_server_url: str,
    watch: PageWatch,
    assert_accessible: Any,
    town: Town,
    language: str,
):
    JoinRequestFactory.create(group=town.group, message="Zeile eins.\nZeile zwei.")
    enter_signed_in(page.context, live_server_url, town.staff)

    page.goto(f"{live_server_url}{PREFIXES[language]}/staff/groups/")

    expect(page.locator("main article")).to_have_count(2)  # a proposal and a request
    checker(page, assert_accessible, language)("staff console: groups", narrow=False)


# A documentation address (RFC 5737): nobody else's.
OWN_ADDRESS = "192.0.2.77"


def test_join_outcomes_for_wrong_codes_pass_axe_and_fit_a_phone(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any
):
    # From an address of its own, which it leaves slowed for a while. "Not valid" in
    # each language (wrong codes 1-3 of this address), then "slowed": wrong codes until
    # the answer is 429, which takes five wrong codes, and again in each language (at
    # most about eight in all, far from the block after twenty).
    page.set_extra_http_headers({"X-Forwarded-For": OWN_ADDRESS})
    watch.allow("status of 429")
    for language, prefix in PREFIXES.items():
        check = checker(page, assert_accessible, language)
        page.goto(f"{live_server_url}{prefix}/join/")
        enter_code(page, WRONG_CODE)
        expect(page.locator(".kern-alert--danger")).to_be_visible()
        check("join: not valid")
    slowed_texts = {}
    for language, prefix in PREFIXES.items():
        check = checker(page, assert_accessible, language)
        page.goto(f"{live_server_url}{prefix}/join/")
        for _ in range(joining.SLOW_AFTER + 1):
            with page.expect_response(
                lambda r: r.request.method == "POST" and r.url.endswith("/join/")
            ) as answer:
                enter_code(page, WRONG_CODE)
            if answer.value.status == 429:
                break
        assert answer.value.status == 429
        check("join: slowed")
        slowed_texts[language] = page.get_by_role("alert").inner_text()
    assert "Too many wrong codes" in slowed_texts["en"]
