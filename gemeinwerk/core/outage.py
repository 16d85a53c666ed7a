"""When PostgreSQL or Redis cannot be reached: a plain 503 page instead of a 500, and a
WebSocket close with a code instead of a dropped connection.

HTTP: every uncaught exception ends in the 500 handler (gemeinwerk.core.views
.server_error), wherever it was raised, in a view or in a middleware that loads the
session. The handler asks `unavailable_response()` first: if the exception (or what it
was raised from) says a service is down, the visitor gets 503 with Retry-After and words
that fit: "we are having trouble" for the database; for the cache, that the step they
tried (signing in, joining a meeting, resetting a password) is paused, because its
protection against repeated attempts cannot count right now. Rate limits fail closed:
the step is not carried out. The page is rendered without the request's context, so no
session, user or database is touched while drawing it.

WebSockets: `CloseOnFailure` wraps the WebSocket application. A consumer that raises
(the channel layer or the cache down, the database gone) would otherwise leave the ASGI
server to drop the TCP connection without a close frame; the browser then sees 1006 and
cannot tell an outage from a network cut. Here it gets 1013 "try again later" for an
outage and 1011 "internal error" for anything else, and the server process goes on.
"""

import logging
import sys
from collections.abc import Awaitable, Callable, MutableMapping
from enum import StrEnum
from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language

from gemeinwerk.core.postgresql.failures import is_unreachable_sqlstate

logger = logging.getLogger(__name__)

# Seconds a browser (or a proxy) should wait before asking again.
RETRY_AFTER_SECONDS = 30
# RFC 6455 close codes.
CLOSE_INTERNAL_ERROR = 1011
CLOSE_TRY_AGAIN_LATER = 1013


class Service(StrEnum):
    DATABASE = "database"
    CACHE = "cache"


def _cache_errors() -> tuple[type[BaseException], ...]:
    try:
        from redis import exceptions as redis_errors
    except ImportError:  # pragma: no cover - redis is a dependency
        return ()
    # Refused, reset, timed out or still loading: the cache and the channel layer.
    return (redis_errors.ConnectionError, redis_errors.TimeoutError)


CACHE_ERRORS = _cache_errors()
# Django's wrappers. Which of them mean an outage is decided by the driver's error
# they were raised from, when there is one (_driver_verdict).
DATABASE_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)


def _driver_verdict(error: BaseException) -> bool | None:
    """For a psycopg error: is it an outage? None for anything else.

    Only errors that say PostgreSQL cannot be reached count: the pool had no
    connection in time (PoolTimeout), a connection failed or was cut (no SQLSTATE, or
    class 08), the server is shutting down or starting up (57P01-57P03) or full
    (53300). A deadlock, a statement timeout, a lock not available or a serialization
    failure is an OperationalError too, but the database answered: that stays a 500,
    logged with its traceback, so that the bug behind it is seen."""
    try:
        import psycopg
        from psycopg_pool import PoolTimeout
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return None
    if isinstance(error, PoolTimeout):
        return True
    if isinstance(error, psycopg.OperationalError | psycopg.InterfaceError):
        return is_unreachable_sqlstate(error.sqlstate)
    if isinstance(error, psycopg.Error):
        return False
    return None


def _chain(error: BaseException | None) -> list[BaseException]:
    """`error` and what it was raised from (Django wraps the driver's errors that way)."""
    chain: list[BaseException] = []
    while error is not None and all(error is not seen for seen in chain):
        chain.append(error)
        error = error.__cause__
    return chain


def failed_service(error: BaseException | None) -> Service | None:
    """The service whose outage caused `error`, following `raise ... from`; None for
    any other error, including database errors that are not outages."""
    chain = _chain(error)
    for position, link in enumerate(chain):
        if isinstance(link, CACHE_ERRORS):
            return Service.CACHE
        verdict = _driver_verdict(link)
        if verdict is not None:
            return Service.DATABASE if verdict else None
        if isinstance(link, DATABASE_ERRORS):
            # Django's wrapper: the driver's error behind it decides, if there is one.
            behind = [v for v in map(_driver_verdict, chain[position + 1 :]) if v is not None]
            if behind:
                return Service.DATABASE if behind[0] else None
            return Service.DATABASE
    return None


def unavailable_response(service: Service) -> HttpResponse:
    body: str
    try:
        body = render_to_string(
            "503.html", {"LANGUAGE_CODE": get_language(), "service": str(service)}
        )
    except Exception:
        logger.exception("error page 503.html could not be rendered")
        body = "<!DOCTYPE html><title>503</title><h1>503</h1>"
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def response_for_current_exception() -> HttpResponse | None:
    """For the 500 handler: a 503 if the exception being handled is an outage.

    Django calls the handler inside its `except` block; under ASGI in another thread,
    into which asgiref re-raises the exception, so sys.exc_info() holds it either way.
    """
    service = failed_service(sys.exc_info()[1])
    if service is None:
        return None
    logger.warning("answered 503: the %s cannot be reached", service)
    return unavailable_response(service)


Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class CloseOnFailure:
    """ASGI middleware: a WebSocket whose application fails is closed with a code."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket":
            await self.app(scope, receive, send)
            return
        sent: set[str] = set()

        async def watched_send(message: Message) -> None:
            await send(message)
            sent.add(message["type"])

        try:
            await self.app(scope, receive, watched_send)
        except Exception as error:
            service = failed_service(error)
            if "websocket.close" not in sent:
                await self._close(send, sent, service)
            if service is None:
                raise
            # An outage is logged once per connection, without a traceback: the error
            # says all there is to say, and a traceback per visitor floods the log.
            logger.warning(
                "WebSocket closed: the %s cannot be reached (%s)", service, type(error).__name__
            )

    @staticmethod
    async def _close(send: Send, sent: set[str], service: Service | None) -> None:
        code = CLOSE_INTERNAL_ERROR if service is None else CLOSE_TRY_AGAIN_LATER
        try:
            if "websocket.accept" not in sent:
                # Accepted only to say why: a refused handshake reaches the page as
                # 1006, which it cannot tell from a network cut.
                await send({"type": "websocket.accept"})
            await send({"type": "websocket.close", "code": code})
        except Exception:
            # The browser is gone already: nothing to tell.
            logger.debug("WebSocket closed before it could be told why")
