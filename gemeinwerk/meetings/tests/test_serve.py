"""The server's WebSocket limits match the room's protocol (gemeinwerk/serve.py)."""

from typing import Any

import pytest

from gemeinwerk import serve
from gemeinwerk.core import consumers as core_consumers
from gemeinwerk.meetings import protocol


def served_with(monkeypatch: pytest.MonkeyPatch, *argv: str) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(serve.uvicorn, "run", lambda app, **options: seen.update(options))
    serve.main(list(argv))
    return seen


def test_the_websocket_frame_limit_fits_the_protocol_not_uvicorns_sixteen_mib(
    monkeypatch: pytest.MonkeyPatch,
):
    options = served_with(monkeypatch, "--port", "8123")

    assert options["ws_max_size"] == 64 * 1024
    # The largest message any consumer takes, with room for its framing, and no more.
    largest = max(protocol.MAX_SIGNAL_BYTES, core_consumers.PingConsumer.max_frame_bytes)
    assert largest < options["ws_max_size"] <= 4 * largest


def test_the_server_pings_so_that_a_silent_drop_is_noticed_within_twenty_seconds(
    monkeypatch: pytest.MonkeyPatch,
):
    options = served_with(monkeypatch)

    assert options["ws_ping_interval"] + options["ws_ping_timeout"] <= 20
