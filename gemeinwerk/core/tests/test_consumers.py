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


def test_closing_twice_sends_one_close_and_the_consumer_ends_cleanly():
    """uvicorn raises on anything sent after a close; a flood of oversized messages must
    not make the consumer close twice (JsonConsumer.close is idempotent)."""
    closes: list[dict[str, Any]] = []

    def strict(app: Any) -> Any:
        async def served(scope: Any, receive: Any, send: Any) -> None:
            async def strict_send(message: dict[str, Any]) -> None:
                if closes:
                    raise RuntimeError("Unexpected ASGI message after sending 'websocket.close'.")
                if message["type"] == "websocket.close":
                    closes.append(message)
                await send(message)

            await app(scope, receive, strict_send)

        return served

    async def run() -> None:
        ws = WebsocketCommunicator(strict(application), "/ws/ping/", headers=SAME_ORIGIN)
        connected, _ = await ws.connect()
        assert connected
        for _ in range(5):
            await ws.send_to(text_data="x" * 1000)
        assert await ws.receive_output() == {"type": "websocket.close", "code": 1008}
        await ws.disconnect()  # raises here if the consumer crashed

    async_to_sync(run)()
    assert len(closes) == 1


def test_a_flood_of_pings_drops_pongs_instead_of_ending_the_connection(
    monkeypatch: pytest.MonkeyPatch,
):
    """The pong travels through the channel layer to the consumer's own channel, which a
    flood fills (here every send finds it full, as a Redis layer's does when its reader
    lags). ChannelFull must not end the connection with 1011 and a traceback."""
    from channels.exceptions import ChannelFull
    from channels.layers import get_channel_layer

    async def full(self: Any, channel: str, message: dict[str, Any]) -> None:
        raise ChannelFull(channel)

    # Whichever layer this run uses: in memory embedded, Redis in the services run.
    monkeypatch.setattr(type(get_channel_layer()), "send", full)

    async def scenario(ws: WebsocketCommunicator, connected: bool) -> None:
        assert connected
        for n in range(200):
            await ws.send_json_to({"type": "ping", "id": n})
        # The pongs that did not fit were dropped, and the connection is still open:
        # the consumer still answers, here by refusing an oversized message.
        assert await ws.receive_nothing(timeout=0.5)
        await ws.send_to(text_data="x" * 1000)
        assert await ws.receive_output() == {"type": "websocket.close", "code": 1008}

    communicate(scenario)
