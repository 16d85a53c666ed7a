"""Where room states live: the cache (Redis when several processes serve, local memory
for one), changed under a lock so that two changes at once cannot lose one another."""

import asyncio
import time
import weakref
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from django.conf import settings
from django.core.cache import cache

from gemeinwerk.meetings.state import State, forget_dropped, heartbeat, new_room

KEY = "meeting-room:{}"
LOCK_SECONDS = 5
# Without an end time, a room's state expires this long after its last change.
IDLE_EXPIRY_SECONDS = 6 * 3600

# Locks and Redis clients belong to an event loop: one set per loop (the server has one;
# tests start many). A room's local lock lives as long as someone holds or awaits it.
_local_locks: weakref.WeakValueDictionary[tuple[int, int], asyncio.Lock] = (
    weakref.WeakValueDictionary()
)
_redis_clients: dict[tuple[int, str], Any] = {}
# A Redis that does not answer must not hold a room's lock (and every consumer waiting
# for it) forever: a refused connection fails at once, a silent one after these seconds.
# The error (redis TimeoutError or ConnectionError) ends the consumer, and
# gemeinwerk.core.outage.CloseOnFailure closes its socket with 1013, "try again later":
# the page reconnects when Redis is back.
REDIS_CONNECT_TIMEOUT = 2.0
REDIS_TIMEOUT = 10.0
REDIS_HEALTH_CHECK_SECONDS = 30


def _redis_client() -> Any:
    key = (id(asyncio.get_running_loop()), settings.REDIS_URL)
    if key not in _redis_clients:
        from redis.asyncio import Redis

        _redis_clients[key] = Redis.from_url(
            settings.REDIS_URL,
            socket_connect_timeout=REDIS_CONNECT_TIMEOUT,
            socket_timeout=REDIS_TIMEOUT,
            health_check_interval=REDIS_HEALTH_CHECK_SECONDS,
        )
    return _redis_clients[key]


@asynccontextmanager
async def _locked(room: int) -> AsyncIterator[None]:
    if settings.REDIS_URL:
        async with _redis_client().lock(
            f"meeting-room-lock:{room}", timeout=LOCK_SECONDS, blocking_timeout=LOCK_SECONDS
        ):
            yield
    else:
        key = (id(asyncio.get_running_loop()), room)
        lock = _local_locks.get(key)
        if lock is None:
            lock = _local_locks[key] = asyncio.Lock()
        async with lock:
            yield


async def read(room: int) -> State:
    state: State | None = await cache.aget(KEY.format(room))
    return state if state is not None else new_room(room)


def _lifetime(until: float | None) -> int:
    if until is None:
        return IDLE_EXPIRY_SECONDS
    return max(1, min(IDLE_EXPIRY_SECONDS, int(until - time.time()) + 1))


async def change[T](
    room: int,
    change: Callable[[State], T],
    *,
    until: float | None = None,
    alive: tuple[str, str] | None = None,
    tidied: list[str] | None = None,
) -> tuple[State, T]:
    """Apply `change` to the room's state under the room's lock and store the result.
    Seats dropped longer ago than their grace time go first. An empty room is deleted,
    not stored. `until`: the meeting's end (a timestamp); the state, nicknames
    included, is gone from the cache then, even if nobody ended the meeting or left.
    `alive`: (seat, channel) of a connection that is known to be alive: its seat is
    stamped before anything is tidied away (a heartbeat must not tidy away its own seat).
    `tidied`: a list that receives the seats given up here, so that the caller tells
    the room (under the lock is the only place that knows for sure)."""
    async with _locked(room):
        state = await read(room)
        if alive is not None:
            heartbeat(state, seat_id=alive[0], channel=alive[1])
        given_up = forget_dropped(state)
        if tidied is not None:
            tidied.extend(given_up)
        result = change(state)
        if state == new_room(room):
            await cache.adelete(KEY.format(room))
        else:
            await cache.aset(KEY.format(room), state, timeout=_lifetime(until))
    return state, result
