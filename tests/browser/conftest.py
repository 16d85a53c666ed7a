"""Browser tests: Debian's Chromium, driven by Playwright, against the real ASGI app.

The server is a process of its own, started the way `make run` starts it
(`python -m gemeinwerk.serve`), on a free port and on the test database. `make pytest`
runs the modules on two workers (pytest-xdist, whole modules each): every worker has its
own database, its own server and, with Redis, its own Redis database. The tests
write to that database directly (committed, see the root conftest) and read the
e-mails the server queued from the task table.
"""

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.error import URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

import pytest
from django.db import connection
from playwright.sync_api import ConsoleMessage, Page, Request

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # Playwright's sync API runs an event loop in the test thread, so Django takes
    # every ORM call there for one made from async code. The tests' own ORM calls are
    # synchronous and safe. Browser tests run last (see the root conftest), so the
    # other tests keep Django's guard.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium.")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # A German visitor's browser: "/" follows the browser's language (core/language.py),
    # and Chromium alone would ask for English. Service workers are blocked: once active,
    # one answers page loads itself, past the routes tests set with page.route(); the
    # tests of the installable app (test_installable.py) allow them in their own context.
    return {**browser_context_args, "locale": "de-DE", "service_workers": "block"}


def test_database_url() -> str:
    """DATABASE_URL of the test database, for the server process."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def server_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("server") / "server.log"


@pytest.fixture(scope="session")
def live_server_url(django_db_setup: None, server_log: Path) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "DEBUG": "false",
        "DJANGO_SETTINGS_MODULE": "gemeinwerk.settings",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    with server_log.open("wb") as log:
        # --proxy-headers: a test may come "from" an address of its own (X-Forwarded-For,
        # trusted from 127.0.0.1 only), so that what the server counts per address (wrong
        # room codes) stays with that test: see test_groups.OWN_ADDRESS.
        server = subprocess.Popen(
            [
                *(sys.executable, "-m", "gemeinwerk.serve", "--proxy-headers"),
                *("--host", "127.0.0.1", "--port", str(port)),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urlopen(f"{url}/healthz", timeout=2):  # noqa: S310 (our own server)
                break
        except (URLError, OSError):
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("the server did not start:\n" + server_log.read_text())
            time.sleep(0.2)
    yield url
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


class PageWatch:
    """Collects what a page did that it must not: console errors (CSP violations
    included), uncaught exceptions, and requests to any other host."""

    def __init__(self, page: Page, origin: str) -> None:
        self.origin = origin
        self.problems: list[str] = []
        # Playwright warns once per registration it blocks (see browser_context_args).
        self.allowed: list[str] = ["Service Worker registration blocked by Playwright"]
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("request", self._request)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.problems.append(f"console {message.type}: {message.text}")

    def _request(self, request: Request) -> None:
        url = request.url
        if not (url.startswith(self.origin + "/") or url.startswith(("data:", "blob:"))):
            self.problems.append(f"request to another host: {url}")

    def allow(self, text: str) -> None:
        """Expect a console message containing `text` (e.g. the 404 of an error page)."""
        self.allowed.append(text)

    def unexpected(self) -> list[str]:
        return [p for p in self.problems if not any(a in p for a in self.allowed)]

    def assert_clean(self) -> None:
        problems = self.unexpected()
        assert problems == [], "\n".join(problems)


@pytest.fixture
def watch(page: Page, live_server_url: str, server_log: Path) -> Iterator[PageWatch]:
    watcher = PageWatch(page, live_server_url)
    log_start = server_log.stat().st_size
    yield watcher
    if any("status of 500" in problem for problem in watcher.unexpected()):
        # The traceback is in the server's log, not in the browser.
        with server_log.open() as log:
            log.seek(log_start)
            watcher.problems.append("server log:\n" + log.read()[-6000:])
    watcher.assert_clean()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_SOURCE_PATH.exists():
        pytest.fail("node_modules/axe-core is missing: run `make test`, which runs `npm ci`.")
    return AXE_SOURCE_PATH.read_text()


AXE_RUN = """async () => {
  const result = await axe.run(document, {
    rules: { "target-size": { enabled: true } },
    resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
  }));
}"""


@pytest.fixture
def assert_accessible(page: Page, axe_source: str) -> Any:
    """Run axe-core (target-size on) on the current page; fail on any violation."""

    def check(label: str = "") -> None:
        # axe measures the laid-out page (target sizes, contrast): after a click the
        # tests may go on as soon as the new page's text is there, and on a busy machine
        # its stylesheet and fonts may still be loading.
        page.wait_for_load_state("load")
        page.evaluate("document.fonts.ready.then(() => true)")
        # evaluate() is not subject to the page's CSP, so axe runs on the real page.
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source)
        violations = page.evaluate(AXE_RUN)
        assert violations == [], f"{label or page.url}:\n" + json.dumps(violations, indent=2)

    return check
