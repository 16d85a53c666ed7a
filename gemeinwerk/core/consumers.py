"""The base for our WebSocket consumers, and a WebSocket echo for the connection self-test.

`JsonConsumer` is what every consumer of the platform stands on (the meeting room now,
chat next), so that each gets the same guards without writing them again:

- origin and auth: a connection from another site's page is refused at the door, even
  where a route is served without the ASGI stack's origin check (asgi.py has one too);
  `self.user` is the signed-in account or an anonymous user;
- schema: each message goes through the consumer's `parse` (JSON object with a "type",
  fields checked; `Invalid` answers with an error code) and then to `on_<type>`;
- size and rate limits: frames above `max_frame_bytes` close the connection (1008),
  binary frames are refused (the protocols are JSON text), a
  burst then a steady rate of messages per connection (`burst`, `rate`) and slower
  buckets for chosen types (`type_limits`); too many refused messages close it (4008);
- heartbeats: with `heartbeat_seconds`, `heartbeat()` runs that often until the end;
- live counts: `follow_person()` lets a signed-in person's connection hear when the
  header's counts change (core/live.py) and send them as {"type": "badges"};
- safe ends: closing is idempotent (ASGI servers raise on a close after a close); a send
  after the connection is gone is dropped instead of raising into the handler (uvicorn
  raises ClientDisconnected or RuntimeError there, which would end the consumer before
  its clean-up); `finish()` runs exactly once, in `finally`, however the consumer ends;
  `tell()` sends to another consumer's channel without ever harming the sender (a peer
  that is gone or stuck fills its channel, and ChannelFull belongs to that peer).

The ping echo travels client -> consumer -> channel layer -> consumer -> client, so a
pong proves that WebSockets and the channel layer (Redis when several processes serve) work.
"""

import asyncio
import contextlib
import json
import logging
from collections.abc import Mapping
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlparse

from channels.db import database_sync_to_async
from channels.exceptions import ChannelFull
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.security.websocket import AllowedHostsOriginValidator
from django.conf import settings
from django.utils import translation

from gemeinwerk.core import navigation
from gemeinwerk.core.live import person_group
from gemeinwerk.core.permissions import may
from gemeinwerk.core.ratelimit import TokenBucket

CLOSE_POLICY_VIOLATION = 1008
CLOSE_PROTOCOL = 4008

logger = logging.getLogger(__name__)


class Invalid(Exception):
    """The message breaks the consumer's protocol; `code` goes back to the sender."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def parse_json_object(text: str) -> dict[str, Any]:
    """A JSON object with a string "type": the least every protocol asks."""
    try:
        message = json.loads(text)
    except (ValueError, RecursionError) as error:
        # RecursionError: thousands of nested brackets in a few kilobytes.
        raise Invalid("not_json") from error
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        raise Invalid("no_type")
    return message


def origin_allowed(scope: Mapping[str, Any]) -> bool:
    """The page that opens the socket is one of ours (ALLOWED_HOSTS), as channels'
    AllowedHostsOriginValidator decides it."""
    origin = None
    for name, value in scope.get("headers", []):
        if name == b"origin":
            with contextlib.suppress(UnicodeDecodeError):
                origin = urlparse(value.decode("latin1"))
    return bool(AllowedHostsOriginValidator(None).valid_origin(origin))


class JsonConsumer(AsyncWebsocketConsumer):
    """A consumer with the platform's guards, whose ends cannot fail halfway."""

    max_frame_bytes = 64 * 1024
    burst, rate = 30, 5.0
    # Message types with a slower bucket of their own: type -> (burst, rate).
    type_limits: ClassVar[Mapping[str, tuple[int, float]]] = {}
    max_refused = 20
    heartbeat_seconds: float | None = None

    closed = False
    # A send failed: the browser went away. What it sent before going is still read
    # (the room's "leave" comes right before the close), but nothing more is sent.
    gone = False
    finished = False
    refused = 0
    heart: "asyncio.Task[None] | None" = None
    person: int | None = None
    language = ""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            await self._finish_once()

    # --- The door -------------------------------------------------------------------

    async def websocket_connect(self, message: dict[str, Any]) -> None:
        self.bucket = TokenBucket(self.burst, self.rate)
        self.type_buckets = {kind: TokenBucket(*limit) for kind, limit in self.type_limits.items()}
        if not origin_allowed(self.scope):
            self.closed = True
            await super().close()
            return
        await super().websocket_connect(message)

    @property
    def user(self) -> Any:
        """The signed-in account (channels' AuthMiddlewareStack), or None."""
        return self.scope.get("user")

    # --- Messages from the browser ----------------------------------------------------

    def parse(self, text: str) -> Mapping[str, Any]:
        """The checked message, or Invalid. Consumers check their fields here."""
        return parse_json_object(text)

    def accepting_messages(self) -> bool:
        """Whether messages are read now (the room: once its seat is taken)."""
        return True

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.closed or not self.accepting_messages():
            return
        if text_data is None:
            await self.error("not_text")
            return
        if len(text_data.encode()) > self.max_frame_bytes:
            await self.close(code=CLOSE_POLICY_VIOLATION)
            return
        if not self.bucket.take():
            await self.error("too_many")
            return
        try:
            message = self.parse(text_data)
        except Invalid as invalid:
            await self.error(invalid.code)
            return
        kind = message["type"]
        handler = getattr(self, f"on_{kind}", None)
        if handler is None:
            await self.error("unknown_type")
            return
        limit = self.type_buckets.get(kind)
        if limit is not None and not limit.take():
            await self.error("too_many")
            return
        await handler(message)

    async def error(self, code: str) -> None:
        """Tell the sender its message was refused; a connection that keeps sending
        refused messages is closed."""
        self.refused += 1
        if self.refused > self.max_refused:
            await self.close(code=CLOSE_PROTOCOL)
            return
        await self.send_json({"type": "error", "error": code})

    # --- Heartbeats ---------------------------------------------------------------------

    def start_heartbeat(self) -> None:
        if self.heartbeat_seconds is not None and self.heart is None:
            self.heart = asyncio.ensure_future(self._beat(self.heartbeat_seconds))

    async def _beat(self, seconds: float) -> None:
        while not self.closed:
            await asyncio.sleep(seconds)
            if self.closed or not await self.heartbeat():
                return

    async def heartbeat(self) -> bool:
        """Runs every `heartbeat_seconds` once started; False stops the beat."""
        return False

    # --- The ends ------------------------------------------------------------------------

    async def _finish_once(self) -> None:
        if self.finished:
            return
        self.finished = True
        self.closed = True
        heart = self.heart
        if heart is not None and heart is not asyncio.current_task():
            heart.cancel()
        try:
            await self.finish()
        finally:
            await self._unfollow_person()

    # --- Live counts in the header (core/live.py) ---------------------------------------

    async def follow_person(self) -> None:
        """Hear when the signed-in person's header counts change. The page says its
        language in the address (?lang=pl): the counts are words in that language."""
        user = self.user
        if user is None or not user.is_authenticated:
            return
        query = parse_qs(self.scope.get("query_string", b"").decode(errors="replace"))
        wanted = (query.get("lang") or [""])[0]
        self.language = wanted if wanted in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        self.person = user.pk
        await self.channel_layer.group_add(person_group(user.pk), self.channel_name)

    async def _unfollow_person(self) -> None:
        if self.person is None:
            return
        person, self.person = self.person, None
        try:
            await self.channel_layer.group_discard(person_group(person), self.channel_name)
        except Exception as error:
            logger.warning("leaving a person's group failed (%s)", type(error).__name__)

    async def person_badges(self, event: dict[str, Any]) -> None:
        badges = await database_sync_to_async(self._badges)()
        await self.send_json({"type": "badges", "badges": badges})

    async def person_sessions(self, event: dict[str, Any]) -> None:
        await self.sessions_changed()

    async def sessions_changed(self) -> None:
        """A session of the followed person ended (core.live.sessions_ended): a consumer
        that must not outlive its own session checks it here."""

    def _badges(self) -> dict[str, str]:
        user = self.user
        with translation.override(self.language or settings.LANGUAGE_CODE):
            return {
                entry.url_name: entry.badge(user)
                for entry in navigation.personal_entries()
                if entry.badge is not None and may(user, entry.permission)
            }

    async def finish(self) -> None:
        """Clean-up after the connection, however it ended. Runs once."""

    async def websocket_disconnect(self, message: dict[str, Any]) -> None:
        # The browser is gone: nothing more may be sent, and clean-up runs now (the
        # base class then ends the consumer; `finally` would run it otherwise).
        self.closed = True
        await self._finish_once()
        await super().websocket_disconnect(message)

    async def send(
        self, text_data: str | None = None, bytes_data: bytes | None = None, close: bool = False
    ) -> None:
        if self.closed or self.gone:
            return
        try:
            await super().send(text_data=text_data, bytes_data=bytes_data)
        except (OSError, RuntimeError):
            # The connection went away under us (uvicorn: ClientDisconnected, an OSError,
            # or "Unexpected ASGI message ... after sending 'websocket.close'"): the
            # disconnect that follows cleans up.
            self.gone = True
            return
        if close:
            await self.close()

    async def close(self, code: int | bool | None = None, reason: str | None = None) -> None:
        if self.closed:
            return
        self.closed = True
        if self.gone:
            return
        # Closed from the other end in the meantime: closed is closed.
        with contextlib.suppress(OSError, RuntimeError):
            await super().close(code=code, reason=reason)

    async def send_json(self, content: Mapping[str, Any]) -> None:
        await self.send(text_data=json.dumps(content))

    async def tell(self, channel: str, event: dict[str, Any]) -> bool:
        """Send an event to another consumer. False if its channel is full: that peer
        is gone or stuck, and it is not the sender's problem."""
        try:
            await self.channel_layer.send(channel, event)
        except ChannelFull:
            logger.info("a peer's channel is full; the event was dropped")
            return False
        return True


class PingConsumer(JsonConsumer):
    max_frame_bytes = 256
    # A self-test may ping fast; the pongs that do not fit the channel are dropped.
    burst, rate = 300, 30.0

    def parse(self, text: str) -> Mapping[str, Any]:
        try:
            message = parse_json_object(text)
        except Invalid as invalid:
            raise Invalid("unknown_message") from invalid
        if message["type"] != "ping":
            raise Invalid("unknown_message")
        ping_id = message.get("id")
        if not isinstance(ping_id, int | str) or isinstance(ping_id, bool):
            ping_id = None
        return {"type": "ping", "id": ping_id}

    async def on_ping(self, message: Mapping[str, Any]) -> None:
        # Through the channel layer to ourselves, never harmful: a flood of pings fills
        # our own channel, and the pongs that do not fit are dropped.
        await self.tell(self.channel_name, {"type": "pong", "id": message["id"]})

    async def pong(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "pong", "id": event["id"]})
