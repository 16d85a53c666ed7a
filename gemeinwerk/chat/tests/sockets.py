"""Scripted chat pages for the consumer tests: each is a WebsocketCommunicator through
the full ASGI app (origin check, session cookie, router, consumer, channel layer) with a
member's real session cookie. Tests wait for the event they expect and keep the others
aside, so that the in-memory and the Redis channel layer behave alike."""

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings

from gemeinwerk.accounts.models import User
from gemeinwerk.asgi import application
from gemeinwerk.chat.consumers import CLOSE_REFUSED
from gemeinwerk.chat.models import Conversation
from gemeinwerk.chat.tests.factories import member, session_cookie

SAME_ORIGIN = [(b"origin", b"http://127.0.0.1:8000"), (b"host", b"127.0.0.1:8000")]
TIMEOUT = 5
QUIET = 0.2
CONTACT = "Meine Nummer ist 0711 1234567"
Event = dict[str, Any]


class Closed(AssertionError):
    pass


class Tab:
    """One open chat page."""

    def __init__(self, cookie: str | None, headers: list[tuple[bytes, bytes]]) -> None:
        all_headers = list(headers)
        if cookie is not None:
            all_headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()))
        # The page says its language: the header's counts come in English.
        self.ws = WebsocketCommunicator(application, "/ws/chat/?lang=en", headers=all_headers)
        self.pending: list[Event] = []
        self.done = False

    async def connect(self) -> Event:
        connected, _ = await self.ws.connect(timeout=TIMEOUT)
        assert connected, "the origin check refused the connection"
        return await self.next()

    async def next(self) -> Event:
        output = await self.ws.receive_output(TIMEOUT)
        if output["type"] == "websocket.close":
            self.done = True
            return {"type": "closed", "code": output.get("code")}
        assert output["type"] == "websocket.send", output
        event: Event = json.loads(output["text"])
        return event

    async def expect(self, kind: str, where: Callable[[Event], bool] = lambda e: True) -> Event:
        """The next event of `kind` (that `where` accepts); others wait in `pending`."""
        for index, event in enumerate(self.pending):
            if event["type"] == kind and where(event):
                return self.pending.pop(index)
        while True:
            event = await self.next()
            if event["type"] == kind and where(event):
                return event
            if event["type"] == "closed":
                raise Closed(f"closed while waiting for {kind!r}: {event}, {self.pending}")
            self.pending.append(event)

    async def drain(self) -> list[Event]:
        """Everything that arrives until the connection is quiet."""
        while not await self.ws.receive_nothing(timeout=QUIET):
            self.pending.append(await self.next())
        events, self.pending = self.pending, []
        return events

    async def messages(self) -> list[Event]:
        """The live messages that arrived until the connection is quiet."""
        return [e["message"] for e in await self.drain() if e["type"] == "message"]

    async def send(self, message: Event) -> None:
        await self.ws.send_json_to(message)

    async def error(self, message: Event | str) -> str:
        """Send `message` and return the error code it earns."""
        if isinstance(message, str):
            await self.ws.send_to(text_data=message)
        else:
            await self.send(message)
        return str((await self.expect("error"))["error"])

    async def hang_up(self) -> None:
        if not self.done:
            self.done = True
            await self.ws.disconnect()


@dataclass(frozen=True)
class Person:
    user: User
    cookie: str

    @property
    def pk(self) -> int:
        return self.user.pk


def person(username: str, **kwargs: Any) -> Person:
    user = member(username, **kwargs)
    return Person(user, session_cookie(user))


class Pages:
    """The open pages of one test, closed however it ends."""

    def __init__(self) -> None:
        self.tabs: list[Tab] = []

    def tab(self, cookie: str | None, headers: list[tuple[bytes, bytes]] = SAME_ORIGIN) -> Tab:
        tab = Tab(cookie, headers)
        self.tabs.append(tab)
        return tab

    async def open(self, who: Person) -> Tab:
        tab = self.tab(who.cookie)
        assert await tab.connect() == {"type": "welcome"}
        return tab

    async def refused(self, cookie: str | None) -> str:
        tab = self.tab(cookie)
        event = await tab.connect()
        assert event["type"] == "refused", event
        assert await tab.next() == {"type": "closed", "code": CLOSE_REFUSED}
        return str(event["reason"])

    async def close_all(self, *, strict: bool) -> None:
        for tab in self.tabs:
            try:
                await tab.hang_up()
            except Exception:
                if strict:
                    raise


async def settle_channel_layer() -> None:
    """The Redis channel layer cleans up in a task of its own: it must end in this
    test's event loop (see meetings/tests/test_consumer.py)."""
    layer: Any = get_channel_layer()
    wait_received = getattr(layer, "wait_received", None)
    if wait_received is not None:
        await wait_received()


def run(scenario: Callable[[Pages], Awaitable[None]]) -> None:
    async def main() -> None:
        pages = Pages()
        try:
            await scenario(pages)
        except BaseException:
            await pages.close_all(strict=False)
            await settle_channel_layer()
            raise
        await pages.close_all(strict=True)
        await settle_channel_layer()

    async_to_sync(main)()


def sending(conversation: Conversation, client_id: str, body: str, **extra: Any) -> Event:
    return {
        "type": "send",
        "conversation": conversation.pk,
        "client_id": client_id,
        "body": body,
        **extra,
    }


def sent_to(client_id: str) -> Callable[[Event], bool]:
    return lambda event: event.get("client_id") == client_id
