"""Outages a test owns: its own redis-server, a TCP proxy in front of PostgreSQL, and a
server process (`python -m gemeinwerk.serve`) that uses them. The machine's shared
PostgreSQL and Redis are never stopped; only these are."""

import contextlib
import http.cookiejar
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
REDIS_SERVER = "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(condition: Any, *, seconds: float, what: str) -> None:
    """Poll `condition` (no timing is asserted: the deadline only bounds the test)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {seconds} s")
        time.sleep(0.1)


def port_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class OwnRedis:
    """A redis-server of this test, on a port of its own, keeping nothing on disk."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until(lambda: port_answers(self.port), seconds=20, what="redis-server starts")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


class PostgresProxy:
    """A TCP forwarder to the machine's PostgreSQL that the test can cut.

    `forward`: passes bytes both ways. `refuse`: nothing listens and every open
    connection is cut, as when PostgreSQL is down. `silent`: connections are accepted
    and never answered, as when PostgreSQL (or the network) hangs.
    """

    def __init__(self, upstream: tuple[str, int] = ("127.0.0.1", 5432)) -> None:
        self.upstream = upstream
        self.port = free_port()
        self.mode = "refuse"
        self.listener: socket.socket | None = None
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()

    def _listen(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed by refuse()
            with self.lock:
                self.sockets.append(client)
            if self.mode == "silent":
                continue
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self.lock:
                self.sockets.append(server)
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def _cut_all(self) -> None:
        with self.lock:
            sockets, self.sockets = self.sockets, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def forward(self) -> None:
        self.refuse()
        self.mode = "forward"
        self._listen()

    def silent(self) -> None:
        self.refuse()
        self.mode = "silent"
        self._listen()

    def refuse(self) -> None:
        self.mode = "refuse"
        if self.listener is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone would not,
            # and the port would stay taken.
            with contextlib.suppress(OSError):
                self.listener.shutdown(socket.SHUT_RDWR)
            self.listener.close()
            self.listener = None
        self._cut_all()


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    text: str
    seconds: float


class Browser:
    """Plain HTTP with cookies, as a browser without JavaScript would send it."""

    def __init__(self, base: str, language: str = "en") -> None:
        self.base = base
        self.language = language
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects()
        )

    def cookie(self, name: str) -> str:
        return next((c.value or "" for c in self.cookies if c.name == name), "")

    def set_cookie(self, name: str, value: str) -> None:
        host = urllib.parse.urlsplit(self.base).hostname or ""
        self.cookies.set_cookie(
            http.cookiejar.Cookie(
                0, name, value, None, False, host, False, False, "/", True,
                False, None, False, None, None, {},
            )
        )  # fmt: skip

    def request(self, path: str, data: dict[str, str] | None = None) -> Answer:
        body = None
        if data is not None:
            data = {**data, "csrfmiddlewaretoken": self.cookie("csrftoken")}
            body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(  # noqa: S310 (our own server)
            self.base + path, data=body, headers={"Accept-Language": self.language}
        )
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=30) as response:
                status, headers, raw = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, raw = error.code, error.headers, error.read()
        lowered = {key.lower(): value for key, value in headers.items()}
        return Answer(status, lowered, raw.decode(), time.monotonic() - started)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Server:
    """The real ASGI app in a process of its own, on the given services."""

    def __init__(self, log: Path, *, database_url: str, redis_url: str = "") -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "DEBUG": "false",
            "DJANGO_SETTINGS_MODULE": "gemeinwerk.settings",
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.log = log
        with log.open("wb") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gemeinwerk.serve", "--port", str(self.port)],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_until(lambda: port_answers(self.port), seconds=30, what="the server starts")
        except AssertionError:
            self.stop()
            raise AssertionError("the server did not start:\n" + log.read_text()) from None

    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
