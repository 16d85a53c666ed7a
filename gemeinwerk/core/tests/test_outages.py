"""PostgreSQL or Redis down: the visitor gets a translated 503 page within about two
seconds, rate-limited steps are refused with words that say why, pages that need
neither go on working, WebSockets close with a code, and all recovers when the service
is back.

The services tests start their own redis-server and a TCP proxy in front of
PostgreSQL (outage_tools), stop them and start them again, against the real ASGI app in
a server process; the machine's shared services are never stopped."""

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from asgiref.sync import async_to_sync
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.testing import WebsocketCommunicator
from django.conf.urls.i18n import i18n_patterns
from django.db import OperationalError, connection
from django.db.backends.base.base import NO_DB_ALIAS
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext
from psycopg_pool import PoolTimeout
from redis.exceptions import ConnectionError as RedisConnectionError
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect as websocket_connect
from websockets.typing import Origin

from gemeinwerk.accounts.tests.factories import UserFactory
from gemeinwerk.core import outage
from gemeinwerk.core.outage import CloseOnFailure, Service
from gemeinwerk.core.postgresql.base import DatabaseWrapper
from gemeinwerk.core.tests.error_urls import handler500  # noqa: F401 (this module is a urlconf)
from gemeinwerk.core.tests.error_urls import urlpatterns as error_urlpatterns
from gemeinwerk.core.tests.outage_tools import Browser, OwnRedis, PostgresProxy, Server

DATABASE_HEADING = "We are having trouble at the moment"
CACHE_HEADING = "This step is paused for a moment"
# The pool waits two seconds for a connection; the rest is the page and the network.
FAIL_WITHIN_SECONDS = 3.0


def in_language(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


# --- The 503 page, in this process -------------------------------------------------------


def fail_with_database_down(request: HttpRequest) -> HttpResponse:
    try:
        raise ConnectionRefusedError("connection to 10.0.0.5:5432 refused")
    except ConnectionRefusedError as cause:
        raise OperationalError("connection failed: 10.0.0.5 password=secret") from cause


def fail_with_redis_down(request: HttpRequest) -> HttpResponse:
    raise RedisConnectionError("Error 111 connecting to redis-secret-host:6379.")


urlpatterns = [
    *i18n_patterns(
        path("test-outage/database/", fail_with_database_down),
        path("test-outage/cache/", fail_with_redis_down),
        prefix_default_language=False,
    ),
    *error_urlpatterns,
]


@pytest.mark.urls("gemeinwerk.core.tests.test_outages")
@pytest.mark.parametrize("language", ["de", "pl", "en"])
@pytest.mark.parametrize(
    ("service", "heading"), [("database", DATABASE_HEADING), ("cache", CACHE_HEADING)]
)
def test_an_outage_answers_a_translated_503_page_without_script(
    client: Client, language: str, service: str, heading: str
):
    client.raise_request_exception = False

    prefix = "" if language == "de" else f"/{language}"
    response = client.get(f"{prefix}/test-outage/{service}/")

    assert response.status_code == 503
    assert response["Retry-After"] == str(outage.RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert in_language(language, heading) in page
    assert "<h1" in page
    assert "<script" not in page
    # Nothing of the error itself reaches the visitor.
    assert "secret" not in page
    assert "10.0.0.5" not in page


@pytest.mark.urls("gemeinwerk.core.tests.test_outages")
def test_other_errors_keep_the_500_page(client: Client):
    client.raise_request_exception = False

    response = client.get("/en/test-errors/500/")

    assert response.status_code == 500
    assert "Retry-After" not in response


def test_the_failed_service_is_found_behind_the_wrapping_error():
    try:
        try:
            raise RedisConnectionError("refused")
        except RedisConnectionError as cause:
            raise RuntimeError("while counting") from cause
    except RuntimeError as error:
        wrapped = error

    assert outage.failed_service(wrapped) == Service.CACHE
    assert outage.failed_service(OperationalError("gone")) == Service.DATABASE
    assert outage.failed_service(ValueError("a bug")) is None


# --- WebSockets close with a code, in this process --------------------------------------


class FailingConsumer(AsyncWebsocketConsumer):
    error: type[Exception] = RedisConnectionError
    accept_first = True

    async def connect(self) -> None:
        if self.accept_first:
            await self.accept()
        else:
            raise self.error("down")

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        raise self.error("down")


def failing(**attributes: Any) -> type[FailingConsumer]:
    return type("Failing", (FailingConsumer,), attributes)


async def _close_code(consumer: type[FailingConsumer], send: bool) -> Any:
    communicator = WebsocketCommunicator(CloseOnFailure(consumer.as_asgi()), "/ws/test/")
    connected, _ = await communicator.connect()
    if send:
        await communicator.send_to(text_data="hello")
    message = await communicator.receive_output(timeout=2)
    if message["type"] == "websocket.accept" and not connected:
        message = await communicator.receive_output(timeout=2)
    await communicator.wait()
    return connected, message


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (RedisConnectionError, outage.CLOSE_TRY_AGAIN_LATER),
        (OperationalError, outage.CLOSE_TRY_AGAIN_LATER),
    ],
)
def test_a_socket_whose_service_fails_is_closed_with_try_again_later(
    error: type[Exception], code: int
):
    consumer = failing(error=error)

    connected, message = async_to_sync(_close_code)(consumer, True)

    assert connected
    assert message == {"type": "websocket.close", "code": code}


def test_a_socket_that_fails_before_accepting_is_told_why():
    consumer = failing(accept_first=False)

    connected, message = async_to_sync(_close_code)(consumer, False)

    assert connected  # accepted only to say why
    assert message == {"type": "websocket.close", "code": outage.CLOSE_TRY_AGAIN_LATER}


def test_a_socket_with_a_bug_is_closed_with_internal_error_and_the_bug_is_raised():
    consumer = failing(error=KeyError)

    async def run() -> Any:
        communicator = WebsocketCommunicator(CloseOnFailure(consumer.as_asgi()), "/ws/test/")
        await communicator.connect()
        await communicator.send_to(text_data="hello")
        message = await communicator.receive_output(timeout=2)
        with pytest.raises(KeyError):
            await communicator.wait()
        return message

    assert async_to_sync(run)() == {"type": "websocket.close", "code": outage.CLOSE_INTERNAL_ERROR}


# --- The services run: stop and start our own PostgreSQL proxy and Redis ---------------


def database_url(host: str = "", port: int | None = None) -> str:
    """DATABASE_URL of the test database, through `host:port` if given."""
    name = connection.settings_dict["NAME"]
    parts = urlsplit(os.environ["DATABASE_URL"])
    if port is not None:
        return f"postgres://{host}:{port}/{name}"
    return urlunsplit(parts._replace(path=f"/{name}"))


def signed_in_session() -> str:
    client = Client()
    client.force_login(UserFactory.create())
    return client.cookies["sessionid"].value


def ping(base: str, session: str = "") -> tuple[str, int | None]:
    """A round trip through /ws/ping/: ("pong", None), or ("closed", close code)."""
    headers = {"Cookie": f"sessionid={session}"} if session else {}
    try:
        with websocket_connect(
            base.replace("http://", "ws://") + "/ws/ping/",
            origin=Origin(base),
            additional_headers=headers,
            open_timeout=10,
            close_timeout=5,
        ) as socket:
            socket.send('{"type": "ping", "id": 1}')
            socket.recv(timeout=10)
            return "pong", None
    except ConnectionClosed as closed:
        return "closed", closed.rcvd.code if closed.rcvd else None


@pytest.fixture
def log_dir(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def proxy() -> Iterator[PostgresProxy]:
    proxy = PostgresProxy()
    proxy.forward()
    yield proxy
    proxy.refuse()


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[OwnRedis]:
    redis = OwnRedis(tmp_path)
    redis.start()
    yield redis
    redis.stop()


def assert_recovers(browser: Browser, page: str, *, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while (answer := browser.request(page)).status != 200:
        assert answer.status == 503, answer.text[:500]
        assert time.monotonic() < deadline, f"{page} did not recover within {seconds} s"
        time.sleep(0.5)


# A page that reads the database on every request: a search is never kept for anonymous
# visitors (core/pagecache.py), whereas the plain directory may be served from the cache.
DATABASE_PAGE = "/en/groups/?q=help"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_database_down_answers_503_within_two_seconds_and_recovers(
    proxy: PostgresProxy, tmp_path: Path
):
    session = signed_in_session()
    server = Server(tmp_path / "server.log", database_url=database_url("127.0.0.1", proxy.port))
    try:
        visitor, member = Browser(server.url, "en"), Browser(server.url, "pl")
        member.set_cookie("sessionid", session)
        assert visitor.request(DATABASE_PAGE).status == 200
        assert member.request("/pl/me/").status == 200

        # PostgreSQL hangs: connections are accepted and never answered.
        proxy.silent()
        hanging = visitor.request(DATABASE_PAGE.removeprefix("/en"))  # in German
        # PostgreSQL is down: connections are refused.
        proxy.refuse()
        down = visitor.request(DATABASE_PAGE)
        # A signed-in visitor fails earlier, in the middleware that loads the session.
        member_down = member.request("/pl/me/")
        # The home page needs no database.
        home = visitor.request("/en/")
        socket_down = ping(server.url, session)

        proxy.forward()
        assert_recovers(visitor, DATABASE_PAGE, seconds=60)
        assert member.request("/pl/me/").status == 200
        assert ping(server.url, session) == ("pong", None)
        assert server.running()
    finally:
        server.stop()

    for answer, language in ((down, "en"), (member_down, "pl"), (hanging, "de")):
        assert answer.status == 503, answer.text[:2000]
        assert answer.seconds < FAIL_WITHIN_SECONDS, answer.seconds
        assert answer.headers["retry-after"] == str(outage.RETRY_AFTER_SECONDS)
        assert in_language(language, DATABASE_HEADING) in answer.text
    assert home.status == 200
    assert socket_down == ("closed", outage.CLOSE_TRY_AGAIN_LATER)


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_redis_down_refuses_limited_steps_keeps_pages_and_recovers(
    own_redis: OwnRedis, tmp_path: Path
):
    session = signed_in_session()
    server = Server(tmp_path / "server.log", database_url=database_url(), redis_url=own_redis.url)
    try:
        visitor, member = Browser(server.url, "en"), Browser(server.url, "de")
        member.set_cookie("sessionid", session)
        forms = {
            "/en/accounts/login/": {"login": "nobody@example.org", "password": "not-the-one"},
            "/en/join/": {"code": "AAA-AAA-AAA", "nickname": "Zora"},
            "/en/accounts/password/reset/": {"email": "nobody@example.org"},
        }
        for page, data in forms.items():
            assert visitor.request(page).status == 200
            assert visitor.request(page, data).status in (200, 302), page
        assert ping(server.url) == ("pong", None)

        own_redis.stop()
        pages = {page: visitor.request(page) for page in [*forms, "/en/", "/en/groups/"]}
        signed_in = member.request("/me/")
        refused = {page: visitor.request(page, data) for page, data in forms.items()}
        socket_down = ping(server.url)

        own_redis.start()
        recovered = {page: visitor.request(page, data) for page, data in forms.items()}
        socket_back = ping(server.url)
        assert server.running()
    finally:
        server.stop()

    # Pages keep working: sessions live in the database, not in Redis.
    assert {page: answer.status for page, answer in pages.items()} == dict.fromkeys(pages, 200)
    assert signed_in.status == 200
    # Rate-limited steps fail closed, with words that say why.
    for page, answer in refused.items():
        assert answer.status == 503, (page, answer.text[:2000])
        assert CACHE_HEADING in answer.text
        assert answer.headers["retry-after"] == str(outage.RETRY_AFTER_SECONDS)
        assert answer.seconds < FAIL_WITHIN_SECONDS, (page, answer.seconds)
    assert socket_down == ("closed", outage.CLOSE_TRY_AGAIN_LATER)
    # Back again: nothing to restart.
    assert {page: answer.status for page, answer in recovered.items()} == dict(
        zip(forms, (200, 200, 302), strict=True)
    )
    assert socket_back == ("pong", None)


# --- Which database errors are outages ------------------------------------------------


def raised_from(cause: BaseException) -> OperationalError:
    """As Django's cursor raises it: its own OperationalError, from the driver's."""
    try:
        try:
            raise cause
        except BaseException as error:
            raise OperationalError(str(error)) from error
    except OperationalError as wrapped:
        return wrapped


NOT_OUTAGES = [
    psycopg.errors.DeadlockDetected("deadlock detected"),
    psycopg.errors.QueryCanceled("canceling statement due to statement timeout"),
    psycopg.errors.LockNotAvailable("could not obtain lock on row"),
    psycopg.errors.SerializationFailure("could not serialize access"),
]
OUTAGES = [
    PoolTimeout("couldn't get a connection after 2.00 sec"),
    psycopg.OperationalError("connection failed: Connection refused"),
    psycopg.errors.ConnectionFailure("server closed the connection unexpectedly"),
    psycopg.errors.AdminShutdown("terminating connection due to administrator command"),
    psycopg.errors.CrashShutdown("terminating connection because of crash"),
    psycopg.errors.CannotConnectNow("the database system is starting up"),
    psycopg.errors.TooManyConnections("sorry, too many clients already"),
]


@pytest.mark.parametrize("error", NOT_OUTAGES, ids=lambda error: type(error).__name__)
def test_a_database_that_answers_with_an_error_is_not_an_outage(error: psycopg.Error):
    assert outage.failed_service(error) is None
    assert outage.failed_service(raised_from(error)) is None


@pytest.mark.parametrize("error", OUTAGES, ids=lambda error: type(error).__name__)
def test_a_database_that_cannot_be_reached_is_an_outage(error: psycopg.Error):
    assert outage.failed_service(error) == Service.DATABASE
    assert outage.failed_service(raised_from(error)) == Service.DATABASE


def fail_with_deadlock(request: HttpRequest) -> HttpResponse:
    raise raised_from(psycopg.errors.DeadlockDetected("deadlock detected"))


urlpatterns.append(path("test-outage/deadlock/", fail_with_deadlock))


@pytest.mark.urls("gemeinwerk.core.tests.test_outages")
def test_a_deadlock_is_a_500_logged_with_its_traceback(
    client: Client, caplog: pytest.LogCaptureFixture
):
    client.raise_request_exception = False

    with caplog.at_level("ERROR", logger="django.request"):
        response = client.get("/test-outage/deadlock/")

    assert response.status_code == 500
    assert "Retry-After" not in response
    logged = [record for record in caplog.records if record.name == "django.request"]
    assert logged
    assert logged[0].exc_info is not None
    assert isinstance(logged[0].exc_info[1], OperationalError)


# --- The backend's fast-fail: only for a database that cannot be reached -----------------


@pytest.fixture
def pooled() -> Iterator[Callable[..., DatabaseWrapper]]:
    """Wrappers on pools of their own (own aliases), closed afterwards."""
    made: list[DatabaseWrapper] = []

    def make(alias: str, pool: dict[str, Any] | None = None, **settings: Any) -> DatabaseWrapper:
        options = {**connection.settings_dict["OPTIONS"]}
        options["pool"] = {"min_size": 1, "max_size": 1, "timeout": 0.5, **(pool or {})}
        if pool is False:
            options.pop("pool")
        wrapper = DatabaseWrapper(
            {**connection.settings_dict, "OPTIONS": options, **settings}, alias=alias
        )
        made.append(wrapper)
        return wrapper

    yield make
    for wrapper in made:
        if wrapper.pool is not None:
            wrapper.close_pool()


def new_connection(wrapper: DatabaseWrapper) -> Any:
    return wrapper.get_new_connection(wrapper.get_connection_params())


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_busy_pool_makes_requests_wait_their_turn_not_fail_at_once(pooled: Any):
    first = pooled("busy-pool")
    held = new_connection(first)
    try:
        # All (one) connections busy: the second waits the pool's timeout.
        with pytest.raises(PoolTimeout):
            new_connection(pooled("busy-pool"))
        # The database is there: the third waits its turn too, it is not told at once
        # that PostgreSQL is unreachable.
        with pytest.raises(PoolTimeout):
            new_connection(pooled("busy-pool"))
    finally:
        first.pool.putconn(held)
    # And once a connection is free, the next one gets it.
    again = pooled("busy-pool")
    first.pool.putconn(new_connection(again))


@pytest.mark.postgres
@pytest.mark.django_db
def test_an_unreachable_database_fails_the_next_request_at_once(pooled: Any):
    from gemeinwerk.core.tests.outage_tools import free_port

    unreachable = {"HOST": "127.0.0.1", "PORT": free_port()}
    with pytest.raises(PoolTimeout):
        new_connection(pooled("unreachable-pool", **unreachable))

    with pytest.raises(psycopg.OperationalError, match="unreachable a moment ago"):
        new_connection(pooled("unreachable-pool", **unreachable))


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_database_that_refuses_by_name_is_not_taken_for_an_outage(pooled: Any):
    # A configuration error (the server answers: no such database), not an outage.
    with pytest.raises(PoolTimeout):
        new_connection(pooled("misnamed-pool", NAME="gemeinwerk_no_such_database"))

    with pytest.raises(PoolTimeout):  # waited again, not refused at once
        new_connection(pooled("misnamed-pool", NAME="gemeinwerk_no_such_database"))


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_test_runner_can_fall_back_from_the_postgres_database(pooled: Any):
    # Django's _nodb_cursor: a connection without a pool to the `postgres` database;
    # when that fails, at once another to the project's database. The first failure
    # must not make the second give up without trying.
    with pytest.raises(psycopg.OperationalError, match="does not exist"):
        new_connection(pooled(NO_DB_ALIAS, pool=False, NAME="gemeinwerk_no_such_database"))

    fallback = new_connection(pooled(NO_DB_ALIAS, pool=False))
    fallback.close()


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_long_outage_keeps_failing_fast_while_the_pool_retries_slowly(pooled: Any):
    from gemeinwerk.core.postgresql import base as backend
    from gemeinwerk.core.tests.outage_tools import free_port

    unreachable = {"HOST": "127.0.0.1", "PORT": free_port()}
    with pytest.raises(PoolTimeout):
        new_connection(pooled("long-outage", **unreachable))
    # The pool's last failed attempt lies further back than the break (it retries ever
    # more slowly): this request waits the pool's timeout again ...
    backend._unreachable_since["long-outage"] -= backend.BREAK_SECONDS
    with pytest.raises(PoolTimeout):
        new_connection(pooled("long-outage", **unreachable))
    # ... and having waited in vain, the next is answered at once again.
    with pytest.raises(psycopg.OperationalError, match="unreachable a moment ago"):
        new_connection(pooled("long-outage", **unreachable))
