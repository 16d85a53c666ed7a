"""Context every page template needs: navigation, language links, text size.

The navigation's entries are registered by the apps that own the pages
(gemeinwerk/core/navigation.py)."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import Resolver404, ResolverMatch, resolve, reverse
from django.urls.exceptions import NoReverseMatch
from django.utils.translation import get_language, get_language_info, override

from gemeinwerk.core import navigation, preferences
from gemeinwerk.core.permissions import may


def _personal_navigation(request: HttpRequest, match: ResolverMatch | None) -> list[dict[str, Any]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    view_name = match.view_name if match else ""
    return [
        {
            "name": entry.url_name,
            "url": reverse(entry.url_name),
            "label": entry.label,
            "current": entry.is_current(view_name),
            "badge": entry.badge(user) if entry.badge else "",
        }
        for entry in navigation.personal_entries()
        if may(user, entry.permission)
    ]


def _url_in_language(match: ResolverMatch | None, language: str, query: str) -> str:
    """The current page in another language (with its filters), or that language's home
    page."""
    with override(language):
        if match is not None and match.url_name:
            try:
                path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                pass
            else:
                return f"{path}?{query}" if query else path
        return reverse("core:home")


def site(request: HttpRequest) -> dict[str, Any]:
    current = get_language()
    try:
        match: ResolverMatch | None = resolve(request.path_info)
    except Resolver404:
        match = None
    view_name = match.view_name if match else ""
    return {
        "navigation": [
            {
                "url": reverse(entry.url_name),
                "label": entry.label,
                "current": entry.url_name == view_name,
            }
            for entry in navigation.main_entries()
        ],
        "language_links": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": _url_in_language(match, code, request.GET.urlencode()),
                "current": code == current,
            }
            for code, _name in settings.LANGUAGES
        ],
        "personal_navigation": _personal_navigation(request, match),
        **preferences.as_context(request),
        "operator": settings.GEMEINWERK_OPERATOR,
        "session_idle_seconds": settings.SESSION_IDLE_SECONDS,
    }
