"""Counting attempts per client in the cache: fixed windows, nothing stored for long.

The client address is hashed before it becomes part of a cache key, and the counters
expire with their window.

Every count is taken atomically *before* the thing it limits is looked at ("count,
then check"): with "check, then count", parallel requests all read the old count and
all get through (30 parallel wrong room codes got 17 checks where 5 were allowed).
`cache.add` and `cache.incr` are atomic on the local-memory cache (one lock) and on
Redis (SET NX, INCR), so the counters and the lock below hold across threads and
processes alike.

When the cache cannot be reached, these functions raise (redis.ConnectionError): the
limited step is refused, never let through unlimited, and the error page says why
(gemeinwerk/core/outage.py).
"""

import hashlib
import pickle
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

# How often `increment` starts over when its counter expired under its hands.
_RETRIES = 3
# A lock is held for a few cache calls; a stuck holder (a killed process) frees it
# after LOCK_SECONDS. Waiting callers poll every LOCK_POLL_SECONDS.
LOCK_SECONDS = 5
LOCK_POLL_SECONDS = 0.005


def client_key(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:24]


def data_key(value: str) -> str:
    """A key for counting attempts per typed value (a user name), not stored as such."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{value.strip().lower()}".encode())
    return digest.hexdigest()[:24]


def increment(cache_key: str, *, timeout: int) -> int:
    """Add one to a counter that lives `timeout` seconds from its first count, and
    return the new value; atomic, so parallel callers each get a value of their own."""
    for _ in range(_RETRIES):
        # The first count creates the key with its expiry; add() is atomic, so only
        # one caller can create it.
        if cache.add(cache_key, 1, timeout=timeout):
            return 1
        try:
            count = cache.incr(cache_key)
        except ValueError:
            # Expired between add() and incr(): a new window starts, try again.
            continue
        if count == 1:
            # Django's Redis incr() checks that the key exists, then INCRs: a key that
            # expires in between comes back as 1 without an expiry. add() makes the
            # first count, so a 1 here is always that case: give it its window.
            cache.touch(cache_key, timeout=timeout)
        return int(count)
    # A counter that keeps expiring under our hands is not a reason to let more through.
    raise RuntimeError(f"rate limit counter {cache_key} could not be counted")


def attempt(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt; False when more than `limit` were made in the window."""
    return increment(f"ratelimit:{scope}:{key}", timeout=window_seconds) <= limit


@contextmanager
def locked(name: str, *, patience: float = 3.0) -> Iterator[bool]:
    """Hold a short lock in the cache while a few cache values are read and changed
    together. Yields False if the lock could not be had within `patience` seconds:
    the caller must then refuse, not go on unlocked."""
    key = f"lock:{name}"
    # An int: Django's Redis cache stores ints as their digits (not pickled), so the
    # release script below can compare it with what Redis holds.
    token = secrets.randbits(62)
    deadline = time.monotonic() + patience
    while not (got := cache.add(key, token, timeout=LOCK_SECONDS)):
        if time.monotonic() >= deadline:
            break
        time.sleep(LOCK_POLL_SECONDS)
    try:
        yield got
    finally:
        if got:
            release(key, token)


# Compare and delete in one step inside Redis: after LOCK_SECONDS the lock may be
# another caller's, and a separate GET, then DEL would delete theirs when it changes
# hands between the two.
_RELEASE_SCRIPT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
    return redis.call('DEL', KEYS[1])
end
return 0
"""


def release(key: str, token: int) -> bool:
    """Delete the lock `key` only if it still holds `token`, atomically; True if it did."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    full_key = backend.make_and_validate_key(key)
    if isinstance(backend, RedisCache):
        client = backend._cache.get_client(full_key, write=True)
        return bool(client.eval(_RELEASE_SCRIPT, 1, full_key, str(token)))
    if isinstance(backend, LocMemCache):
        # The local-memory cache's own lock guards every one of its operations, so
        # nobody can take the lock over between the look and the delete.
        local: Any = backend  # its internals, which django-stubs leave out
        with local._lock:
            if local._has_expired(full_key):
                return False
            if pickle.loads(local._cache[full_key]) != token:  # noqa: S301 (our own value)
                return False
            return bool(local._delete(full_key))
    raise ImproperlyConfigured(
        f"ratelimit.locked() needs the Redis or the local-memory cache, not {type(backend)}"
    )
