"""Joining by room code: when a code opens a room, and the rate limit that keeps codes
from being guessed. Time is passed as `now=`; "the wait is over" is made by moving the
last try back in the cache, which holds the limit (local memory, per test process)."""

import re
import threading
import time
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from gemeinwerk.accounts.tests.more_factories import url
from gemeinwerk.core.ratelimit import client_key
from gemeinwerk.core.tests.test_ratelimit import PARALLEL, in_parallel, shared_cache  # noqa: F401
from gemeinwerk.groups import roomcodes
from gemeinwerk.groups.models import Group, GroupStatus, Meeting, Occurrence, Recurrence
from gemeinwerk.groups.tests.factories import (
    GroupFactory,
    JoinRequestFactory,
    code_of,
    make_occurrence,
)
from gemeinwerk.meetings import joining
from gemeinwerk.meetings.forms import JoinForm
from gemeinwerk.meetings.joining import CodeCheck, Outcome, check_code

pytestmark = pytest.mark.django_db

WRONG = "AAAAAAAAA"
CLIENT = "client-a"
# A fixed evening: the meeting of the tests runs from 19:00 to 20:30, Berlin time.
START = timezone.make_aware(datetime(2026, 5, 12, 19, 0))


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


@pytest.fixture
def group() -> Group:
    return GroupFactory.create(name="Angehörige im Gespräch")


@pytest.fixture
def evening(group: Group) -> Occurrence:
    return make_occurrence(group, starts_at=START, minutes=90)


def allow_next_try(client: str) -> None:
    """As if the wait after the last wrong code were over."""
    cache.set(joining.CODE_TRIES.keys(client)[1], 0)


def fail(client: str, times: int) -> None:
    for _ in range(times):
        allow_next_try(client)
        assert check_code(client, WRONG).outcome == Outcome.NOT_VALID


def failures(client: str) -> int:
    return int(cache.get(joining.CODE_TRIES.keys(client)[0], 0))


# --- When a code opens the room --------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "outcome"),
    [
        (START - timedelta(days=2), Outcome.NOT_YET),
        (START - timedelta(minutes=15, seconds=1), Outcome.NOT_YET),
        (START - timedelta(minutes=15), Outcome.OPEN),  # 15 minutes early
        (START - timedelta(minutes=1), Outcome.OPEN),
        (START + timedelta(minutes=89, seconds=59), Outcome.OPEN),
        (START + timedelta(minutes=90), Outcome.OVER),
        (START + timedelta(days=3), Outcome.OVER),
    ],
)
def test_the_room_opens_fifteen_minutes_early_until_the_end(
    evening: Occurrence, moment: datetime, outcome: Outcome
):
    check = check_code(CLIENT, code_of(evening), now=moment)

    assert check.outcome == outcome
    assert check.occurrence == evening


def test_the_code_may_be_typed_in_lower_case_with_spaces(evening: Occurrence):
    typed = " ".join(roomcodes.display(code_of(evening)).lower().split("-"))

    assert check_code(CLIENT, typed, now=START).outcome == Outcome.OPEN


@pytest.mark.parametrize("typed", [WRONG, "K7M", "", "K7M-PQ4-XR0", "'; DROP TABLE x; --"])
def test_unknown_or_malformed_codes_are_not_valid(evening: Occurrence, typed: str):
    assert check_code(CLIENT, typed, now=START) == CodeCheck(Outcome.NOT_VALID)


def test_a_cancelled_date_does_not_open(evening: Occurrence):
    evening.cancelled_at = timezone.now()
    evening.save()

    assert check_code(CLIENT, code_of(evening), now=START) == CodeCheck(Outcome.NOT_VALID)


@pytest.mark.parametrize("status", [GroupStatus.PROPOSED, GroupStatus.DECLINED, "archived"])
def test_groups_that_are_not_active_do_not_open(group: Group, evening: Occurrence, status: str):
    Group.objects.filter(pk=group.pk).update(status=status)

    assert check_code(CLIENT, code_of(evening), now=START) == CodeCheck(Outcome.NOT_VALID)


def weekly_series(group: Group, *, rotate: bool) -> list[Occurrence]:
    meeting = Meeting.objects.create(
        group=group,
        recurrence=Recurrence.WEEKLY,
        first_date=START.date(),
        start_time=START.time(),
        rotate_code=rotate,
        room_code=None if rotate else roomcodes.generate(),
    )
    return [
        make_occurrence(group, starts_at=START + timedelta(weeks=n), meeting=meeting)
        for n in range(3)
    ]


def test_a_series_code_opens_the_date_that_is_on_and_else_names_the_next(group: Group):
    first, second, third = weekly_series(group, rotate=False)
    code = code_of(first)
    assert code == code_of(second) == code_of(third)

    between = check_code(CLIENT, code, now=START + timedelta(days=3))
    during = check_code(CLIENT, code, now=START + timedelta(weeks=1, minutes=10))
    after = check_code(CLIENT, code, now=START + timedelta(weeks=5))

    assert (between.outcome, between.occurrence) == (Outcome.NOT_YET, second)
    assert (during.outcome, during.occurrence) == (Outcome.OPEN, second)
    assert (after.outcome, after.occurrence) == (Outcome.OVER, third)


def test_a_series_code_skips_a_cancelled_date(group: Group):
    first, second, third = weekly_series(group, rotate=False)
    second.cancelled_at = timezone.now()
    second.save()

    during_cancelled = check_code(CLIENT, code_of(first), now=START + timedelta(weeks=1))

    assert (during_cancelled.outcome, during_cancelled.occurrence) == (Outcome.NOT_YET, third)


def test_a_rotating_code_opens_only_its_own_date(group: Group):
    first, second, _third = weekly_series(group, rotate=True)
    assert first.meeting.room_code is None
    assert len({code_of(first), code_of(second), code_of(_third)}) == 3

    own = check_code(CLIENT, code_of(first), now=START)
    next_weeks = check_code(CLIENT, code_of(second), now=START)
    old = check_code(CLIENT, code_of(first), now=START + timedelta(weeks=1))

    assert (own.outcome, own.occurrence) == (Outcome.OPEN, first)
    assert (next_weeks.outcome, next_weeks.occurrence) == (Outcome.NOT_YET, second)
    assert (old.outcome, old.occurrence) == (Outcome.OVER, first)


# --- The rate limit -------------------------------------------------------------------


def test_the_first_wrong_codes_are_answered_at_once():
    outcomes = [check_code(CLIENT, WRONG).outcome for _ in range(joining.SLOW_AFTER)]

    assert outcomes == [Outcome.NOT_VALID] * joining.SLOW_AFTER


def test_after_five_wrong_codes_the_next_try_must_wait():
    fail(CLIENT, joining.SLOW_AFTER)

    check = check_code(CLIENT, WRONG)

    assert check.outcome == Outcome.SLOW_DOWN
    assert check.wait_seconds == 1
    assert check.occurrence is None


def test_the_wait_doubles_up_to_a_minute():
    waits = []
    for count in range(joining.SLOW_AFTER, joining.BLOCK_AFTER):
        fail(CLIENT, 1 if count > joining.SLOW_AFTER else joining.SLOW_AFTER)
        check = check_code(CLIENT, WRONG)
        assert check.outcome == Outcome.SLOW_DOWN, count
        expected = min(2 ** (count - joining.SLOW_AFTER), joining.MAX_WAIT_SECONDS)
        assert expected <= check.wait_seconds <= expected + 1
        waits.append(expected)

    assert waits == [1, 2, 4, 8, 16, 32] + [60] * 9


def test_slowed_tries_do_not_count_as_wrong_codes():
    fail(CLIENT, joining.SLOW_AFTER)

    outcomes = {check_code(CLIENT, WRONG).outcome for _ in range(30)}

    assert outcomes == {Outcome.SLOW_DOWN}
    assert failures(CLIENT) == joining.SLOW_AFTER


def test_twenty_wrong_codes_block_the_address_for_an_hour():
    fail(CLIENT, joining.BLOCK_AFTER)
    allow_next_try(CLIENT)

    check = check_code(CLIENT, WRONG)

    assert check == CodeCheck(Outcome.BLOCKED)
    unblocked_at = cache.get(joining.CODE_TRIES.keys(CLIENT)[2])
    assert unblocked_at - time.time() == pytest.approx(joining.BLOCK_SECONDS, abs=5)
    assert joining.BLOCK_SECONDS == 3600


def test_while_blocked_a_right_code_gets_the_answer_of_a_wrong_one_without_a_query(
    evening: Occurrence, django_assert_num_queries: DjangoAssertNumQueries
):
    fail(CLIENT, joining.BLOCK_AFTER)
    allow_next_try(CLIENT)

    with django_assert_num_queries(0):
        right = check_code(CLIENT, code_of(evening), now=START)
        wrong = check_code(CLIENT, WRONG, now=START)

    assert right == wrong == CodeCheck(Outcome.BLOCKED)


def test_while_slowed_a_right_code_gets_the_answer_of_a_wrong_one_without_a_query(
    evening: Occurrence, django_assert_num_queries: DjangoAssertNumQueries
):
    fail(CLIENT, 12)  # a wait of 60 seconds
    cache.set(joining.CODE_TRIES.keys(CLIENT)[1], time.time())

    with django_assert_num_queries(0):
        right = check_code(CLIENT, code_of(evening), now=START)
        wrong = check_code(CLIENT, WRONG, now=START)

    assert right == wrong == CodeCheck(Outcome.SLOW_DOWN, wait_seconds=60)


def test_a_right_code_does_not_reset_the_count(evening: Occurrence):
    fail(CLIENT, joining.SLOW_AFTER - 1)
    allow_next_try(CLIENT)
    assert check_code(CLIENT, code_of(evening), now=START).outcome == Outcome.OPEN
    fail(CLIENT, 1)

    assert failures(CLIENT) == joining.SLOW_AFTER
    assert check_code(CLIENT, code_of(evening), now=START).outcome == Outcome.SLOW_DOWN


def test_codes_of_dates_not_yet_on_or_over_are_not_wrong_codes(evening: Occurrence):
    early = [check_code(CLIENT, code_of(evening), now=START - timedelta(days=1)) for _ in range(8)]
    late = [check_code(CLIENT, code_of(evening), now=START + timedelta(days=1)) for _ in range(8)]

    assert {c.outcome for c in early} == {Outcome.NOT_YET}
    assert {c.outcome for c in late} == {Outcome.OVER}
    assert failures(CLIENT) == 0


def test_clients_are_counted_apart(evening: Occurrence):
    fail("client-a", joining.BLOCK_AFTER)

    assert check_code("client-a", code_of(evening), now=START).outcome == Outcome.BLOCKED
    assert check_code("client-b", code_of(evening), now=START).outcome == Outcome.OPEN
    assert check_code("client-b", WRONG).outcome == Outcome.NOT_VALID
    assert failures("client-b") == 1


def test_the_client_key_is_a_hash_of_the_address():
    factory = RequestFactory()
    one = client_key(factory.get("/", REMOTE_ADDR="203.0.113.7"))
    again = client_key(factory.get("/", REMOTE_ADDR="203.0.113.7"))
    other = client_key(factory.get("/", REMOTE_ADDR="203.0.113.8"))

    assert one == again != other
    assert "203.0.113" not in one


# --- The same through the join page ------------------------------------------------------


def comparable(body: bytes, typed: str) -> str:
    """The page without what differs on every request (CSRF token, CSP nonce) and
    without the code the person typed, which the form shows again."""
    text = body.decode()
    text = re.sub(r"\b[A-Za-z0-9]{64}\b", "csrf", text)  # masked CSRF tokens
    text = re.sub(r'nonce="[^"]*"', "nonce", text)
    return text.replace(typed, "<typed>")


ADDRESS = "203.0.113.77"


def open_now(group: Group) -> Occurrence:
    return make_occurrence(group, starts_at=timezone.now() - timedelta(minutes=5))


@pytest.mark.parametrize("limit", ["slowed", "blocked"])
def test_the_join_page_answers_right_and_wrong_codes_alike_when_limited(group: Group, limit: str):
    right = roomcodes.display(code_of(open_now(group)))
    wrong = roomcodes.display(WRONG)
    client_id = client_key(RequestFactory().get("/", REMOTE_ADDR=ADDRESS))
    fail(client_id, joining.BLOCK_AFTER if limit == "blocked" else 12)
    browser = Client(REMOTE_ADDR=ADDRESS)

    def attempt(typed: str) -> Any:
        if limit == "slowed":
            # Just after the last wrong code: a wait of a minute for both tries alike.
            cache.set(joining.CODE_TRIES.keys(client_id)[1], time.time())
        return browser.post(url("join:form"), {"code": typed, "nickname": "Z"})

    responses = {typed: attempt(typed) for typed in (right, wrong)}

    assert {r.status_code for r in responses.values()} == {429}
    assert comparable(responses[right].content, right) == comparable(
        responses[wrong].content, wrong
    )
    assert all(joining.JOIN_COOKIE not in r.cookies for r in responses.values())
    expected = "Please wait 60 seconds" if limit == "slowed" else "Please try again in an hour"
    assert expected in " ".join(responses[right].content.decode().split())


def test_the_join_page_counts_addresses_apart(group: Group):
    right = code_of(open_now(group))
    guesser = Client(REMOTE_ADDR="203.0.113.1")
    for _ in range(joining.BLOCK_AFTER):
        allow_next_try(client_key(RequestFactory().get("/", REMOTE_ADDR="203.0.113.1")))
        guesser.post(url("join:form"), {"code": WRONG, "nickname": "X"})

    blocked = guesser.post(url("join:form"), {"code": right, "nickname": "X"})
    neighbour = Client(REMOTE_ADDR="203.0.113.2").post(
        url("join:form"), {"code": right, "nickname": "Zora"}
    )

    assert blocked.status_code == 429
    assert neighbour.status_code == 302
    assert neighbour["Location"] == url("join:rules")


def test_a_form_without_a_nickname_is_not_a_try(group: Group):
    right = code_of(open_now(group))
    browser = Client(REMOTE_ADDR=ADDRESS)

    for _ in range(30):
        response = browser.post(url("join:form"), {"code": WRONG, "nickname": "   "})
        assert response.status_code == 200
    success = browser.post(url("join:form"), {"code": right, "nickname": "Zora"})

    assert success.status_code == 302


# --- The join flow: code and nickname, rules, ready; nothing kept on the server -------


def join(browser: Client, code: str, nickname: str = "Zora") -> Any:
    return browser.post(url("join:form"), {"code": code, "nickname": nickname})


def confirm_rules(browser: Client) -> Any:
    return browser.post(
        url("join:rules"), {"confidential": "on", "no_recording": "on", "respect": "on"}
    )


def test_the_join_page_asks_only_for_code_and_nickname():
    response = Client().get(url("join:form"))

    assert response.status_code == 200
    html = response.content.decode()
    form = re.search(r'<form method="post" class="gw-form".*?</form>', html, re.S)
    assert form is not None, "the join form is sent by POST"
    fields = set(re.findall(r'<input[^>]*name="([^"]+)"', form.group(0)))
    assert fields == {"csrfmiddlewaretoken", "code", "nickname"}
    assert "no-store" in response["Cache-Control"]


def test_joining_sets_a_strict_cookie_that_ends_with_the_meeting(group: Group):
    occurrence = open_now(group)
    browser = Client()

    response = join(browser, code_of(occurrence))

    assert response.status_code == 302
    assert response["Location"] == url("join:rules")
    cookie = response.cookies[joining.JOIN_COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    expected = (occurrence.ends_at - timezone.now()).total_seconds()
    assert int(cookie["max-age"]) == pytest.approx(expected, abs=5)
    assert 80 * 60 < int(cookie["max-age"]) <= 85 * 60


def test_a_guest_joins_confirms_the_rules_and_is_ready(group: Group):
    occurrence = open_now(group)
    browser = Client()
    typed = " ".join(roomcodes.display(code_of(occurrence)).lower().split("-"))

    joined = join(browser, typed, nickname="  Zora   die Gärtnerin ")
    rules_page = browser.get(url("join:rules"))
    confirmed = confirm_rules(browser)
    ready_page = browser.get(url("join:ready"))

    assert joined["Location"] == url("join:rules")
    assert rules_page.status_code == 200
    assert "Hello Zora die Gärtnerin!" in rules_page.content.decode()
    assert group.name in rules_page.content.decode()
    assert confirmed["Location"] == url("join:ready")
    assert ready_page.status_code == 200
    assert "Hello Zora die Gärtnerin!" in ready_page.content.decode()
    assert "Check your sound" in ready_page.content.decode()


def test_the_code_never_appears_in_a_url(group: Group):
    occurrence = open_now(group)
    code = code_of(occurrence)
    browser = Client()

    steps = [
        join(browser, code),
        browser.get(url("join:rules")),
        confirm_rules(browser),
        browser.get(url("join:ready")),
        browser.post(url("join:leave")),
    ]

    locations = [r["Location"] for r in steps if r.status_code == 302]
    assert len(locations) == 3
    for location in locations:
        assert code not in location.upper()
        assert roomcodes.display(code) not in location.upper()
    for response in steps[1:4]:
        html = response.content.decode()
        assert code not in html
        assert roomcodes.display(code) not in html


@pytest.mark.parametrize(
    ("starts_in", "message"),
    [
        (timedelta(days=2), "This meeting has not started yet."),
        (-timedelta(hours=3), "This meeting is over."),
    ],
)
def test_codes_of_other_times_are_answered_clearly(
    group: Group, starts_in: timedelta, message: str
):
    occurrence = make_occurrence(group, starts_at=timezone.now() + starts_in)

    response = join(Client(), code_of(occurrence))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert joining.JOIN_COOKIE not in response.cookies


def test_a_wrong_code_is_not_valid():
    response = join(Client(), WRONG)

    assert response.status_code == 200
    assert "This room code is not valid." in response.content.decode()
    assert joining.JOIN_COOKIE not in response.cookies


def test_the_rules_must_all_be_confirmed(group: Group):
    browser = Client()
    join(browser, code_of(open_now(group)))

    response = browser.post(url("join:rules"), {"confidential": "on", "respect": "on"})

    assert response.status_code == 200
    assert browser.get(url("join:ready"))["Location"] == url("join:form")


@pytest.mark.parametrize("cookie", [None, "", "forged", "eyJvIjoxfQ:1uAbCd:not-a-signature"])
def test_rules_and_ready_need_a_valid_join_cookie(cookie: str | None):
    browser = Client()
    if cookie is not None:
        browser.cookies[joining.JOIN_COOKIE] = cookie

    assert browser.get(url("join:rules"))["Location"] == url("join:form")
    assert browser.get(url("join:ready"))["Location"] == url("join:form")


def test_a_cookie_signed_with_another_purpose_is_refused(group: Group):
    from django.core import signing

    occurrence = open_now(group)
    forged = signing.dumps({"o": occurrence.pk, "n": "Eve", "r": True})

    assert joining.JoinTicket.from_signed(forged) is None
    browser = Client()
    browser.cookies[joining.JOIN_COOKIE] = forged
    assert browser.get(url("join:ready"))["Location"] == url("join:form")


def test_a_cancelled_date_sends_joined_guests_back_to_the_form(group: Group):
    occurrence = open_now(group)
    browser = Client()
    join(browser, code_of(occurrence))
    confirm_rules(browser)
    occurrence.cancelled_at = timezone.now()
    occurrence.save()

    assert browser.get(url("join:ready"))["Location"] == url("join:form")


def test_a_join_cookie_kept_after_the_meeting_no_longer_lets_in(group: Group):
    # The cookie's max-age asks the browser to forget it when the meeting ends; a
    # copy kept longer must not open the meeting's pages afterwards.
    occurrence = open_now(group)
    browser = Client()
    join(browser, code_of(occurrence))
    confirm_rules(browser)
    Occurrence.objects.filter(pk=occurrence.pk).update(
        starts_at=timezone.now() - timedelta(days=7, minutes=5),
        ends_at=timezone.now() - timedelta(days=7) + timedelta(minutes=85),
    )

    responses = [browser.get(url("join:rules")), browser.get(url("join:ready"))]

    assert [(r.status_code, r.get("Location")) for r in responses] == [(302, url("join:form"))] * 2


def test_leaving_deletes_the_cookie(group: Group):
    browser = Client()
    join(browser, code_of(open_now(group)))
    confirm_rules(browser)

    response = browser.post(url("join:leave"))

    assert response["Location"] == url("core:home")
    cookie = response.cookies[joining.JOIN_COOKIE]
    assert cookie.value == ""
    assert int(cookie["max-age"]) == 0
    assert browser.get(url("join:ready"))["Location"] == url("join:form")
    assert browser.get(url("join:leave")).status_code == 405


# --- Nothing about the guest stays on the server --------------------------------------


def tables_holding(text: str) -> list[str]:
    """Every table with `text` in any column of any row."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 -- names from the database
            if any(text in str(value) for row in cursor.fetchall() for value in row):
                found.append(table)
    return found


def cache_holds(text: str) -> bool:
    """Every key and value in the cache: local memory, or Redis in the services run."""
    store = getattr(cache, "_cache", None)
    if isinstance(store, dict):
        return any(text in key or text.encode() in bytes(value) for key, value in store.items())
    client = store.get_client()  # type: ignore[union-attr]
    needle = text.encode()
    return any(needle in key or needle in (client.get(key) or b"") for key in client.scan_iter())


NICKNAME = "Wiesenblume-4711"


def test_the_scan_finds_a_name_that_is_stored(group: Group):
    JoinRequestFactory.create(group=group, name=NICKNAME)

    assert tables_holding(NICKNAME) == ["groups_joinrequest"]


def test_neither_nickname_nor_address_is_kept_after_joining(group: Group):
    occurrence = open_now(group)
    browser = Client(REMOTE_ADDR=ADDRESS)
    join(browser, WRONG, nickname=NICKNAME)  # a wrong code is counted for the address

    join(browser, code_of(occurrence), nickname=NICKNAME)
    confirm_rules(browser)
    ready = browser.get(url("join:ready"))
    browser.post(url("join:leave"))

    assert NICKNAME in ready.content.decode()
    assert tables_holding(NICKNAME) == []
    assert tables_holding(ADDRESS) == []
    assert failures(client_key(RequestFactory().get("/", REMOTE_ADDR=ADDRESS))) == 1
    assert not cache_holds(NICKNAME)
    assert not cache_holds(ADDRESS)


def test_room_nicknames_lose_look_alike_forms_and_invisible_characters():
    """A guest could appear as `admin` in full-width letters, or reverse the names after
    theirs in the room's list with a right-to-left override."""
    full_width_admin = "\uff41\uff44\uff4d\uff49\uff4e"
    form = JoinForm(
        data={
            "code": "K7M-PQ4-XRT",
            "nickname": f"\N{RIGHT-TO-LEFT OVERRIDE}{full_width_admin}\N{ZERO WIDTH SPACE}\x1b",
        }
    )
    invisible = JoinForm(data={"code": "K7M-PQ4-XRT", "nickname": "\N{ZERO WIDTH SPACE}\u2066"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["nickname"] == "admin"
    assert not invisible.is_valid()
    assert "nickname" in invisible.errors


def test_the_join_cookie_keeps_only_a_clean_nickname():
    """Also a host's display name saved before names were cleaned."""
    value = joining.JoinTicket.issue(
        Occurrence(pk=7), "Eva\N{RIGHT-TO-LEFT OVERRIDE}\r\nHost"
    ).signed()

    ticket = joining.JoinTicket.from_signed(value)
    assert ticket is not None
    assert ticket.nickname == "Eva Host"


# --- Parallel tries, on the local-memory cache and (services run) on Redis -------------


def test_parallel_wrong_room_codes_get_no_more_looks_than_allowed(
    shared_cache: str,  # noqa: F811 (the fixture imported above)
    monkeypatch: pytest.MonkeyPatch,
):
    looks = []
    lock = threading.Lock()
    slow_lookup = threading.Event()

    def find_nothing(code: str, now: datetime) -> None:
        with lock:
            looks.append(code)
        # A database lookup takes a moment; meanwhile the other requests come in.
        slow_lookup.wait(0.05)

    monkeypatch.setattr(joining, "find_occurrence", find_nothing)

    outcomes = in_parallel(lambda: joining.check_code("parallel-client", "AAAAAAAAA").outcome)

    assert len(looks) == joining.SLOW_AFTER == 5
    assert outcomes.count(Outcome.NOT_VALID) == joining.SLOW_AFTER
    assert outcomes.count(Outcome.SLOW_DOWN) == PARALLEL - joining.SLOW_AFTER
    assert cache.get(joining.CODE_TRIES.keys("parallel-client")[0]) == joining.SLOW_AFTER
