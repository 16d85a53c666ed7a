"""The base for our WebSocket consumers, and a WebSocket echo for the connection self-test.

`JsonConsumer` makes the ends of a connection safe, whichever way they come:
- closing is idempotent: a second close (a flood of refused messages, a close after the
  browser closed first) sends nothing; ASGI servers raise on a close after a close;
- a send after the connection is gone is dropped instead of raising into the handler
  (uvicorn raises ClientDisconnected or RuntimeError there, which would end the consumer
  before its clean-up);
- `finish()` runs exactly once, in `finally`, however the consumer ends: a disconnect,
  an exception in a handler, or cancellation;
- `tell()` sends to another consumer's channel without ever harming the sender: a peer
  that is gone or stuck fills its channel, and ChannelFull belongs to that peer.

The ping echo travels client -> consumer -> channel layer -> consumer -> client, so a
pong proves that WebSockets and the channel layer (Redis when several processes serve) work.
"""

import contextlib
import json
import logging
from typing import Any

from channels.exceptions import ChannelFull
from channels.generic.websocket import AsyncWebsocketConsumer

MAX_MESSAGE_BYTES = 256
CLOSE_POLICY_VIOLATION = 1008

logger = logging.getLogger(__name__)


class JsonConsumer(AsyncWebsocketConsumer):
    """A consumer whose closing, sending and clean-up cannot fail halfway."""

    closed = False
    finished = False

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            await self._finish_once()

    async def _finish_once(self) -> None:
        if self.finished:
            return
        self.finished = True
        self.closed = True
        await self.finish()

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
        if self.closed:
            return
        try:
            await super().send(text_data=text_data, bytes_data=bytes_data)
        except (OSError, RuntimeError):
            # The connection went away under us (uvicorn: ClientDisconnected, an OSError,
            # or "Unexpected ASGI message ... after sending 'websocket.close'"): the
            # disconnect that follows cleans up.
            self.closed = True
            return
        if close:
            await self.close()

    async def close(self, code: int | bool | None = None, reason: str | None = None) -> None:
        if self.closed:
            return
        self.closed = True
        # Closed from the other end in the meantime: closed is closed.
        with contextlib.suppress(OSError, RuntimeError):
            await super().close(code=code, reason=reason)

    async def send_json(self, content: dict[str, Any]) -> None:
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
    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data is None or len(text_data.encode()) > MAX_MESSAGE_BYTES:
            await self.close(code=CLOSE_POLICY_VIOLATION)
            return
        try:
            message = json.loads(text_data)
        except ValueError:
            message = None
        if not isinstance(message, dict) or message.get("type") != "ping":
            await self.send_json({"type": "error", "error": "unknown_message"})
            return
        ping_id = message.get("id")
        if not isinstance(ping_id, int | str) or isinstance(ping_id, bool):
            ping_id = None
        # Through the channel layer to ourselves, never harmful: a flood of pings fills
        # our own channel, and the pongs that do not fit are dropped.
        await self.tell(self.channel_name, {"type": "pong", "id": ping_id})

    async def pong(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "pong", "id": event["id"]})
