"""Caching headers for signed-in people.

Contact points lend their PCs to visitors: whatever a signed-in person saw must not stay
in the browser's cache (or come back with the Back button) after they sign out and the
next visitor sits down. Pages for anonymous visitors stay cacheable as before.
"""

from collections.abc import Awaitable, Callable

from asgiref.sync import iscoroutinefunction, sync_to_async
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.decorators import sync_and_async_middleware


def _signed_in(request: HttpRequest) -> bool:
    # Read after the view: signing in or out during the request counts.
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _no_store(response: HttpResponse) -> HttpResponse:
    # A response that already forbids storing (never_cache, the data export) keeps its
    # own wording; any other one, e.g. a profile picture cached for five minutes, is
    # stored nowhere while someone is signed in.
    if "no-store" not in response.get("Cache-Control", ""):
        if "max-age" in response.get("Cache-Control", ""):
            del response["Cache-Control"]
        patch_cache_control(response, no_store=True, private=True)
    return response


@sync_and_async_middleware
def no_store_when_signed_in_middleware(
    get_response: Callable[[HttpRequest], HttpResponse | Awaitable[HttpResponse]],
) -> Callable[[HttpRequest], HttpResponse | Awaitable[HttpResponse]]:
    if iscoroutinefunction(get_response):

        async def async_middleware(request: HttpRequest) -> HttpResponse:
            response = await get_response(request)
            # request.user is lazy; reading it may query the session and the account.
            if await sync_to_async(_signed_in)(request):
                return _no_store(response)
            return response

        return async_middleware

    def middleware(request: HttpRequest) -> HttpResponse:
        response: HttpResponse = get_response(request)  # type: ignore[assignment]
        return _no_store(response) if _signed_in(request) else response

    return middleware
