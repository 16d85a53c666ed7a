"""The first visit to the home page follows the browser's language.

Addresses carry the language (German unprefixed, /pl/ and /en/; gemeinwerk/urls.py), so
a shared link always opens in the language it was shared in. Only the bare home page,
where a newcomer typically arrives by typing the address, asks the browser: a browser
that prefers Polish or English is sent on to /pl/ or /en/. German stays the default
(no Accept-Language, or one we do not speak).

Whoever has chosen is left alone: a visitor who comes to "/" from one of our own pages
(the Referer is our host) clicked the German language link or the German home link,
and one with Django's language cookie keeps the language it names. That cookie
remembers the choice: a page reached from one of our own pages sets it to the page's
language (a language link, or simply going on in a language), so a later visit to "/"
by a typed address or a bookmark stays in it.
"""

from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from asgiref.sync import iscoroutinefunction
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.decorators import sync_and_async_middleware

HOME = "/"


def _came_from_this_site(request: HttpRequest) -> bool:
    referer = request.headers.get("Referer", "")
    return bool(referer) and urlsplit(referer).netloc == request.get_host()


def browser_language(request: HttpRequest) -> str | None:
    """The language to send a visitor of the bare home page to, or None to stay German."""
    if request.method not in ("GET", "HEAD") or request.path_info != HOME:
        return None
    if _came_from_this_site(request):
        return None
    # The language cookie first, then Accept-Language, then LANGUAGE_CODE (German).
    language = translation.get_language_from_request(request, check_path=False)
    return None if language == settings.LANGUAGE_CODE else language


def _redirect(request: HttpRequest, language: str) -> HttpResponse:
    with translation.override(language):
        url = reverse("core:home")
    query = request.META.get("QUERY_STRING", "")
    response = HttpResponseRedirect(f"{url}?{query}" if query else url)
    _vary(response)
    # It depends on the Referer as well: no shared cache may keep it.
    patch_cache_control(response, private=True, no_cache=True)
    return response


def _remember(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A page reached from one of our own pages keeps its language in the cookie."""
    language = getattr(request, "LANGUAGE_CODE", None)
    if (
        request.method != "GET"
        or response.status_code != 200
        or language is None
        or not _came_from_this_site(request)
        or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) == language
    ):
        return response
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    patch_cache_control(response, private=True)
    return response


def _vary(response: HttpResponse) -> HttpResponse:
    # A shared cache must not hand one browser's answer to another: it depends on the
    # browser's languages, the language cookie and, for a visitor whose browser prefers
    # another language, where they came from (so that answer is kept private).
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def _home_page(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if request.path_info != HOME:
        return response
    _vary(response)
    language = translation.get_language_from_request(request, check_path=False)
    if language != settings.LANGUAGE_CODE:
        patch_cache_control(response, private=True)
    return response


@sync_and_async_middleware
def browser_language_middleware(
    get_response: Callable[[HttpRequest], HttpResponse | Awaitable[HttpResponse]],
) -> Callable[[HttpRequest], HttpResponse | Awaitable[HttpResponse]]:
    if iscoroutinefunction(get_response):

        async def async_middleware(request: HttpRequest) -> HttpResponse:
            language = browser_language(request)
            if language is not None:
                return _redirect(request, language)
            response = await get_response(request)
            return _remember(request, _home_page(request, response))

        return async_middleware

    def middleware(request: HttpRequest) -> HttpResponse:
        language = browser_language(request)
        if language is not None:
            return _redirect(request, language)
        response: HttpResponse = get_response(request)  # type: ignore[assignment]
        return _remember(request, _home_page(request, response))

    return middleware
