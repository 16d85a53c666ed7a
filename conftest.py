"""Test set-up shared by every app.

Two runs exist (see .ci/run): embedded (SQLite, in-memory layers) and services
(GEMEINWERK_SERVICES=required, PostgreSQL and Redis). Tests marked `postgres` or
`redis` are deselected in the embedded run, with a line in the summary, and must
pass in the services run, where an unreachable service fails them. Tests marked `sqlite`
(SQLite's own files) run only in the embedded run, and so do the browser tests not
marked `services` (the services run repeats only those whose outcome depends on the
services: search on PostgreSQL, live delivery through Redis).
"""

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

SERVICES_REQUIRED = os.environ.get("GEMEINWERK_SERVICES") == "required"
SERVICE_MARKERS = ("postgres", "redis")
DESELECTED = pytest.StashKey[int]()
EMBEDDED_ONLY = pytest.StashKey[int]()


BROWSER_TESTS = Path(__file__).resolve().parent / "tests" / "browser"
# Meeting-room tests open real WebRTC connections: they run only inside a loopback-only
# network namespace (scripts/in-loopback-netns, as `make test` does), and there alone.
ROOM_TESTS = BROWSER_TESTS / "room"
IN_LOOPBACK_NETNS = os.environ.get("GEMEINWERK_LOOPBACK_NETNS") == "1"
ROOM_DESELECTED = pytest.StashKey[int]()


def _redis_of_worker(url: str, worker: str) -> str:
    """The Redis database of a parallel test worker (pytest-xdist, `make pytest`): the
    given one for the first worker, one less for each further one."""
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0) - int(worker.removeprefix("gw") or 0)
    if database < 0:
        raise pytest.UsageError(f"REDIS_URL leaves no Redis database for test worker {worker}")
    return urlunsplit(parts._replace(path=f"/{database}"))


def pytest_configure(config: pytest.Config) -> None:
    """Each parallel test worker gets a Redis database of its own: every test empties the
    cache (FLUSHDB), which must not empty another worker's, and room states of equal ids
    in two workers' databases must not meet. Before any cache or channel layer is made;
    processes a test starts (servers, manage.py) inherit the worker's REDIS_URL."""
    from django.conf import settings

    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    url = os.environ.get("REDIS_URL", "")
    if not (worker and url and settings.configured and settings.REDIS_URL):
        return
    own = _redis_of_worker(url, worker)
    os.environ["REDIS_URL"] = own
    settings.REDIS_URL = own
    settings.CACHES["default"]["LOCATION"] = own
    layers: Any = settings.CHANNEL_LAYERS
    for host in layers["default"]["CONFIG"]["hosts"]:
        host["address"] = own


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)
            # The server thread must see what a test writes: real commits, not a
            # transaction rolled back at the end.
            item.add_marker(pytest.mark.django_db(transaction=True))
    in_room = [item for item in items if item.path.is_relative_to(ROOM_TESTS)]
    # In the namespace only the room tests run; elsewhere everything but them.
    others = [item for item in items if item not in in_room] if IN_LOOPBACK_NETNS else in_room
    if others:
        config.hook.pytest_deselected(items=others)
        items[:] = [item for item in items if item not in others]
    config.stash[ROOM_DESELECTED] = 0 if IN_LOOPBACK_NETNS else len(in_room)
    if not SERVICES_REQUIRED:
        needing = [i for i in items if any(i.get_closest_marker(m) for m in SERVICE_MARKERS)]
        if needing:
            config.hook.pytest_deselected(items=needing)
            items[:] = [item for item in items if item not in needing]
        config.stash[DESELECTED] = len(needing)
    else:
        # The other way round: what concerns SQLite's own files runs in the embedded run,
        # and of the browser tests only those whose outcome depends on the services
        # (search on PostgreSQL, live delivery through Redis) run again here: the others
        # drive the same pages through the same code, and repeating them would take
        # CI past its time budget (docs/development.md, "Test suite").
        embedded = [
            i
            for i in items
            if i.get_closest_marker("sqlite")
            or (
                i.get_closest_marker("browser")
                and not i.get_closest_marker("services")
                # The meeting room (WebRTC, Redis through the namespace's bridge) always.
                and not i.path.is_relative_to(ROOM_TESTS)
            )
        ]
        if embedded:
            config.hook.pytest_deselected(items=embedded)
            items[:] = [item for item in items if item not in embedded]
        config.stash[EMBEDDED_ONLY] = len(embedded)
    # Browser tests run last: the Playwright event loop they start makes every later
    # ORM call look async-unsafe, so the flag that allows it is set only for them.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    rooms = terminalreporter.config.stash.get(ROOM_DESELECTED, 0)
    if rooms:
        terminalreporter.write_line(
            f"{rooms} meeting-room test(s) run in a loopback-only network namespace "
            "(scripts/in-loopback-netns, part of `make test`), not in this run."
        )
    embedded = terminalreporter.config.stash.get(EMBEDDED_ONLY, 0)
    if embedded:
        terminalreporter.write_line(
            f"{embedded} test(s) check SQLite's own files, or are browser tests not marked "
            "`services`: they run in the embedded run (the first run of .ci/run), not in "
            "this one."
        )
    count = terminalreporter.config.stash.get(DESELECTED, 0)
    if count:
        terminalreporter.write_line(
            f"{count} test(s) need PostgreSQL/Redis: they run in the services run "
            "(GEMEINWERK_SERVICES=required, see .ci/run), not in this one."
        )


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Path) -> None:
    """Uploaded files of a test go to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Rate limits and other counters live in the cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _english() -> None:
    """Every test starts in English, the language of the source strings its assertions
    read (a test about German or Polish says so). A request through the test client
    leaves its page's language active in the thread (LocaleMiddleware does not reset
    it), so without this a test would run in the language of the one before it."""
    from django.utils import translation

    translation.activate("en")


@pytest.fixture(autouse=True)
def _fast_password_hashing(request: pytest.FixtureRequest, settings: Any) -> None:
    # Real hashing costs about half a second per password by design; tests create
    # many. Browser tests' accounts must sign in to a server process that knows only the
    # real hashers: PBKDF2 with few rounds, which it accepts (FewRoundsHasher).
    if request.node.get_closest_marker("browser") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    else:
        settings.PASSWORD_HASHERS = ["tests.browser.accounts_helpers.FewRoundsHasher"]
