"""Rate limits count before they check: parallel attempts against the same cache, on
the local-memory cache and (in the services run) on Redis, get no more than the limit.

The threads start together at a barrier; each has its own cache connection (Django's
caches are per thread), as parallel requests in several workers would."""

import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.core.cache import cache, caches
from django.test import override_settings

from gemeinwerk.core import ratelimit

PARALLEL = 30
LOCAL_MEMORY = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "ratelimit-tests",
    }
}


def redis_cache() -> dict[str, Any]:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/13"),
            "KEY_PREFIX": f"ratelimit-test-{os.getpid()}",
        }
    }


@pytest.fixture(
    params=[
        pytest.param("local memory", id="locmem"),
        pytest.param("redis", id="redis", marks=pytest.mark.redis),
    ]
)
def shared_cache(request: pytest.FixtureRequest) -> Iterator[str]:
    caches = LOCAL_MEMORY if request.param == "local memory" else redis_cache()
    with override_settings(CACHES=caches):
        cache.clear()
        yield request.param
        cache.clear()


def in_parallel(function: Callable[[], Any], count: int = PARALLEL) -> list[Any]:
    barrier = threading.Barrier(count)

    def run() -> Any:
        barrier.wait(timeout=30)
        return function()

    with ThreadPoolExecutor(max_workers=count) as pool:
        futures = [pool.submit(run) for _ in range(count)]
        return [future.result(timeout=60) for future in futures]


BACKOFF = ratelimit.Backoff(
    scope="tests",
    slow_after=5,
    block_after=20,
    window_seconds=3600,
    block_seconds=3600,
    max_wait_seconds=60,
)


def test_parallel_failing_tries_get_no_more_looks_than_allowed(shared_cache: str):
    looks = []
    lock = threading.Lock()
    slow_lookup = threading.Event()

    def try_once() -> bool:
        verdict = BACKOFF.take("parallel-client")
        if not verdict.allowed:
            return False
        with lock:
            looks.append(verdict.failures)
        # A database lookup takes a moment; meanwhile the other requests come in.
        slow_lookup.wait(0.05)
        BACKOFF.failed("parallel-client", verdict)
        return True

    looked = in_parallel(try_once)

    assert looked.count(True) == len(looks) == BACKOFF.slow_after == 5
    assert sorted(looks) == [1, 2, 3, 4, 5]
    assert cache.get(BACKOFF.keys("parallel-client")[0]) == BACKOFF.slow_after


def test_the_wait_doubles_from_the_limit_up_to_the_longest_wait():
    waits = [BACKOFF.wait_after(failures) for failures in range(14)]

    assert waits == [0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_parallel_attempts_are_each_counted(shared_cache: str):
    allowed = in_parallel(
        lambda: ratelimit.attempt("parallel", "client", limit=5, window_seconds=60)
    )

    assert allowed.count(True) == 5
    assert cache.get("ratelimit:parallel:client") == PARALLEL


def test_a_lock_is_held_by_one_caller_at_a_time(shared_cache: str):
    inside = []
    most = []
    lock = threading.Lock()

    def take_turn() -> bool:
        with ratelimit.locked("turns", patience=30) as got:
            with lock:
                inside.append(1)
                most.append(len(inside))
            threading.Event().wait(0.002)
            with lock:
                inside.pop()
            return got

    assert all(in_parallel(take_turn))
    assert max(most) == 1


def expires(key: str) -> bool:
    full_key = cache.make_and_validate_key(key)
    backend: Any = getattr(cache, "_cache", cache)
    if hasattr(backend, "get_client"):
        return int(backend.get_client(full_key).ttl(full_key)) > 0
    return cache._expire_info[full_key] is not None  # type: ignore[attr-defined]


def test_a_counter_that_expired_under_incr_gets_its_window_back(shared_cache: str):
    # As Django's Redis incr() leaves it when the key expires between its EXISTS and
    # INCR: a counter without an expiry. The next count gives it one.
    cache.set("ratelimit:stale:client", 0, timeout=None)
    assert not expires("ratelimit:stale:client")

    assert ratelimit.attempt("stale", "client", limit=5, window_seconds=60)
    assert cache.get("ratelimit:stale:client") == 1
    assert expires("ratelimit:stale:client")


def test_a_success_gives_back_only_its_own_count(
    shared_cache: str, monkeypatch: pytest.MonkeyPatch
):
    # A success decrements its count back to 0; a parallel failing try is counted in
    # the same moment. That count must stay: deleting the counter "at 0" would wipe it.
    failures_key = BACKOFF.keys("giving-back")[0]
    real_decr = cache.decr

    def decr_while_another_try_counts(key: str, delta: int = 1) -> int:
        value = real_decr(key, delta)
        ratelimit.increment(key, timeout=BACKOFF.window_seconds)  # the parallel failing try
        return value

    monkeypatch.setattr(caches["default"], "decr", decr_while_another_try_counts)

    assert BACKOFF.take("giving-back").allowed
    BACKOFF.succeeded("giving-back")
    assert cache.get(failures_key) == 1


def test_a_lock_taken_over_after_it_expired_is_not_released_by_its_old_holder(
    shared_cache: str, monkeypatch: pytest.MonkeyPatch
):
    # The first holder held on longer than LOCK_SECONDS: its lock expired and a second
    # caller took it, right as the first one releases. The release compares and
    # deletes in one step; a look followed by a delete would delete the second's lock.
    key = "lock:taken-over"
    real_get = cache.get
    taken: list[int] = []

    def get_while_it_changes_hands(name: str, *args: Any, **kwargs: Any) -> Any:
        value = real_get(name, *args, **kwargs)
        if name == key and not taken:
            cache.delete(key)  # expired
            taken.append(1)
            assert cache.add(key, 424242, timeout=ratelimit.LOCK_SECONDS)  # the second
        return value

    with ratelimit.locked("taken-over") as got:
        assert got
        monkeypatch.setattr(caches["default"], "get", get_while_it_changes_hands)
    monkeypatch.undo()
    if taken:
        assert cache.get(key) == 424242
    else:
        # The release did not look first: nothing could change hands in between.
        assert cache.get(key) is None


def test_a_lock_releases_only_its_own_token(shared_cache: str):
    with ratelimit.locked("own") as got:
        assert got
        cache.set("lock:own", 77, timeout=ratelimit.LOCK_SECONDS)  # expired and taken

    assert cache.get("lock:own") == 77
    assert not ratelimit.release("lock:own", 78)
    assert ratelimit.release("lock:own", 77)
    assert cache.get("lock:own") is None
