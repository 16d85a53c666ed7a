"""The room's signalling through the full ASGI app (origin check, cookies, router,
consumer, channel layer, cache): who gets in, what is relayed to whom, host controls,
limits, and that nothing about the participants is left once the meeting ends.

Each participant is a WebsocketCommunicator with a signed join cookie built the way
the join views build it. State broadcasts are collected on the side; tests wait for the
state they expect instead of counting broadcasts, so the in-memory and the Redis
channel layer behave alike."""

import asyncio
import contextlib
import json
import pickle
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import channel_layers, get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone
from uvicorn.protocols.utils import ClientDisconnected

from gemeinwerk.accounts.models import Profile, Visibility
from gemeinwerk.asgi import application
from gemeinwerk.core import consumers as core_consumers
from gemeinwerk.groups.models import GroupStatus, HostRole, Occurrence
from gemeinwerk.groups.tests.factories import GroupFactory, make_host, make_occurrence
from gemeinwerk.meetings import consumers, joining, state, store, tokens
from gemeinwerk.meetings.consumers import BUCKET, CHAT_BUCKET, REACT_BUCKET, RoomConsumer

# The consumer reads the occurrence in a worker thread: the data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

SAME_ORIGIN = [(b"origin", b"http://127.0.0.1:8000"), (b"host", b"127.0.0.1:8000")]
TIMEOUT = 5
QUIET = 0.2
CLOSE_REFUSED = consumers.CLOSE_REFUSED
CLOSE_PROTOCOL = core_consumers.CLOSE_PROTOCOL
MAX_REFUSED = RoomConsumer.max_refused
CLOSE_ENDED = consumers.CLOSE_ENDED
View = dict[str, Any]


FRESH_TOKEN = "fresh"


class Closed(AssertionError):
    pass


class Wire:
    """What the ASGI server (uvicorn) knows of one connection."""

    def __init__(self) -> None:
        self.gone = False  # the browser's close frame arrived, or the TCP connection died
        self.close_sent = False
        self.closes = 0
        self.sends_after_gone = 0  # sends the server tried after the browser went away


def like_uvicorn(app: Any, wire: Wire) -> Any:
    """The app as uvicorn serves it (websockets_sansio_impl): a send after the browser
    went away raises ClientDisconnected (which uvicorn swallows, silently ending the
    consumer), and anything sent after a close raises RuntimeError. The test
    communicator alone accepts both, which hid ghosts and double closes."""

    async def served(scope: Any, receive: Any, send: Any) -> None:
        async def strict_send(message: dict[str, Any]) -> None:
            if wire.gone:
                wire.sends_after_gone += 1
                raise ClientDisconnected()
            if wire.close_sent:
                raise RuntimeError(
                    f"Unexpected ASGI message '{message['type']}', after sending 'websocket.close'."
                )
            if message["type"] == "websocket.close":
                wire.close_sent = True
                wire.closes += 1
            await send(message)

        with contextlib.suppress(ClientDisconnected):
            await app(scope, receive, strict_send)

    return served


class Participant:
    """One browser tab in the room."""

    def __init__(
        self,
        cookie: str | None,
        *,
        ip: str,
        headers: list[tuple[bytes, bytes]],
        token: str | None = FRESH_TOKEN,
        account: "Account | None" = None,
    ):
        all_headers = list(headers)
        jar = []
        if cookie is not None:
            jar.append(f"{joining.JOIN_COOKIE}={cookie}")
        if token == FRESH_TOKEN:
            # What the room page fetches before connecting: a token for this seat (for
            # a host, bound to the signed-in account, as meetings.views.room_token does).
            ticket = joining.JoinTicket.from_signed(cookie)
            token = (
                tokens.issue(
                    ticket.occurrence_id,
                    ticket.seat,
                    account=account.pk if account else None,
                    name=account.name if account else "",
                )
                if ticket
                else None
            )
        if account is not None:
            jar.append(f"{settings.SESSION_COOKIE_NAME}={account.session}")
        if token is not None:
            jar.append(f"{tokens.ROOM_COOKIE}={token}")
        if jar:
            all_headers.append((b"cookie", "; ".join(jar).encode()))
        self.cookie = cookie
        self.wire = Wire()
        self.ws = WebsocketCommunicator(
            like_uvicorn(application, self.wire), "/ws/room/", headers=all_headers
        )
        # The scope is read when the app starts: the address the server would see.
        self.ws.scope["client"] = (ip, 51234)
        self.view: View | None = None
        self.views: list[View] = []
        self.pending: list[dict[str, Any]] = []
        self.welcome: dict[str, Any] = {}
        self.seat = ""
        self.host = False
        self.done = False

    async def connect(self) -> dict[str, Any]:
        connected, _ = await self.ws.connect(timeout=TIMEOUT)
        assert connected, "the origin check refused the connection"
        return await self.next()

    async def next(self) -> dict[str, Any]:
        output = await self.ws.receive_output(TIMEOUT)
        if output["type"] == "websocket.close":
            return {"type": "closed", "code": output.get("code")}
        assert output["type"] == "websocket.send", output
        message: dict[str, Any] = json.loads(output["text"])
        if message["type"] in {"state", "welcome"}:
            self.view = message["state"]
            self.views.append(message["state"])
        return message

    async def expect(self, kind: str) -> dict[str, Any]:
        """The next message of `kind`; other messages wait in `pending`."""
        for index, message in enumerate(self.pending):
            if message["type"] == kind:
                return self.pending.pop(index)
        while True:
            message = await self.next()
            if message["type"] == kind:
                return message
            if message["type"] == "closed":
                raise Closed(f"closed while waiting for {kind!r}: {message}, {self.pending}")
            if message["type"] != "state":
                self.pending.append(message)

    async def until(self, predicate: Callable[[View], bool]) -> View:
        """Wait until a state broadcast shows what `predicate` looks for."""
        if self.view is not None and predicate(self.view):
            return self.view
        while True:
            message = await self.next()
            if message["type"] == "closed":
                raise Closed(f"closed while waiting for a state: {message}")
            if message["type"] == "state" and predicate(message["state"]):
                return message["state"]
            if message["type"] != "state":
                self.pending.append(message)

    async def drain(self) -> list[dict[str, Any]]:
        """Everything but states that arrives until the connection is quiet."""
        while not await self.ws.receive_nothing(timeout=QUIET):
            message = await self.next()
            if message["type"] != "state":
                self.pending.append(message)
        messages, self.pending = self.pending, []
        return messages

    async def send(self, message: dict[str, Any]) -> None:
        await self.ws.send_json_to(message)

    async def send_text(self, text: str) -> None:
        await self.ws.send_to(text_data=text)

    async def error(self, message: dict[str, Any] | str) -> str:
        """Send `message` and return the error code it earns."""
        if isinstance(message, str):
            await self.send_text(message)
        else:
            await self.send(message)
        return str((await self.expect("error"))["error"])

    async def alive(self) -> None:
        await self.send({"type": "ping"})
        assert await self.expect("pong") == {"type": "pong"}

    async def closed_with(self) -> Any:
        return (await self.expect("closed"))["code"]

    async def hang_up(self) -> None:
        """The tab goes away without saying goodbye (a dropped connection)."""
        if not self.done:
            self.done = True
            await self.ws.disconnect()

    async def leave_like_the_page(self, *, closing: bool = False) -> None:
        """As room.js does on the Leave button (closing=False) and on pagehide (True):
        "leave", then the socket closes at once; the close frame reaches the server
        before the consumer has read "leave"."""
        await self.send({"type": "leave", "closing": closing} if closing else {"type": "leave"})
        self.wire.gone = True
        self.done = True
        await self.ws.disconnect(code=1001, timeout=TIMEOUT)

    async def drop(self) -> None:
        """The connection dies without a word (the server notices by its pings)."""
        self.wire.gone = True
        self.done = True
        await self.ws.disconnect(code=1006, timeout=TIMEOUT)


@dataclass(frozen=True)
class Account:
    """A host's account, signed in: its session travels with the WebSocket."""

    pk: int
    session: str
    name: str


def sign_in_host(occurrence: Occurrence, username: str, name: str, role: str) -> Account:
    user = make_host(occurrence.meeting.group, role=role, username=username)
    Profile.objects.update_or_create(
        user=user, defaults={"display_name": name, "display_name_visibility": Visibility.PUBLIC}
    )
    browser = Client()
    browser.force_login(user)
    return Account(user.pk, browser.cookies[settings.SESSION_COOKIE_NAME].value, name)


class Room:
    """The participants of one test, for one occurrence."""

    def __init__(self, occurrence: Occurrence) -> None:
        self.occurrence = occurrence
        self.people: list[Participant] = []
        self.tag = uuid.uuid4().hex[:8]
        self.accounts: dict[str, Account] = {}

    async def account_of(self, label: str) -> Account:
        """The host account for `label`: the first is the group's host, others co-hosts."""
        if label not in self.accounts:
            role = HostRole.CO_HOST if self.accounts else HostRole.HOST
            # The account's display name, not a room nickname: it stays in the profile.
            self.accounts[label] = await sync_to_async(sign_in_host)(
                self.occurrence, f"{label}-{self.tag}", f"{label.title()}-Profile-{self.tag}", role
            )
        return self.accounts[label]

    def seat_of(self, label: str) -> str:
        return f"seat-{label}-{self.tag}"

    def name_of(self, label: str) -> str:
        return f"{label.title()}-Nick-{self.tag}"

    def avatar_of(self, label: str) -> str:
        return f"avatar-{label}-{self.tag}"

    def ip_of(self, label: str) -> str:
        return f"203.0.113.{sum(label.encode()) % 250 + 1}"

    def cookie(self, label: str, *, host: bool = False, **payload: Any) -> str:
        data = {
            "o": self.occurrence.pk,
            "n": self.name_of(label),
            "r": True,
            "s": self.seat_of(label),
            "a": self.avatar_of(label),
            "h": host,
            **payload,
        }
        return signing.dumps(data, salt=joining.JOIN_SALT, compress=True)

    def tab(
        self,
        cookie: str | None,
        *,
        label: str = "x",
        headers: Any = None,
        token: str | None = FRESH_TOKEN,
        account: Account | None = None,
    ) -> Participant:
        person = Participant(
            cookie,
            ip=self.ip_of(label),
            headers=headers or SAME_ORIGIN,
            token=token,
            account=account,
        )
        self.people.append(person)
        return person

    async def enter(self, cookie: str, label: str, *, host: bool = False) -> Participant:
        account = await self.account_of(label) if host else None
        person = self.tab(cookie, label=label, account=account)
        welcome = await person.connect()
        assert welcome["type"] == "welcome", welcome
        person.welcome, person.seat = welcome, welcome["seat"]
        person.host = host
        return person

    async def join(self, label: str, *, host: bool = False) -> Participant:
        return await self.enter(self.cookie(label, host=host), label, host=host)

    async def rejoin(self, person: Participant, label: str) -> Participant:
        assert person.cookie is not None
        return await self.enter(person.cookie, label, host=person.host)

    async def refused(
        self,
        cookie: str | None,
        label: str = "x",
        *,
        token: str | None = FRESH_TOKEN,
        account: Account | None = None,
    ) -> str:
        """The reason the room gives someone it does not let in."""
        person = self.tab(cookie, label=label, token=token, account=account)
        message = await person.connect()
        assert message["type"] == "refused", message
        assert set(message) == {"type", "reason"}
        assert await person.next() == {"type": "closed", "code": CLOSE_REFUSED}
        return str(message["reason"])

    async def everyone_sees(self, people: list[Participant], predicate: Callable[[View], bool]):
        for person in people:
            await person.until(predicate)

    async def leave_all(self, *, strict: bool) -> None:
        for person in self.people:
            try:
                await person.hang_up()
            except Exception:
                if strict:
                    raise


async def settle_channel_layer() -> None:
    """The Redis channel layer cleans up after each message in a task of its own, under
    a lock shared by the whole process: the task must finish in this test's event loop,
    or the next test (in a new loop) finds the lock held by a loop that is gone."""
    layer: Any = get_channel_layer()
    wait_received = getattr(layer, "wait_received", None)
    if wait_received is not None:
        await wait_received()


def run(occurrence: Occurrence, scenario: Callable[[Room], Awaitable[None]]) -> None:
    async def main() -> None:
        room = Room(occurrence)
        try:
            await scenario(room)
        except BaseException:
            await room.leave_all(strict=False)
            await settle_channel_layer()
            raise
        # A consumer that crashed on the side shows here.
        await room.leave_all(strict=True)
        await settle_channel_layer()

    async_to_sync(main)()


def seats(view: View) -> dict[str, dict[str, Any]]:
    return {seat["id"]: seat for seat in view["seats"]}


def raised(seat_id: str, view: View) -> bool:
    return seat_id in view["speakers"]


def turn(view: View) -> int | None:
    return None if view["round"] is None else int(view["round"]["turn"])


def present(view: View, seat_id: str) -> bool:
    return seats(view).get(seat_id, {}).get("connected") is True


def dropped(view: View, seat_id: str) -> bool:
    return seats(view).get(seat_id, {}).get("connected") is False


@pytest.fixture
def occurrence() -> Occurrence:
    """A meeting that began five minutes ago."""
    return make_occurrence(GroupFactory.create(), starts_at=timezone.now() - timedelta(minutes=5))


@pytest.fixture(autouse=True)
def _own_channel_layer() -> Iterator[None]:
    """A channel layer of the test's own: every test runs in a new event loop, and the
    Redis layer keeps asyncio locks per process that stay bound to the loop in which
    they were first contended (a waiter cancelled at hang-up leaves them behind)."""
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture(autouse=True)
def _no_ice(settings: Any) -> None:
    settings.ICE_STUN_URLS = []
    settings.ICE_TURN_URLS = []
    settings.ICE_TURN_SECRET = ""


# --- What the server keeps: every table, every cache key ----------------------------


def database_text() -> str:
    rows: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(rows)


def cache_bytes() -> bytes:
    """Every key and value of the cache (and with Redis, of the channel layer, which
    shares the database), raw and unpickled."""
    backend: Any = cache
    chunks: list[bytes] = []
    if settings.REDIS_URL:
        client = backend._cache.get_client()
        for key in client.scan_iter():
            chunks.append(key)
            kind = client.type(key)
            values: list[bytes]
            if kind == b"string":
                values = [client.get(key)]
            elif kind == b"list":
                values = client.lrange(key, 0, -1)
            elif kind == b"set":
                values = list(client.smembers(key))
            elif kind == b"zset":
                values = client.zrange(key, 0, -1)
            elif kind == b"hash":
                values = [b for pair in client.hgetall(key).items() for b in pair]
            else:
                values = [repr(kind).encode()]
            chunks.extend(values)
    else:
        for key, value in backend._cache.items():
            chunks.append(key.encode())
            chunks.append(value)
            chunks.append(repr(pickle.loads(value)).encode())  # noqa: S301
        layer: Any = get_channel_layer()
        for channel_name, queue in getattr(layer, "channels", {}).items():
            chunks.append(channel_name.encode())
            chunks.append(repr(list(queue._queue)).encode())
        chunks.append(repr(getattr(layer, "groups", {})).encode())
    return b"\n".join(chunks)


def traces(needles: list[str]) -> list[str]:
    """The needles found anywhere in the database or the cache."""
    found = []
    stored_db = database_text()
    stored_cache = cache_bytes()
    for needle in needles:
        if needle in stored_db:
            found.append(f"database: {needle}")
        if needle.encode() in stored_cache or needle.encode("unicode_escape") in stored_cache:
            found.append(f"cache: {needle}")
    return found


# --- Who gets in ---------------------------------------------------------------------


def test_without_a_cookie_the_room_refuses(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        assert await room.refused(None) == "not_joined"

    run(occurrence, scenario)


@pytest.mark.parametrize(
    "make_cookie",
    [
        pytest.param(lambda payload: "garbage", id="garbage"),
        pytest.param(
            lambda payload: signing.dumps(payload, salt=joining.JOIN_SALT)[:-2] + "xx",
            id="tampered",
        ),
        pytest.param(lambda payload: signing.dumps(payload, salt="another.salt"), id="other-salt"),
        pytest.param(
            lambda payload: signing.dumps(payload, salt=joining.JOIN_SALT, key="x" * 50),
            id="other-key",
        ),
    ],
)
def test_an_invalid_cookie_is_refused(
    occurrence: Occurrence, make_cookie: Callable[[dict[str, Any]], str]
):
    payload = {"o": occurrence.pk, "n": "Zofia", "r": True, "s": "seat-z", "h": True}

    async def scenario(room: Room) -> None:
        assert await room.refused(make_cookie(payload)) == "not_joined"

    run(occurrence, scenario)


def test_without_the_rules_confirmed_the_room_refuses(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        assert await room.refused(room.cookie("anna", r=False)) == "not_joined"

    run(occurrence, scenario)


def test_a_join_cookie_without_a_seat_is_refused(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        assert await room.refused(room.cookie("anna", s="")) == "not_joined"
        legacy = joining.JoinTicket.issue(occurrence, "Anna", rules_confirmed=True).signed()
        assert await room.refused(legacy) == "not_joined"

    run(occurrence, scenario)


def test_without_a_room_token_the_room_refuses(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        assert await room.refused(room.cookie("anna"), token=None) == "token"
        assert await room.refused(room.cookie("anna"), token="garbage") == "token"
        # A token belongs to one seat of one meeting: another's does not open this one.
        others = tokens.issue(occurrence.pk, room.seat_of("bert"))
        assert await room.refused(room.cookie("anna"), token=others) == "token"
        elsewhere = tokens.issue(occurrence.pk + 1, room.seat_of("anna"))
        assert await room.refused(room.cookie("anna"), token=elsewhere) == "token"
        # Nor does a token alone, without the join cookie it was minted for.
        mine = tokens.issue(occurrence.pk, room.seat_of("anna"))
        assert await room.refused(None, token=mine) == "not_joined"
        # The right one does.
        anna = await room.enter(room.cookie("anna"), "anna")
        assert anna.seat == room.seat_of("anna")

    run(occurrence, scenario)


def test_a_room_token_dies_after_a_minute(occurrence: Occurrence, monkeypatch: pytest.MonkeyPatch):
    def minted_ago(seconds: int, seat: str) -> str:
        then = time.time() - seconds
        with monkeypatch.context() as patch:
            patch.setattr(time, "time", lambda: then)
            return tokens.issue(occurrence.pk, seat)

    assert tokens.is_valid(
        minted_ago(tokens.TOKEN_SECONDS - 5, "seat-a"), occurrence_id=occurrence.pk, seat="seat-a"
    )
    assert not tokens.is_valid(
        minted_ago(tokens.TOKEN_SECONDS + 1, "seat-a"), occurrence_id=occurrence.pk, seat="seat-a"
    )

    async def scenario(room: Room) -> None:
        stale = minted_ago(tokens.TOKEN_SECONDS + 1, room.seat_of("anna"))
        assert await room.refused(room.cookie("anna"), token=stale) == "token"

    run(occurrence, scenario)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"starts_at": timedelta(hours=2), "ends_at": timedelta(hours=3)}, id="later"),
        pytest.param({"starts_at": timedelta(hours=-3), "ends_at": timedelta(hours=-1)}, id="over"),
        pytest.param({"cancelled_at": timedelta(0)}, id="cancelled"),
    ],
)
def test_an_occurrence_that_is_not_open_refuses(occurrence: Occurrence, change: dict[str, Any]):
    now = timezone.now()
    Occurrence.objects.filter(pk=occurrence.pk).update(
        **{field: now + delta for field, delta in change.items()}
    )

    async def scenario(room: Room) -> None:
        assert await room.refused(room.cookie("anna")) == "not_open"

    run(occurrence, scenario)


@pytest.mark.parametrize("status", [GroupStatus.PROPOSED, GroupStatus.ARCHIVED])
def test_a_group_that_is_not_active_has_no_open_room(occurrence: Occurrence, status: str):
    group = occurrence.meeting.group
    group.status = status
    group.save(update_fields=["status"])

    async def scenario(room: Room) -> None:
        assert await room.refused(room.cookie("anna")) == "not_open"

    run(occurrence, scenario)


def test_an_occurrence_that_does_not_exist_refuses(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        assert await room.refused(room.cookie("anna", o=occurrence.pk + 1000)) == "not_open"

    run(occurrence, scenario)


def test_the_room_opens_a_quarter_of_an_hour_early():
    soon = make_occurrence(GroupFactory.create(), starts_at=timezone.now() + timedelta(minutes=10))

    async def scenario(room: Room) -> None:
        await room.join("anna")

    run(soon, scenario)


def test_other_origins_cannot_connect(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        person = room.tab(
            room.cookie("anna"),
            headers=[(b"origin", b"https://evil.example"), (b"host", b"127.0.0.1:8000")],
        )
        connected, _ = await person.ws.connect(timeout=TIMEOUT)
        assert not connected
        person.done = True

    run(occurrence, scenario)


def test_the_welcome_has_the_own_seat_the_state_ice_and_the_capacity(
    occurrence: Occurrence, settings: Any
):
    settings.ICE_STUN_URLS = ["stun:turn.example.org:3478"]
    settings.ICE_TURN_URLS = ["turn:turn.example.org:3478"]
    settings.ICE_TURN_SECRET = "geheim"

    async def scenario(room: Room) -> None:
        host = await room.join("hanna", host=True)
        welcome = host.welcome

        assert set(welcome) == {"type", "seat", "capacity", "ice", "state"}
        assert welcome["seat"] == room.seat_of("hanna")
        assert welcome["capacity"] == 15
        stun, turn = welcome["ice"]
        assert stun == {"urls": ["stun:turn.example.org:3478"]}
        assert turn["urls"] == ["turn:turn.example.org:3478"]
        assert turn["username"].endswith(":" + room.seat_of("hanna"))
        (seat,) = welcome["state"]["seats"]
        assert seat["id"] == room.seat_of("hanna")
        # A host's seat shows the account's display name (shown to everyone here).
        assert seat["name"] == room.accounts["hanna"].name
        assert seat["avatar"] == room.avatar_of("hanna")
        assert seat["host"] is True
        assert seat["connected"] is True
        assert welcome["state"]["speakers"] == []
        assert welcome["state"]["round"] is None
        assert welcome["state"]["locked"] is False
        assert welcome["state"]["ended"] is False
        assert "specific." not in json.dumps(welcome)
        # Nor which account holds a host's seat.
        assert "account" not in json.dumps(welcome)
        assert "channel" not in json.dumps(welcome["state"])

        guest = await room.join("anna")
        assert guest.welcome["state"]["seats"][1]["host"] is False
        assert [s["id"] for s in guest.welcome["state"]["seats"]] == [host.seat, guest.seat]
        await host.until(lambda v: guest.seat in seats(v))

    run(occurrence, scenario)


def test_the_welcome_without_ice_settings_has_no_servers(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        anna = await room.join("anna")
        assert anna.welcome["ice"] == []

    run(occurrence, scenario)


def test_capacity_fifteen_signalling_clients_get_in_and_the_sixteenth_is_told_it_is_full(
    occurrence: Occurrence,
):
    async def scenario(room: Room) -> None:
        people = [await room.join(f"p{n}", host=n == 0) for n in range(15)]

        assert await room.refused(room.cookie("p15")) == "full"

        assert len({person.seat for person in people}) == 15
        last = await people[0].until(lambda v: len(v["seats"]) == 15)
        assert [seat["position"] for seat in last["seats"]] == list(range(15))
        for person in people:
            await person.alive()

    run(occurrence, scenario)


def test_sixteen_at_once_fifteen_get_in_and_one_is_told_it_is_full(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        tabs = [room.tab(room.cookie(f"p{n}"), label=f"p{n}") for n in range(16)]

        firsts = await asyncio.gather(*(tab.connect() for tab in tabs))

        kinds = sorted(first["type"] for first in firsts)
        assert kinds == ["refused"] + ["welcome"] * 15
        (refusal,) = [first for first in firsts if first["type"] == "refused"]
        assert refusal == {"type": "refused", "reason": "full"}

    run(occurrence, scenario)


# --- Signalling ----------------------------------------------------------------------


OFFER = {"description": {"type": "offer", "sdp": "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"}}
CANDIDATE = {"candidate": {"candidate": "candidate:1 1 udp 1 192.0.2.1 9 typ host", "sdpMid": "0"}}


def test_a_signal_reaches_only_the_addressed_seat_from_the_sender(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        anna = await room.join("anna")
        ben = await room.join("ben")
        cem = await room.join("cem")

        await anna.send({"type": "signal", "to": ben.seat, "data": OFFER})
        await ben.send({"type": "signal", "to": anna.seat, "data": CANDIDATE})

        assert await ben.expect("signal") == {"type": "signal", "from": anna.seat, "data": OFFER}
        assert await anna.expect("signal") == {
            "type": "signal",
            "from": ben.seat,
            "data": CANDIDATE,
        }
        assert await cem.drain() == []
        assert await anna.drain() == []
        assert await ben.drain() == []

    run(occurrence, scenario)


def test_a_signal_cannot_claim_another_sender(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        anna = await room.join("anna")
        ben = await room.join("ben")
        cem = await room.join("cem")

        forged = {"type": "signal", "to": ben.seat, "from": cem.seat, "data": OFFER}
        assert await anna.error(forged) == "unexpected_field"
        inside = {"type": "signal", "to": ben.seat, "data": {**OFFER, "from": cem.seat}}
        assert await anna.error(inside) == "bad_signal"
        assert await ben.drain() == []

        await anna.send({"type": "signal", "to": ben.seat, "data": OFFER})
        assert (await ben.expect("signal"))["from"] == anna.seat

    run(occurrence, scenario)


def test_a_signal_to_a_seat_that_is_not_connected_is_refused(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        anna = await room.join("anna")
        ben = await room.join("ben")
        await ben.hang_up()
        await anna.until(lambda v: dropped(v, ben.seat))

        assert await anna.error({"type": "signal", "to": ben.seat, "data": OFFER}) == (
            "no_such_seat"
        )
        assert await anna.error({"type": "signal", "to": "seat-nobody", "data": OFFER}) == (
            "no_such_seat"
        )

    run(occurrence, scenario)


def test_a_large_signal_is_relayed_and_a_too_large_one_is_not(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        anna = await room.join("anna")
        ben = await room.join("ben")
        big = {"description": {"type": "offer", "sdp": "a=x\r\n" * 2_500}}  # ~20 KB as JSON

        await anna.send({"type": "signal", "to": ben.seat, "data": big})
        assert (await ben.expect("signal"))["data"] == big

        huge = {"description": {"type": "offer", "sdp": "x" * 25_000}}
        assert await anna.error({"type": "signal", "to": ben.seat, "data": huge}) == "too_large"
        assert await ben.drain() == []

    run(occurrence, scenario)


def test_a_nested_signal_is_refused_and_both_connections_live_on(occurrence: Occurrence):
    # WebRTC's descriptions and candidates are flat. Deeply nested data breaks msgpack
    # in the Redis channel layer and with it the sender's consumer.
    async def scenario(room: Room) -> None:
        anna = await room.join("anna")
        ben = await room.join("ben")
        nested: Any = "x"
        for _ in range(600):
            nested = [nested]
        data = {"candidate": {"candidate": "candidate:1", "extra": nested}}

        assert await anna.error({"type": "signal", "to": ben.seat, "data": data}) == "bad_signal"
        await anna.alive()
        await ben.alive()

    run(occurrence, scenario)


# --- Hands, status, reactions --------------------------------------------------------


def test_hands_show_in_the_same_order_for_everyone(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        host = await room.join("hanna", host=True)
        anna = await room.join("anna")
        ben = await room.join("ben")
        everyone = [host, anna, ben]
        await room.everyone_sees(everyone, lambda v: len(v["seats"]) == 3)

        for person in (ben, host, anna):
            await person.send({"type": "hand", "raised": True})
            await person.until(partial(raised, person.seat))
        order = [ben.seat, host.seat, anna.seat]
        await room.everyone_sees(everyone, lambda v: v["speakers"] == order)

        await host.send({"type": "next_speaker"})
        await room.everyone_sees(everyone, lambda v: v["speakers"] == order[1:])
        await anna.send({"type": "hand", "raised": False})
        await room.everyone_sees(everyone, lambda v: v["speakers"] == [host.seat])

        # Everyone saw the same lists, in the same order.
        def lists(person: Participant) -> list[list[str]]:
            seen: list[list[str]] = []
            for view in person.views:
                if len(view["seats"]) == 3 and (not seen or seen[-1] != view["speakers"]):
                    seen.append(view["speakers"])
            return seen

        assert lists(host) == lists(anna) == lists(ben)
        assert lists(host)[-3:] == [order, order[1:], [host.seat]]
        assert lists(host)[:2] == [[], [ben.seat]]

    run(occurrence, scenario)


def test_hands_raised_at_once_end_up_in_one_order_for_everyone(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        people = [await room.join(f"p{n}") for n in range(6)]
        await room.everyone_sees(people, lambda v: len(v["seats"]) == 6)

        await asyncio.gather(*(p.send({"type": "hand", "raised": True}) for p in people))

        finals = [await p.until(lambda v: len(v["speakers"]) == 6) for p in people]
        assert all(final["speakers"] == finals[0]["speakers"] for final in finals)
        assert sorted(finals[0]["speakers"]) == sorted(p.seat for p in people)

    run(occurrence, scenario)


def test_status_and_reactions_reach_everyone(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        anna = await room.join("anna")
        ben = await room.join("ben")

        await anna.send({"type": "status", "field": "away", "value": True})
        await ben.until(lambda v: seats(v).get(anna.seat, {}).get("away") is True)
        await anna.send({"type": "status", "field": "muted", "value": True})
        await ben.until(lambda v: seats(v).get(anna.seat, {}).get("muted") is True)
        await ben.send({"type": "react", "kind": "heart"})

        for person in (anna, ben):
            assert await person.expect("react") == {
                "type": "react",
                "from": ben.seat,
                "kind": "heart",
            }
        assert await ben.error(
            {"type": "status", "field": "muted", "value": True, "seat": anna.seat}
        ) == ("unexpected_field")

    run(occurrence, scenario)


# --- Host controls -------------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        {"type": "host", "action": "lock"},
        {"type": "host", "action": "unlock"},
        {"type": "host", "action": "end"},
        {"type": "host", "action": "mute", "seat": "HOST"},
        {"type": "host", "action": "ask_mute", "seat": "HOST"},
        {"type": "host", "action": "remove", "seat": "HOST"},
        {"type": "host", "action": "make_host", "seat": "ANNA"},
        {"type": "next_speaker"},
        {"type": "round_start", "minutes": 2},
        {"type": "round_stop"},
    ],
)
def test_guests_cannot_use_host_controls(occurrence: Occurrence, message: dict[str, Any]):
    async def scenario(room: Room) -> None:
        host = await room.join("hanna", host=True)
        anna = await room.join("anna")
        await anna.send({"type": "hand", "raised": True})
        before = await host.until(lambda v: v["speakers"] == [anna.seat])
        replace = {"HOST": host.seat, "ANNA": anna.seat}
        sent = {key: replace.get(value, value) for key, value in message.items()}

        assert await anna.error(sent) == "not_host"

        assert await host.drain() == []
        assert host.view == before
        assert await anna.drain() == []
        await anna.alive()

    run(occurrence, scenario)


def test_a_host_flag_in_the_message_makes_nobody_host(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        await room.join("hanna", host=True)
        anna = await room.join("anna")

        assert await anna.error({"type": "host", "action": "lock", "host": True}) == (
            "unexpected_field"
        )
        assert await anna.error({"type": "host", "action": "lock"}) == "not_host"

    run(occurrence, scenario)


def test_removed_participants_are_sent_away_and_cannot_come_back(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        host = await room.join("hanna", host=True)
        anna = await room.join("anna")
        ben = await room.join("ben")

        await host.send({"type": "host", "action": "remove", "seat": anna.seat})

        assert await anna.expect("removed") == {"type": "removed"}
        assert await anna.closed_with() == CLOSE_REFUSED
        anna.done = True
        await anna.ws.disconnect()
        for person in (host, ben):
            view = await person.until(lambda v: set(seats(v)) == {host.seat, ben.seat})
            assert len(view["seats"]) == 2
        assert await ben.drain() == []
        assert await room.refused(anna.cookie, "anna") == "removed"
        assert await host.error({"type": "signal", "to": anna.seat, "data": OFFER}) == (
            "no_such_seat"
        )

    run(occurrence, scenario)


def test_a_removed_participant_stays_out_after_everyone_else_left(occurrence: Occurrence):
    # "Cannot rejoin this meeting": not even when the room was empty for a moment.
    async def scenario(room: Room) -> None:
        host = await room.join("hanna", host=True)
        anna = await room.join("anna")
        await host.send({"type": "host", "action": "remove", "seat": anna.seat})
        await anna.expect("removed")
        await anna.hang_up()

        await host.send({"type": "leave"})
        await host.expect("closed")
        await host.hang_up()

        assert await room.refused(anna.cookie, "anna") == "removed"

    run(occurrence, scenario)


def test_a_removed_participants_other_tab_hears_nothing_more(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        host = await room.join("hanna", host=True)
        first_tab = await room.join("anna")
        second_tab = await room.rejoin(first_tab, "anna")
        assert second_tab.seat == first_tab.seat
        await host.until(lambda v: present(v, first_tab.seat))

        await host.send({"type": "host", "action": "remove", "seat": second_tab.seat})
        assert await second_tab.expect("removed") == {"type": "removed"}
        await host.until(lambda v: second_tab.seat not in seats(v))
        await host.send({"type": "chat", "text": "Jetzt ohne Anna."})
        await host.expect("chat")

        heard = [m for m in await first_tab.drain() if m["type"] in {"chat", "signal", "react"}]
        assert heard == []

    run(occurrence, scenario)


def test_a_second_tab_takes_the_seat_over_and_the_first_is_closed(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        host = await room.join("hanna", host=True)
        first_tab = await room.join("anna")
        second_tab = await room.rejoin(first_tab, "anna")

        assert await first_tab.expect("replaced") == {"type": "replaced"}
        assert await first_tab.closed_with() == CLOSE_REFUSED
        await first_tab.hang_up()

        # The first tab going away does not take the seat from the second.
        await second_tab.send({"type": "hand", "raised": True})
        view = await host.until(partial(raised, second_tab.seat))
        assert present(view, second_tab.seat)
        assert len(view["seats"]) == 2
        await host.send({"type": "signal", "to": second_tab.seat, "data": OFFER})
        assert (await second_tab.expect("signal"))["from"] == host.seat

    run(occurrence, scenario)


def test_a_locked_room_refuses_a_new_seat_but_a_dropped_one_returns(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        host = await room.join("hanna", host=True)
        anna = await room.join("anna")
        await anna.hang_up()
        await host.until(lambda v: dropped(v, anna.seat))

        await host.send({"type": "host", "action": "lock"})
        await host.until(lambda v: v["locked"])

        assert await room.refused(room.cookie("ben"), "ben") == "locked"
        back = await room.rejoin(anna, "anna")
        assert back.seat == anna.seat
        assert back.welcome["state"]["locked"] is True
        await host.until(lambda v: present(v, anna.seat))

        await host.send({"type": "host", "action": "unlock"})
        await host.until(lambda v: not v["locked"])
        await room.join("ben")

    run(occurrence, scenario)


def test_mute_by_the_host_tells_the_person_and_shows_for_everyone(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        host = await room.join("hanna", host=True)
        anna = await room.join("anna")
        ben = await room.join("ben")

        await host.send({"type": "host", "action": "mute", "seat": anna.seat})

        assert await anna.expect("muted_by_host") == {"type": "muted_by_host"}
        await room.everyone_sees(
            [host, anna, ben], lambda v: seats(v).get(anna.seat, {}).get("muted") is True
        )
        assert await ben.drain() == []
        assert await host.drain() == []

    run(occurrence, scenario)


def test_asking_to_mute_reaches_only_the_person_asked(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        host = await room.join("hanna", host=True)
        anna = await room.join("anna")
        ben = await room.join("ben")
        await room.everyone_sees([host, anna, ben], lambda v: len(v["seats"]) == 3)

        await host.send({"type": "host", "action": "ask_mute", "seat": anna.seat})

        assert await anna.expect("ask_mute") == {"type": "ask_mute", "by": host.seat}
        assert await ben.drain() == []
        assert await host.drain() == []
        assert seats(anna.view or {})[anna.seat]["muted"] is False

    run(occurrence, scenario)


def test_the_host_hands_the_role_over(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        host = await room.join("hanna", host=True)
        anna = await room.join("anna")

        await host.send({"type": "host", "action": "make_host", "seat": anna.seat})
        view = await anna.until(lambda v: seats(v).get(anna.seat, {}).get("host") is True)

        assert seats(view)[host.seat]["host"] is False
        assert await host.error({"type": "host", "action": "lock"}) == "not_host"
        await anna.send({"type": "host", "action": "lock"})
        await host.until(lambda v: v["locked"])

    run(occurrence, scenario)


# --- Rounds --------------------------------------------------------------------------


def test_a_round_goes_around_with_passing_moving_on_and_stale_clicks(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        anna = await room.join("anna")
        host = await room.join("hanna", host=True)
        ben = await room.join("ben")
        everyone = [host, anna, ben]

        await host.send({"type": "round_start", "minutes": 2})
        view = await anna.until(lambda v: v["round"] is not None)
        assert view["round"]["order"] == [host.seat, ben.seat, anna.seat]
        assert view["round"]["turn"] == 0
        assert view["round"]["seconds"] == 120

        assert await ben.error({"type": "round_next", "turn": 0, "pass": True}) == ("not_your_turn")
        await host.send({"type": "round_next", "turn": 0, "pass": True})
        await room.everyone_sees(everyone, lambda v: turn(v) == 1)

        # A double click: the second carries the turn that is over.
        await host.send({"type": "round_next", "turn": 1})
        assert await host.error({"type": "round_next", "turn": 1}) == "stale"
        await room.everyone_sees(everyone, lambda v: turn(v) == 2)
        assert await ben.error({"type": "round_next", "turn": 2}) == "not_host"
        assert await ben.error({"type": "round_next", "turn": 1, "pass": True}) == "stale"

        await anna.send({"type": "round_next", "turn": 2, "pass": True})
        await room.everyone_sees(everyone, lambda v: v["round"] is None)
        assert await anna.error({"type": "round_next", "turn": 2, "pass": True}) == "stale"

    run(occurrence, scenario)


def test_the_host_stops_a_round(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        host = await room.join("hanna", host=True)
        anna = await room.join("anna")

        assert await host.error({"type": "round_start", "minutes": 6}) == "bad_value"
        await host.send({"type": "round_start", "minutes": 5})
        await anna.until(lambda v: v["round"] is not None and v["round"]["seconds"] == 300)
        await host.send({"type": "round_stop"})
        await anna.until(lambda v: v["round"] is None)

    run(occurrence, scenario)


# --- Chat ----------------------------------------------------------------------------


def test_chat_goes_to_everyone_with_the_server_side_name_and_is_kept_nowhere(
    occurrence: Occurrence,
):
    line = f"Mir hat heute der Spaziergang geholfen {uuid.uuid4().hex}"

    async def scenario(room: Room) -> None:
        host = await room.join("hanna", host=True)
        anna = await room.join("anna")
        ben = await room.join("ben")

        await anna.send({"type": "chat", "text": f"  {line}  "})

        received = [await person.expect("chat") for person in (host, anna, ben)]
        for message in received:
            assert set(message) == {"type", "id", "from", "name", "text"}
            assert message["from"] == anna.seat
            assert message["name"] == room.name_of("anna")
            assert message["text"] == line
        assert len({message["id"] for message in received}) == 1

        assert await ben.error({"type": "chat", "text": "Ich bin Hanna", "name": "Hanna"}) == (
            "unexpected_field"
        )
        assert await ben.error({"type": "chat", "text": "x" * 1001}) == "bad_value"
        assert await ben.error({"type": "chat", "text": "   "}) == "bad_value"
        assert await host.drain() == []

        # The scan sees the room (names are there while it runs), but no chat line.
        found = await sync_to_async(traces)([line, line[:30], room.name_of("anna")])
        assert found == [f"cache: {room.name_of('anna')}"]

    run(occurrence, scenario)


# --- Limits --------------------------------------------------------------------------


def test_a_burst_beyond_the_bucket_is_told_too_many_and_the_connection_lives(
    occurrence: Occurrence,
):
    async def scenario(room: Room) -> None:
        anna = await room.join("anna")
        count = BUCKET + 10

        for _ in range(count):
            await anna.send({"type": "ping"})

        answers: list[dict[str, Any]] = []
        while len(answers) < count:
            answer = await anna.next()
            if answer["type"] != "state":
                answers.append(answer)
        kinds = [answer["type"] for answer in answers]
        assert kinds.count("pong") >= BUCKET
        assert kinds.count("error") >= 1
        assert {answer["error"] for answer in answers if answer["type"] == "error"} == {"too_many"}
        assert kinds.index("error") >= BUCKET
        await asyncio.sleep(0.2)
        await anna.alive()

    run(occurrence, scenario)


def test_chat_has_its_own_slower_bucket(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        anna = await room.join("anna")

        for n in range(CHAT_BUCKET + 2):
            await anna.send({"type": "chat", "text": f"Zeile {n}"})

        answers: list[dict[str, Any]] = []
        while len(answers) < CHAT_BUCKET + 2:
            answer = await anna.next()
            if answer["type"] != "state":
                answers.append(answer)
        # Errors come straight back; chat lines travel through the channel layer.
        chats = [a["text"] for a in answers if a["type"] == "chat"]
        errors = [a for a in answers if a["type"] == "error"]
        assert chats == [f"Zeile {n}" for n in range(CHAT_BUCKET)]
        assert errors == [{"type": "error", "error": "too_many"}] * 2

    run(occurrence, scenario)


def test_a_long_burst_closes_the_connection(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        anna = await room.join("anna")

        for _ in range(BUCKET + MAX_REFUSED + 20):
            await anna.send({"type": "ping"})

        assert await anna.closed_with() == CLOSE_PROTOCOL

    run(occurrence, scenario)


def test_too_many_refused_messages_close_the_connection_and_keep_the_seat(
    occurrence: Occurrence,
):
    async def scenario(room: Room) -> None:
        host = await room.join("hanna", host=True)
        anna = await room.join("anna")

        for _ in range(MAX_REFUSED):
            assert await anna.error("not json") == "not_json"
        await anna.send_text("not json")

        assert await anna.closed_with() == CLOSE_PROTOCOL
        await anna.hang_up()
        await host.until(lambda v: dropped(v, anna.seat))
        back = await room.rejoin(anna, "anna")
        assert back.seat == anna.seat

    run(occurrence, scenario)


def test_refusals_of_the_room_count_towards_the_limit(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        await room.join("hanna", host=True)
        anna = await room.join("anna")

        for _ in range(MAX_REFUSED):
            assert await anna.error({"type": "host", "action": "lock"}) == "not_host"
        await anna.send({"type": "host", "action": "lock"})

        assert await anna.closed_with() == CLOSE_PROTOCOL

    run(occurrence, scenario)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        pytest.param('{"type": "ping", "pad": "' + "x" * 2_000 + '"}', "too_large", id="large"),
        pytest.param("x" * 25_000, "too_large", id="huge"),
        pytest.param("[1, 2", "not_json", id="not-json"),
        pytest.param('["ping"]', "no_type", id="array"),
        pytest.param('{"type": "shout"}', "unknown_type", id="unknown"),
        pytest.param('{"type": "hand", "raised": 1}', "bad_value", id="int-as-bool"),
        pytest.param('{"type": "round_start", "minutes": true}', "bad_value", id="bool-as-int"),
        pytest.param("[" * 10_000 + "]" * 10_000, "not_json", id="deeply-nested"),
        pytest.param('{"type": "react", "kind": ["nod"]}', "bad_value", id="list-as-kind"),
        pytest.param('{"type": "status", "field": {}, "value": true}', "bad_value", id="dict"),
        pytest.param('{"type": "host", "action": ["end"]}', "bad_value", id="list-as-action"),
    ],
)
def test_malformed_messages_get_an_error_and_the_connection_lives(
    occurrence: Occurrence, text: str, code: str
):
    async def scenario(room: Room) -> None:
        anna = await room.join("anna")

        assert await anna.error(text) == code
        await anna.alive()

    run(occurrence, scenario)


def test_binary_frames_are_refused(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        anna = await room.join("anna")

        await anna.ws.send_to(bytes_data=b'{"type": "ping"}')

        assert (await anna.expect("error"))["type"] == "error"
        await anna.alive()

    run(occurrence, scenario)


# --- Leaving and coming back ---------------------------------------------------------


def test_a_dropped_connection_comes_back_to_the_same_seat_and_position(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        host = await room.join("hanna", host=True)
        anna = await room.join("anna")
        ben = await room.join("ben")
        await anna.send({"type": "hand", "raised": True})
        await host.until(lambda v: v["speakers"] == [anna.seat])
        position = seats(anna.welcome["state"])[anna.seat]["position"]

        await anna.hang_up()
        view = await host.until(lambda v: dropped(v, anna.seat))
        assert len(view["seats"]) == 3

        back = await room.rejoin(anna, "anna")

        assert back.seat == anna.seat
        own = seats(back.welcome["state"])[anna.seat]
        assert own["position"] == position
        assert own["connected"] is True
        assert back.welcome["state"]["speakers"] == [anna.seat]
        await room.everyone_sees([host, ben], lambda v: present(v, anna.seat))
        await host.send({"type": "signal", "to": anna.seat, "data": OFFER})
        assert (await back.expect("signal"))["from"] == host.seat

    run(occurrence, scenario)


def test_leaving_frees_the_seat(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        host = await room.join("hanna", host=True)
        anna = await room.join("anna")
        await room.join("ben")

        await host.until(lambda v: len(v["seats"]) == 3)

        await anna.send({"type": "leave"})
        assert (await anna.expect("closed"))["code"] in {None, 1000}
        await anna.hang_up()

        await host.until(lambda v: anna.seat not in seats(v) and len(v["seats"]) == 2)
        back = await room.rejoin(anna, "anna")
        assert seats(back.welcome["state"])[anna.seat]["position"] == 3

    run(occurrence, scenario)


def test_when_the_last_person_leaves_the_room_state_is_gone(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        anna = await room.join("anna")
        await anna.send({"type": "leave"})
        await anna.expect("closed")
        await anna.hang_up()

        found = await sync_to_async(traces)(
            [room.name_of("anna"), room.seat_of("anna"), room.avatar_of("anna")]
        )
        assert found == []

    run(occurrence, scenario)


# --- The end -------------------------------------------------------------------------


def test_the_end_sends_everyone_away_and_leaves_no_participant_data(occurrence: Occurrence):
    line = f"Danke euch allen {uuid.uuid4().hex}"

    async def scenario(room: Room) -> None:
        host = await room.join("hanna", host=True)
        anna = await room.join("anna")
        ben = await room.join("ben")
        cem = await room.join("cem")
        everyone = [host, anna, ben]
        await anna.send({"type": "hand", "raised": True})
        await anna.send({"type": "status", "field": "camera", "value": True})
        await ben.send({"type": "chat", "text": line})
        for person in everyone:
            await person.expect("chat")
        await host.send({"type": "round_start", "minutes": 1})
        await host.send({"type": "host", "action": "remove", "seat": ben.seat})
        await ben.expect("removed")
        await ben.closed_with()
        await ben.hang_up()
        await cem.hang_up()  # a dropped seat, kept for a comeback
        await host.until(lambda v: v["round"] is not None and len(v["seats"]) == 3)

        assert await anna.error({"type": "host", "action": "end"}) == "not_host"
        # While the room runs, the scan finds it: nicknames, avatars and seats.
        running = await sync_to_async(traces)([room.name_of("anna"), room.avatar_of("cem")])
        assert running == [f"cache: {room.name_of('anna')}", f"cache: {room.avatar_of('cem')}"]
        await host.send({"type": "host", "action": "end"})

        for person in (host, anna):
            assert await person.expect("ended") == {"type": "ended", "reason": "host"}
            assert await person.closed_with() == CLOSE_ENDED
            await person.hang_up()

        assert await room.refused(anna.cookie, "anna") == "ended"
        assert await room.refused(cem.cookie, "cem") == "ended"
        assert await room.refused(room.cookie("dora"), "dora") == "ended"

        needles = [line]
        for label in ("hanna", "anna", "ben", "cem", "dora"):
            needles += [room.name_of(label), room.avatar_of(label), room.seat_of(label)]
            needles.append(room.ip_of(label))
        found = await sync_to_async(traces)(needles)
        assert found == []

    run(occurrence, scenario)


def test_after_the_end_the_cache_knows_only_that_the_room_ended(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        host = await room.join("hanna", host=True)
        await host.send({"type": "host", "action": "end"})
        await host.expect("ended")
        await host.hang_up()

        stored = await cache.aget(f"meeting-room:{occurrence.pk}")
        assert stored is None or stored == state.ended_room(stored)
        if stored is not None:
            assert stored["seats"] == {}
            assert stored["removed"] == []
            assert stored["ended"] is True

    run(occurrence, scenario)


# --- The store under load ------------------------------------------------------------


def remove_one(room_state: state.State) -> None:
    # The list of removed seats: kept even in a room without seats.
    room_state["removed"].append("x")


def test_no_change_is_lost_when_many_come_at_once_in_one_event_loop_after_another(
    occurrence: Occurrence,
):
    # Every test (and every async_to_sync call) runs its own event loop, and Python
    # reuses the ids of closed loops: the room lock must work in each of them.
    async def crowd() -> None:
        await asyncio.gather(*(store.change(occurrence.pk, remove_one) for _ in range(5)))

    for _ in range(4):
        async_to_sync(crowd)()

    final = async_to_sync(store.read)(occurrence.pk)
    assert len(final["removed"]) == 4 * 5


# --- Reloads, tidying, names, the planned end ---------------------------------------


def test_a_reloaded_page_comes_back_to_its_place_but_its_hand_went_down(
    occurrence: Occurrence,
):
    async def scenario(room: Room) -> None:
        host = await room.join("hanna", host=True)
        anna = await room.join("anna")
        await anna.send({"type": "hand", "raised": True})
        await host.until(lambda v: raised(anna.seat, v))

        await anna.send({"type": "leave", "closing": True})
        await anna.expect("closed")
        await anna.hang_up()
        # A closed page has left: nobody sees it, nor its hand.
        view = await host.until(lambda v: anna.seat not in seats(v))
        assert not raised(anna.seat, view)

        again = await room.rejoin(anna, "anna")
        view = await host.until(lambda v: present(v, anna.seat))
        # The hand went down when the page closed: while nobody could see it, the host
        # must not have given the word to nobody.
        assert not raised(anna.seat, view)
        assert seats(again.welcome["state"])[anna.seat]["position"] == 1

    run(occurrence, scenario)


def test_a_closed_page_leaves_the_circle_for_everyone_after_its_short_grace(
    occurrence: Occurrence, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(state, "PAGE_CLOSED_GRACE_SECONDS", 0.2)

    async def scenario(room: Room) -> None:
        await room.join("hanna", host=True)
        ben = await room.join("ben")
        anna = await room.join("anna")
        await ben.until(lambda v: present(v, anna.seat))
        await anna.send({"type": "leave", "closing": True})
        await anna.expect("closed")
        await anna.hang_up()
        await ben.until(lambda v: anna.seat not in seats(v))
        await asyncio.sleep(0.3)

        # After the short grace the place is given up: a reload comes back at the end.
        again = await room.rejoin(anna, "anna")
        await ben.until(lambda v: seats(v).get(anna.seat, {}).get("position") == 3)
        assert seats(again.welcome["state"])[anna.seat]["position"] == 3

    run(occurrence, scenario)


def test_when_the_only_host_leaves_the_next_in_the_circle_becomes_host(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        host = await room.join("hanna", host=True)
        anna = await room.join("anna")
        ben = await room.join("ben")
        await host.send({"type": "leave"})
        await host.expect("closed")
        await host.hang_up()

        view = await ben.until(lambda v: host.seat not in seats(v))
        assert seats(view)[anna.seat]["host"] is True
        assert seats(view)[ben.seat]["host"] is False
        await anna.send({"type": "host", "action": "lock"})
        await ben.until(lambda v: v["locked"] is True)

    run(occurrence, scenario)


def test_chat_shows_the_name_the_circle_shows(occurrence: Occurrence):
    # Entering the code again keeps the seat (and its name) even with a new nickname.
    async def scenario(room: Room) -> None:
        host = await room.join("hanna", host=True)
        anna = await room.join("anna")
        renamed = await room.enter(room.cookie("anna", n="Somebody else"), "anna")
        assert renamed.seat == anna.seat
        await renamed.send({"type": "chat", "text": "Hallo"})

        line = await host.expect("chat")
        assert line["name"] == room.name_of("anna")
        assert seats(host.view or {})[anna.seat]["name"] == room.name_of("anna")

    run(occurrence, scenario)


def test_reactions_have_their_own_small_bucket(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        host = await room.join("hanna", host=True)
        anna = await room.join("anna")
        for _ in range(REACT_BUCKET):
            await anna.send({"type": "react", "kind": "heart"})
        assert await anna.error({"type": "react", "kind": "nod"}) == "too_many"

        heard = [m for m in await host.drain() if m["type"] == "react"]
        assert len(heard) == REACT_BUCKET
        await anna.send({"type": "chat", "text": "Chat still goes."})
        assert (await host.expect("chat"))["text"] == "Chat still goes."

    run(occurrence, scenario)


def test_the_room_closes_for_everyone_at_the_planned_end():
    occurrence = make_occurrence(
        GroupFactory.create(), starts_at=timezone.now() - timedelta(minutes=5)
    )
    Occurrence.objects.filter(pk=occurrence.pk).update(
        ends_at=timezone.now() + timedelta(seconds=1.5)
    )
    occurrence.refresh_from_db()

    async def scenario(room: Room) -> None:
        host = await room.join("hanna", host=True)
        anna = await room.join("anna")
        for person in (host, anna):
            assert await person.expect("ended") == {"type": "ended", "reason": "time"}
            assert await person.closed_with() == CLOSE_ENDED
            await person.hang_up()
        assert await room.refused(anna.cookie, "anna") == "not_open"

        await asyncio.sleep(1.1)  # the cache's expiry is in whole seconds
        found = await sync_to_async(traces)([room.name_of("anna"), room.seat_of("hanna")])
        assert found == []

    run(occurrence, scenario)
