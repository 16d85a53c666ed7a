from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator

from gemeinwerk.asgi import application

pytestmark = pytest.mark.django_db
SAME_ORIGIN = [(b"origin", b"http://127.0.0.1:8000"), (b"host", b"127.0.0.1:8000")]


def communicate(scenario: Any, headers: list[tuple[bytes, bytes]] = SAME_ORIGIN) -> Any:
    async def run() -> Any:
        communicator = WebsocketCommunicator(application, "/ws/ping/", headers=headers)
        connected, _ = await communicator.connect()
        try:
            return await scenario(communicator, connected)
        finally:
            await communicator.disconnect()

    return async_to_sync(run)()


def test_ping_travels_through_the_channel_layer_and_back():
    async def scenario(ws: WebsocketCommunicator, connected: bool) -> None:
        assert connected
        await ws.send_json_to({"type": "ping", "id": 7})
        assert await ws.receive_json_from() == {"type": "pong", "id": 7}

    communicate(scenario)


def test_other_origins_are_refused():
    async def scenario(ws: WebsocketCommunicator, connected: bool) -> None:
        assert not connected

    communicate(scenario, headers=[(b"origin", b"https://evil.example"), (b"host", b"127.0.0.1")])


def test_unknown_messages_get_an_error_not_an_echo():
    async def scenario(ws: WebsocketCommunicator, connected: bool) -> None:
        await ws.send_json_to({"type": "shout", "id": 1})
        assert await ws.receive_json_from() == {"type": "error", "error": "unknown_message"}
        await ws.send_to(text_data="not json")
        assert await ws.receive_json_from() == {"type": "error", "error": "unknown_message"}

    communicate(scenario)


def test_ping_ids_must_be_plain_values():
    async def scenario(ws: WebsocketCommunicator, connected: bool) -> None:
        await ws.send_json_to({"type": "ping", "id": {"nested": "x" * 10}})
        assert await ws.receive_json_from() == {"type": "pong", "id": None}

    communicate(scenario)


def test_oversized_messages_close_the_connection():
    async def scenario(ws: WebsocketCommunicator, connected: bool) -> None:
        await ws.send_to(text_data='{"type": "ping", "id": "' + "x" * 1000 + '"}')
        output = await ws.receive_output()
        assert output == {"type": "websocket.close", "code": 1008}

    communicate(scenario)
