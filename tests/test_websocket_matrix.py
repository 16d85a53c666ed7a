"""Every WebSocket route, every role of the permission matrix: who gets in.

Each case connects through the real ASGI app (origin check, session and cookies, router,
consumer) with the role's real session cookie, as a browser would. Room seats are asked
for the way the room page asks: the join cookie (signed as the join pages sign it), then
a room token from `/join/room/token/` with the role's session, then the WebSocket. A new
WebSocket route without an entry fails here.

The consumers read the database in their own connection handling, so each case runs in
a transactional test: the world of test_permission_matrix.build_world, plus a meeting of
its group that is on now, committed and flushed afterwards.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from gemeinwerk.asgi import application
from gemeinwerk.groups.models import Occurrence
from gemeinwerk.groups.tests.factories import make_occurrence
from gemeinwerk.meetings import joining, tokens
from gemeinwerk.meetings.tests.test_consumer import SAME_ORIGIN, settle_channel_layer
from gemeinwerk.routing import websocket_urlpatterns
from tests.test_permission_matrix import ROLES, World, build_world, sign_in

TIMEOUT = 5

# What a connection gets: "pong" (the self-test answers), "guest" or "host" (a seat in
# the room, as a guest or with the host's controls), "chat" (the chat welcomes a person
# who may chat), "refused:<reason>" (the room or the chat says why, then closes).
Outcome = str


def same(outcome: Outcome) -> dict[str, Outcome]:
    return dict.fromkeys(ROLES, outcome)


@dataclass(frozen=True)
class WsCase:
    path: str
    # What the browser brings: a join cookie (guest or host seat) and a fresh room token.
    seat: str | None = None  # None, "guest" or "host"
    token: bool = False
    expected: dict[str, Outcome] | None = None


WEBSOCKET_MATRIX: dict[str, list[WsCase]] = {
    # The connection self-test needs no account.
    "/ws/ping/": [WsCase("/ws/ping/", expected=same("pong"))],
    "/ws/room/": [
        # Without a seat nobody gets in, whatever their role.
        WsCase("/ws/room/", expected=same("refused:not_joined")),
        # A seat without a fresh token: the page must fetch one first.
        WsCase("/ws/room/", seat="guest", expected=same("refused:token")),
        # The room is anonymous: a guest's seat and token open it for everyone.
        WsCase("/ws/room/", seat="guest", token=True, expected=same("guest")),
        # A host's seat only for the group's hosts, signed in now: the host and the
        # co-host. A host of another group, staff and admins hold no host seat here.
        WsCase(
            "/ws/room/",
            seat="host",
            token=True,
            expected=same("refused:not_host") | {"host": "host", "co_host": "host"},
        ),
    ],
    # The chat: verified members (staff too, with or without the second factor in this
    # session: chatting is no power of their role); accounts not yet verified and
    # suspended ones are told they may not, visitors that they are not signed in.
    "/ws/chat/": [
        WsCase(
            "/ws/chat/",
            expected=same("chat")
            | {
                "anonymous": "refused:not_signed_in",
                "unverified": "refused:not_allowed",
                "suspended_staff": "refused:not_allowed",
            },
        )
    ],
}


@dataclass
class Stage:
    world: World
    occurrence: Occurrence  # of the world's group, on now


@pytest.fixture
def stage() -> Stage:
    world = build_world()
    occurrence = make_occurrence(world.group, starts_at=timezone.now() - timedelta(minutes=5))
    return Stage(world, occurrence)


def session_of(stage: Stage, role: str) -> str:
    """The role's session cookie, signed in as test_permission_matrix signs it in."""
    browser = Client()
    sign_in(browser, stage.world, role)
    return browser.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture(autouse=True)
def _fresh_room(settings: Any) -> Iterator[None]:
    # Each case meets an empty room and a channel layer of its own event loop.
    settings.ICE_STUN_URLS = []
    settings.ICE_TURN_URLS = []
    settings.ICE_TURN_SECRET = ""
    cache.clear()
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()
    cache.clear()


def join_cookie(occurrence: Occurrence, *, host: bool) -> str:
    """As the join pages leave it once the rules are confirmed and a seat is chosen
    (the host's way in, join:host, sets `h`)."""
    data = {"o": occurrence.pk, "n": "Rosi", "r": True, "s": "seat-rosi", "a": "", "h": host}
    return signing.dumps(data, salt=joining.JOIN_SALT, compress=True)


def browser_cookies(stage: Stage, role: str, case: WsCase) -> dict[str, str]:
    cookies: dict[str, str] = {}
    if role != "anonymous":
        cookies[settings.SESSION_COOKIE_NAME] = session_of(stage, role)
    if case.seat is not None:
        cookies[joining.JOIN_COOKIE] = join_cookie(stage.occurrence, host=case.seat == "host")
    if case.token:
        # What room.js does before it connects.
        browser = Client()
        for name, value in cookies.items():
            browser.cookies[name] = value
        response = browser.post("/join/room/token/")
        assert response.status_code == 204, response.status_code
        cookies[tokens.ROOM_COOKIE] = response.cookies[tokens.ROOM_COOKIE].value
    return cookies


async def connect(path: str, cookies: dict[str, str]) -> Outcome:
    headers = list(SAME_ORIGIN)
    if cookies:
        jar = "; ".join(f"{name}={value}" for name, value in cookies.items())
        headers.append((b"cookie", jar.encode()))
    ws = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await ws.connect(timeout=TIMEOUT)
    assert connected, "the origin check refused the connection"
    try:
        if path == "/ws/ping/":
            await ws.send_json_to({"type": "ping", "id": 1})
            message = await ws.receive_json_from(TIMEOUT)
            return "pong" if message == {"type": "pong", "id": 1} else json.dumps(message)
        message = await ws.receive_json_from(TIMEOUT)
        if message["type"] == "refused":
            closed = await ws.receive_output(TIMEOUT)
            assert closed["type"] == "websocket.close", closed
            return f"refused:{message['reason']}"
        assert message["type"] == "welcome", message
        if path == "/ws/chat/":
            return "chat"
        seat = next(s for s in message["state"]["seats"] if s["id"] == message["seat"])
        return "host" if seat["host"] else "guest"
    finally:
        await ws.disconnect()
        await settle_channel_layer()


CASES = [
    pytest.param(role, path, index, id=f"{role}-{path.strip('/').replace('/', '.')}-{index}")
    for path, cases in WEBSOCKET_MATRIX.items()
    for index, _case in enumerate(cases)
    for role in ROLES
]


def test_every_websocket_route_has_an_entry():
    paths = {"/" + str(pattern.pattern) for pattern in websocket_urlpatterns}

    assert paths == set(WEBSOCKET_MATRIX)


# The consumers read the database through their own connection handling: committed data.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("role", "path", "index"), CASES)
def test_websocket_answers_each_role_as_expected(stage: Stage, role: str, path: str, index: int):
    case = WEBSOCKET_MATRIX[path][index]
    assert case.expected is not None
    cookies = browser_cookies(stage, role, case)

    outcome = async_to_sync(connect)(case.path, cookies)

    assert outcome == case.expected[role]
