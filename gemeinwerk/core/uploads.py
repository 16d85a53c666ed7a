"""Request bodies above REQUEST_BODY_MAX_BYTES are refused before they are read.

Under ASGI, Django reads the whole body into a temporary file before any middleware or
view runs: a 100 MB "profile picture" would fill memory and disk first and be refused
only then. `limit_request_body` wraps the ASGI application and stops reading at the
limit: a body announced as larger (Content-Length) is not read at all, a body without a
length (chunked) is cut where it passes the limit. Django then gets an empty body and
`request_body_limit_middleware` answers with a translated 413 page. The proxy in front
should refuse such bodies even earlier (client_max_body_size, docs/operations.md).
"""

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[..., Awaitable[None]]

# Set in the scope when the body was not read; the middleware answers 413.
TOO_LARGE = "gemeinwerk.body_too_large"


def _announced_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def limit_request_body(app: ASGIApp) -> ASGIApp:
    async def application(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        limit: int = settings.REQUEST_BODY_MAX_BYTES
        announced = _announced_length(scope)
        refused = announced is not None and announced > limit
        if refused:
            scope[TOO_LARGE] = True
        received = 0
        ended = False

        async def limited_receive() -> Message:
            nonlocal refused, received, ended
            if refused:
                if not ended:
                    # The body ends here for Django: it reads no further byte.
                    ended = True
                    return {"type": "http.request", "body": b"", "more_body": False}
                # Django then waits for a disconnect while it answers, and stops
                # waiting once the answer is sent.
                return await asyncio.Future()
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    refused = True
                    scope[TOO_LARGE] = True
                    ended = True
                    return {"type": "http.request", "body": b"", "more_body": False}
            return message

        async def closing_send(message: Message) -> None:
            # The rest of the body stays unread: the connection cannot serve another
            # request and is closed once the answer is out.
            if refused and message["type"] == "http.response.start":
                headers = [*message.get("headers", []), (b"connection", b"close")]
                message = {**message, "headers": headers}
            await send(message)

        await app(scope, limited_receive, closing_send)

    return application


def _too_large(request: HttpRequest) -> bool:
    scope = getattr(request, "scope", None)
    if scope is not None and scope.get(TOO_LARGE):
        return True
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > settings.REQUEST_BODY_MAX_BYTES


def request_body_limit_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    # Last in MIDDLEWARE: session, language, CSRF cookie, user and CSP nonce are known
    # (the page looks as usual), and no view or CSRF check has read the body.
    def middleware(request: HttpRequest) -> HttpResponse:
        if _too_large(request):
            megabytes = settings.REQUEST_BODY_MAX_BYTES // (1024 * 1024)
            return render(request, "413.html", {"megabytes": megabytes}, status=413)
        return get_response(request)

    return middleware
