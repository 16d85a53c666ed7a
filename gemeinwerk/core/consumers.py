"""A WebSocket echo through the channel layer, for the connection self-test.

The reply travels client -> consumer -> channel layer -> consumer -> client, so a pong
proves that WebSockets and the channel layer (Redis when several processes serve) work.
"""

import json
from typing import Any

from channels.generic.websocket import AsyncWebsocketConsumer

MAX_MESSAGE_BYTES = 256
CLOSE_POLICY_VIOLATION = 1008


class PingConsumer(AsyncWebsocketConsumer):
    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data is None or len(text_data.encode()) > MAX_MESSAGE_BYTES:
            await self.close(code=CLOSE_POLICY_VIOLATION)
            return
        try:
            message = json.loads(text_data)
        except ValueError:
            message = None
        if not isinstance(message, dict) or message.get("type") != "ping":
            await self.send(text_data=json.dumps({"type": "error", "error": "unknown_message"}))
            return
        ping_id = message.get("id")
        if not isinstance(ping_id, int | str) or isinstance(ping_id, bool):
            ping_id = None
        await self.channel_layer.send(self.channel_name, {"type": "pong", "id": ping_id})

    async def pong(self, event: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps({"type": "pong", "id": event["id"]}))
