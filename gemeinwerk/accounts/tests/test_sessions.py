"""Sessions: the engine that ties them to the account, their lifetime, and the member's
page that lists and ends them."""

import json
import time
import types
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.test import Client

from gemeinwerk.accounts import middleware as middleware_module
from gemeinwerk.accounts.models import Session, User
from gemeinwerk.accounts.selectors import session_handle
from gemeinwerk.accounts.sessions import (
    SEEN_KEY,
    STARTED_KEY,
    SessionStore,
    describe_device,
)
from gemeinwerk.accounts.tests.more_factories import (
    CHROME_WINDOWS,
    FIREFOX_ANDROID,
    make_verified,
    signed_in,
    url,
)
from gemeinwerk.accounts.views import me as me_views

pytestmark = pytest.mark.django_db

SIGNED_OUT = "You were signed out because nothing happened for a while."
SIGNED_OUT_AFTER_HOURS = "For your safety, please sign in again after some hours."


class Clock:
    """Stands in for time.time() in the session middleware and the "extend" view."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    fake_time = types.SimpleNamespace(time=clock)
    monkeypatch.setattr(middleware_module, "time", fake_time)
    monkeypatch.setattr(me_views, "time", fake_time)
    return clock


def key_of(client: Client) -> str:
    return str(client.session.session_key)


def session_row(client: Client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def set_times(client: Client, *, started: float, seen: float) -> None:
    session = client.session
    session[STARTED_KEY] = started
    session[SEEN_KEY] = seen
    session.save()


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def sign_in_url(next_path: str) -> str:
    return f"{url('account_login')}?{urlencode({'next': next_path})}"


# --- The engine ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user_agent", "device"),
    [
        (FIREFOX_ANDROID, "Firefox / Android"),
        (CHROME_WINDOWS, "Chrome / Windows"),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
            "Safari / iPhone",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
            "Edge / Windows",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) "
            "SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
            "Samsung Internet / Android",
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
            "Firefox / Linux",
        ),
        ("curl/8.5.0", ""),
        ("", ""),
    ],
)
def test_describe_device_names_browser_and_system_only(user_agent: str, device: str):
    assert describe_device(user_agent) == device


def test_the_session_row_holds_the_account_and_a_coarse_device_but_no_address():
    member = make_verified()
    client = Client(HTTP_USER_AGENT=FIREFOX_ANDROID, REMOTE_ADDR="203.0.113.77")
    client.force_login(member)

    client.get(url("me:overview"))

    row = session_row(client)
    assert row.user == member
    assert row.device == "Firefox / Android"
    values = [str(getattr(row, field.attname)) for field in Session._meta.concrete_fields]
    decoded = json.dumps(SessionStore().decode(row.session_data))
    for text in [*values, decoded]:
        assert "203.0.113.77" not in text
        assert "Gecko/128.0" not in text, "the full user agent is not kept"


def test_a_session_without_a_signed_in_user_has_no_account():
    client = Client()
    client.get(url("account_login"))
    session = client.session
    session["anything"] = 1
    session.save()

    assert session_row(client).user is None


def test_the_session_row_keeps_the_sign_in_time_across_saves(clock: Clock):
    client = signed_in(make_verified())
    client.get(url("me:overview"))
    created = session_row(client).created_at

    clock.advance(300)
    client.get(url("me:overview"))

    row = session_row(client)
    assert row.created_at == created
    assert row.last_activity > created


# --- Lifetime --------------------------------------------------------------------------


def test_the_first_request_after_signing_in_starts_the_clock(clock: Clock):
    client = signed_in(make_verified())

    client.get(url("me:overview"))

    session = client.session
    assert session[STARTED_KEY] == clock.now
    assert session[SEEN_KEY] == clock.now


def test_an_idle_session_signs_the_member_out_with_a_message(settings: Any):
    member = make_verified()
    client = signed_in(member)
    now = time.time()
    set_times(client, started=now - 100, seen=now - settings.SESSION_IDLE_SECONDS - 5)
    old_key = client.session.session_key

    response = client.get(url("me:profile"))

    assert response.status_code == 302
    assert response["Location"] == sign_in_url(url("me:profile"))
    assert SIGNED_OUT in messages_of(response)
    assert "_auth_user_id" not in client.session
    assert not Session.objects.filter(session_key=old_key).exists()
    assert client.get(url("me:overview")).status_code == 302


def test_the_idle_limit_comes_from_the_settings(settings: Any):
    settings.SESSION_IDLE_SECONDS = 120
    client = signed_in(make_verified())
    now = time.time()
    set_times(client, started=now - 200, seen=now - 150)

    response = client.get(url("me:overview"))

    assert response.status_code == 302
    assert response["Location"].startswith(url("account_login"))


def test_a_session_ends_at_its_absolute_lifetime_despite_activity():
    client = signed_in(make_verified())
    now = time.time()
    set_times(client, started=now - settings.SESSION_MAX_SECONDS - 5, seen=now - 10)

    response = client.get(url("me:overview") + "?tab=1")

    assert response.status_code == 302
    assert response["Location"] == sign_in_url(url("me:overview") + "?tab=1")
    assert SIGNED_OUT_AFTER_HOURS in messages_of(response)
    assert "_auth_user_id" not in client.session


def test_requests_keep_a_session_alive_until_it_is_idle(clock: Clock):
    client = signed_in(make_verified())
    client.get(url("me:overview"))
    idle = settings.SESSION_IDLE_SECONDS

    for _ in range(3):
        clock.advance(idle * 2 / 3)
        assert client.get(url("me:overview")).status_code == 200
        assert client.session[SEEN_KEY] == clock.now

    clock.advance(idle + 1)
    response = client.get(url("me:overview"))
    assert response.status_code == 302
    assert response["Location"].startswith(url("account_login"))


def test_activity_is_written_at_most_once_a_minute(clock: Clock):
    client = signed_in(make_verified())
    client.get(url("me:overview"))
    first = client.session[SEEN_KEY]

    clock.advance(30)
    client.get(url("me:overview"))
    assert client.session[SEEN_KEY] == first

    clock.advance(31)
    client.get(url("me:overview"))
    assert client.session[SEEN_KEY] == clock.now


def test_extend_counts_as_activity(clock: Clock):
    client = signed_in(make_verified())
    client.get(url("me:overview"))
    clock.advance(settings.SESSION_IDLE_SECONDS - 30)

    response = client.post(url("me:session_extend"))

    assert response.status_code == 200
    assert response.json() == {"idle_seconds": settings.SESSION_IDLE_SECONDS}
    assert client.session[SEEN_KEY] == clock.now
    clock.advance(settings.SESSION_IDLE_SECONDS - 30)
    assert client.get(url("me:overview")).status_code == 200


def test_extend_is_a_post_only():
    client = signed_in(make_verified())

    assert client.get(url("me:session_extend")).status_code == 405


# --- The member's sessions page ----------------------------------------------------------


def two_devices(member: User) -> tuple[Client, Client]:
    phone = signed_in(member, user_agent=FIREFOX_ANDROID)
    laptop = signed_in(member, user_agent=CHROME_WINDOWS)
    phone.get(url("me:overview"))
    laptop.get(url("me:overview"))
    return phone, laptop


def test_the_sessions_page_lists_only_my_own_sessions():
    member = make_verified()
    phone, laptop = two_devices(member)
    stranger = signed_in(make_verified(), user_agent="Mozilla/5.0 (X11; CrOS x86_64) Chrome/1")
    stranger.get(url("me:overview"))

    response = phone.get(url("me:sessions"))

    assert response.status_code == 200
    rows = response.context["sessions"]
    assert sorted(row.device for row in rows) == ["Chrome / Windows", "Firefox / Android"]
    assert [row.device for row in rows if row.current] == ["Firefox / Android"]
    html = response.content.decode()
    assert "ChromeOS" not in html
    for key in (key_of(phone), key_of(laptop)):
        assert key not in html, "session keys are secrets"
    assert session_handle(key_of(laptop)) in html


def test_ending_another_session_by_its_handle():
    member = make_verified()
    phone, laptop = two_devices(member)
    laptop_key = key_of(laptop)

    response = phone.post(url("me:session_end"), {"session": session_handle(laptop_key)})

    assert response.status_code == 302
    assert response["Location"] == url("me:sessions")
    assert "The session has been ended." in messages_of(response)
    assert not Session.objects.filter(session_key=laptop_key).exists()
    assert laptop.get(url("me:overview")).status_code == 302
    assert phone.get(url("me:overview")).status_code == 200


def test_a_foreign_handle_ends_nothing():
    member = make_verified()
    phone, _laptop = two_devices(member)
    stranger = signed_in(make_verified())
    stranger.get(url("me:overview"))
    before = set(Session.objects.values_list("session_key", flat=True))

    response = phone.post(url("me:session_end"), {"session": session_handle(key_of(stranger))})
    phone.post(url("me:session_end"), {"session": "not-a-handle"})

    assert response.status_code == 302
    assert messages_of(response) == []
    assert set(Session.objects.values_list("session_key", flat=True)) == before
    assert stranger.get(url("me:overview")).status_code == 200


def test_the_current_session_is_not_ended_by_its_own_handle():
    member = make_verified()
    phone, _laptop = two_devices(member)

    phone.post(url("me:session_end"), {"session": session_handle(key_of(phone))})

    assert phone.get(url("me:overview")).status_code == 200


def test_end_all_other_sessions_keeps_the_current_one():
    member = make_verified()
    phone, laptop = two_devices(member)
    tablet = signed_in(member)
    stranger = signed_in(make_verified())

    response = phone.post(url("me:sessions_end_others"))

    assert "All other sessions have been ended." in messages_of(response)
    assert list(Session.objects.filter(user=member).values_list("session_key", flat=True)) == [
        key_of(phone)
    ]
    assert laptop.get(url("me:overview")).status_code == 302
    assert tablet.get(url("me:overview")).status_code == 302
    assert stranger.get(url("me:overview")).status_code == 200

    again = phone.post(url("me:sessions_end_others"))
    assert "There were no other sessions." in messages_of(again)
