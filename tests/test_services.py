"""The services run really uses PostgreSQL and Redis (GEMEINWERK_SERVICES=required)."""

import asyncio
import contextlib
import os
import socket
import threading
from collections.abc import Iterator
from importlib import import_module
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels_redis.core import RedisChannelLayer
from django.conf import settings
from django.contrib.sessions.backends.cache import SessionStore as CacheSessionStore
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connection
from django.test import Client
from redis.exceptions import TimeoutError as RedisTimeoutError


@pytest.mark.postgres
@pytest.mark.django_db
def test_database_is_postgresql():
    assert connection.vendor == "postgresql"


@pytest.mark.redis
@pytest.mark.django_db
def test_cache_and_channel_layer_are_redis(client: Client):
    checks = client.get("/healthz").json()["checks"]

    assert checks["cache"] == {"status": "ok", "backend": "RedisCache"}
    assert checks["channel_layer"] == {"status": "ok", "backend": "RedisChannelLayer"}


@pytest.mark.postgres
def test_an_unreachable_database_is_given_up_on_within_two_seconds():
    # The outage itself is played through in gemeinwerk/core/tests/test_outages.py.
    options = connection.settings_dict["OPTIONS"]

    assert options["connect_timeout"] <= 2
    assert options["pool"]["timeout"] <= 2
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True


def test_sessions_live_in_the_database_not_only_in_the_cache():
    # With Redis down, signed-in visitors stay signed in.
    store = import_module(settings.SESSION_ENGINE).SessionStore

    assert issubclass(store, DatabaseSessionStore)
    assert not issubclass(store, CacheSessionStore)


def channel_layer_host() -> dict[str, Any]:
    layers: dict[str, Any] = settings.CHANNEL_LAYERS
    return dict(layers["default"]["CONFIG"]["hosts"][0])


@pytest.mark.redis
def test_the_channel_layer_does_not_wait_for_redis_forever():
    host = channel_layer_host()
    receive_blocks_for = RedisChannelLayer.brpop_timeout

    assert host["socket_connect_timeout"] <= 2
    # Above the blocking receive, or every quiet receive would time out.
    assert receive_blocks_for < host["socket_timeout"] <= 2 * receive_blocks_for
    assert host["health_check_interval"] > 0


def _answer_the_handshake_only(client: socket.socket) -> None:
    # redis-py greets with HELLO 3 and CLIENT SETINFO, and waits for the answers
    # within its connect timeout; everything after that is left unanswered, as by a
    # Redis that hangs once connected.
    with contextlib.suppress(OSError):
        while data := client.recv(65536):
            for _ in range(data.count(b"HELLO")):
                client.sendall(b"%1\r\n$5\r\nproto\r\n:3\r\n")
            for _ in range(data.count(b"CLIENT")):
                client.sendall(b"+OK\r\n")


@pytest.mark.redis
def test_a_quiet_channel_layer_receive_waits_instead_of_timing_out():
    # Receiving blocks in Redis for brpop_timeout (5 s) and then asks again. With
    # redis-py's default socket timeout (also 5 s) the socket gave up first: every
    # receive that found nothing for 5 s raised TimeoutError, and the room closed the
    # visitor's socket.
    layer = RedisChannelLayer(hosts=[channel_layer_host()], prefix=f"quiet-test-{os.getpid()}")

    async def receive() -> None:
        channel = await layer.new_channel()
        # Nothing is ever sent: the receive must still be waiting when this ends it.
        await asyncio.wait_for(layer.receive(channel), timeout=RedisChannelLayer.brpop_timeout + 2)

    with pytest.raises(asyncio.TimeoutError):
        async_to_sync(receive)()


@pytest.fixture
def silent_redis() -> Iterator[str]:
    """A "Redis" that accepts connections, greets, and then never answers."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                client = listener.accept()[0]
                accepted.append(client)
                threading.Thread(
                    target=_answer_the_handshake_only, args=(client,), daemon=True
                ).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    stop.set()
    thread.join()
    for sock in [*accepted, listener]:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()


@pytest.mark.redis
def test_a_group_send_to_a_redis_that_never_answers_fails_instead_of_hanging(
    silent_redis: str,
):
    layer = RedisChannelLayer(hosts=[{**channel_layer_host(), "address": silent_redis}])

    async def send() -> None:
        # The bound only ends the test if the send hangs; what is asserted is the error.
        await asyncio.wait_for(layer.group_send("room-1", {"type": "signal"}), timeout=30)

    with pytest.raises(RedisTimeoutError):
        async_to_sync(send)()
