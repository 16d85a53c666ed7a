"""Real processes for the chat's process tests: server processes of the ASGI app
(`python -m gemeinwerk.serve`, uvicorn, as `make run` starts it) on the test database,
and members' pages as real WebSocket clients (websockets' sync client) with real
session cookies. Redis and server processes come from core's outage tools."""

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import connection
from django.test import Client
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Origin

from gemeinwerk.accounts.models import User
from gemeinwerk.core.tests.outage_tools import OwnRedis, Server

# Every wait of these tests is bounded; none is a timing that is asserted.
WAIT_SECONDS = 10.0


def shared_database_url() -> str:
    """DATABASE_URL of this test's database, for server processes: PostgreSQL's test
    database (the services run) or SQLite's test file (settings.py names it)."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))


def session_of(user: User) -> str:
    """A real session of `user`, stored where the server processes read it."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@contextmanager
def servers(log_dir: Path, count: int, *, redis_url: str) -> Iterator[list[Server]]:
    """`count` server processes on the test database, with Redis at `redis_url` as their
    channel layer and cache; all stopped however the test ends."""
    started: list[Server] = []
    try:
        for number in range(count):
            started.append(
                Server(
                    log_dir / f"server-{number}.log",
                    database_url=shared_database_url(),
                    redis_url=redis_url,
                )
            )
        yield started
    finally:
        for server in started:
            server.stop()


class PrivateRedis(OwnRedis):
    """A redis-server of the test's own (never the machine's shared one), which the test
    may kill as a crash or power cut would: no clean shutdown."""

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=WAIT_SECONDS)
        self.process = None


def server_logs(log_dir: Path) -> str:
    """What the server processes wrote, for a failing assertion's message."""
    return "\n".join(
        f"--- {path.name}\n{path.read_text(errors='replace')[-4000:]}"
        for path in sorted(log_dir.glob("server-*.log"))
    )


class Closed(Exception):
    """The server closed the page's socket; `code` says why (1013: try again later)."""

    def __init__(self, code: int | None) -> None:
        super().__init__(f"closed with {code}")
        self.code = code


class ChatPage:
    """A member's open chat page: one WebSocket to /ws/chat/ of one server process, with
    the session cookie and the Origin a browser sends, and every frame it received."""

    def __init__(self, server: Server, session: str) -> None:
        self.server = server
        self.session = session
        self.frames: list[dict[str, Any]] = []
        self.socket: ClientConnection | None = None
        self.connection = ExitStack()

    def open(self) -> None:
        """Connect and wait for the welcome; Closed if the server closes instead."""
        self.close()
        base = self.server.url
        try:
            self.socket = self.connection.enter_context(
                connect(
                    base.replace("http://", "ws://") + "/ws/chat/?lang=en",
                    origin=Origin(base),
                    additional_headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={self.session}"},
                    open_timeout=WAIT_SECONDS,
                    close_timeout=2,
                )
            )
        except ConnectionClosed as closed:
            raise Closed(closed.rcvd.code if closed.rcvd else None) from closed
        self.wait_for("welcome")

    def reopen(self, *, seconds: float = WAIT_SECONDS) -> None:
        """Reconnect as the page does (it retries with backoff) until welcomed."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                self.open()
                return
            except Closed:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def send(self, message: dict[str, Any]) -> None:
        """Closed if the socket is closed already (the page then posts instead)."""
        assert self.socket is not None
        try:
            self.socket.send(json.dumps(message))
        except ConnectionClosed as closed:
            raise Closed(closed.rcvd.code if closed.rcvd else None) from closed

    def _next(self, seconds: float) -> dict[str, Any] | None:
        """The next frame within `seconds`, or None; Closed if the socket closes."""
        assert self.socket is not None
        try:
            frame = dict(json.loads(self.socket.recv(timeout=max(seconds, 0.0))))
        except TimeoutError:
            return None
        except ConnectionClosed as closed:
            raise Closed(closed.rcvd.code if closed.rcvd else None) from closed
        self.frames.append(frame)
        return frame

    def wait_for(
        self, kind: str, *, seconds: float = WAIT_SECONDS, **fields: Any
    ) -> dict[str, Any]:
        """The next frame of type `kind` (with these fields); frames of other types are
        kept in `frames`. Closed if the socket closes first."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            frame = self._next(left)
            if frame is None:
                break
            if frame.get("type") == kind and all(frame.get(k) == v for k, v in fields.items()):
                return frame
        raise AssertionError(f"no {kind!r} {fields} within {seconds} s; got {self.frames}")

    def wait_closed(self, *, seconds: float = WAIT_SECONDS) -> int | None:
        """The close code once the server has closed the socket."""
        deadline = time.monotonic() + seconds
        try:
            while (left := deadline - time.monotonic()) > 0:
                self._next(left)
        except Closed as closed:
            return closed.code
        raise AssertionError(f"the socket stayed open for {seconds} s; got {self.frames}")

    def close(self) -> None:
        self.socket = None
        self.connection.close()


def post_json(server: Server, session: str, path: str, fields: dict[str, str]) -> dict[str, Any]:
    """What the page's script does when its socket is down: a plain POST of the form,
    asking for JSON (chat.js `post`), with the session and CSRF cookies."""
    cookies = {settings.SESSION_COOKIE_NAME: session}
    # The page the form is on sets the CSRF cookie.
    page_request = urllib.request.Request(  # noqa: S310 (our own server)
        server.url + path, headers=_cookie_header(cookies)
    )
    with urllib.request.urlopen(page_request, timeout=WAIT_SECONDS) as page:  # noqa: S310
        for header in page.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name == settings.CSRF_COOKIE_NAME:
                cookies[name] = rest.split(";", 1)[0]
    token = cookies[settings.CSRF_COOKIE_NAME]
    request = urllib.request.Request(  # noqa: S310 (our own server)
        server.url + path,
        data=urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode(),
        headers={
            **_cookie_header(cookies),
            "Accept": "application/json",
            "X-CSRFToken": token,
            "Origin": server.url,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=WAIT_SECONDS) as response:  # noqa: S310
            return dict(json.loads(response.read()))
    except urllib.error.HTTPError as error:
        raise AssertionError(f"POST {path}: {error.code} {error.read()[:2000]!r}") from error


def _cookie_header(cookies: dict[str, str]) -> dict[str, str]:
    return {"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())}
