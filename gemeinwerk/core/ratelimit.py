"""Every rate limit of the platform, for HTTP and WebSocket alike:

- `attempt`: so many tries per client in a fixed window (sign-up of a join request,
  taking over an account), counted in the cache, so it holds across processes;
- `Backoff`: tries that fail (a wrong room code) slow the client down, then block it;
  also in the cache;
- `TokenBucket`: messages on one WebSocket connection, a burst and then a steady rate;
  in memory, as it lives and dies with its connection.

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

import contextlib
import hashlib
import pickle
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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


# --- Slowing down, then blocking, a client whose tries keep failing --------------------


@dataclass(frozen=True)
class Verdict:
    """Whether a try may go ahead; if not, blocked or how long to wait."""

    allowed: bool
    blocked: bool = False
    wait_seconds: int = 0
    failures: int = 0


@dataclass(frozen=True)
class Backoff:
    """After `slow_after` failed tries (within `window_seconds`) each further try must
    wait longer, doubling up to `max_wait_seconds`; after `block_after` failures the
    client is blocked for `block_seconds`. A try that is slowed or blocked is answered
    without looking at what was tried, so a right and a wrong value get the same answer.

    `take` counts the try as failed before it is looked at ("count, then check"), under
    a lock; `succeeded` gives the count back, `failed` blocks when the count is reached.
    """

    scope: str
    slow_after: int
    block_after: int
    window_seconds: int
    block_seconds: int
    max_wait_seconds: int

    def keys(self, client: str) -> tuple[str, str, str]:
        """The failure count, the time of the last try and the end of a block."""
        return (
            f"{self.scope}:fail:{client}",
            f"{self.scope}:last:{client}",
            f"{self.scope}:block:{client}",
        )

    def wait_after(self, failures: int) -> int:
        """Seconds to wait before the next try: none at first, then doubling."""
        if failures < self.slow_after:
            return 0
        return int(min(2 ** (failures - self.slow_after), self.max_wait_seconds))

    def take(self, client: str) -> Verdict:
        failures_key, last_key, block_key = self.keys(client)
        # Under a lock, so parallel tries cannot all read the same old count (30 at once
        # got 17 looks where 5 were allowed).
        with locked(f"{self.scope}:{client}") as got_lock:
            clock = time.time()
            if not got_lock:
                return Verdict(False, wait_seconds=1)
            if cache.get(block_key, 0) > clock:
                return Verdict(False, blocked=True)
            wait = self.wait_after(cache.get(failures_key, 0)) - (clock - cache.get(last_key, 0))
            if wait > 0:
                return Verdict(False, wait_seconds=int(wait) + 1)
            failures = increment(failures_key, timeout=self.window_seconds)
            cache.set(last_key, clock, timeout=self.window_seconds)
        return Verdict(True, failures=failures)

    def failed(self, client: str, verdict: Verdict) -> None:
        """The try that `take` let through failed: block at the limit."""
        if verdict.failures >= self.block_after:
            block_key = self.keys(client)[2]
            cache.set(block_key, time.time() + self.block_seconds, timeout=self.block_seconds)

    def succeeded(self, client: str) -> None:
        """Give the count back, and only that: decr is atomic, whereas "at 0, delete"
        would run outside the lock and wipe a failure counted meanwhile. A counter at 0
        just expires with its window."""
        with contextlib.suppress(ValueError):  # the window ended meanwhile
            cache.decr(self.keys(client)[0])


# --- Messages on one WebSocket connection ------------------------------------------------


class TokenBucket:
    """A burst of `size` messages, then `rate` a second."""

    def __init__(self, size: int, rate: float) -> None:
        self.size, self.rate = size, rate
        self.tokens = float(size)
        self.stamp = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.size, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True
