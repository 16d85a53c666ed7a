"""Context every page template needs: navigation, language links, text size."""

from typing import Any

import rules
from django.conf import settings
from django.http import HttpRequest
from django.urls import Resolver404, ResolverMatch, resolve, reverse
from django.urls.exceptions import NoReverseMatch
from django.utils.translation import get_language, get_language_info, override
from django.utils.translation import gettext_lazy as _

from gemeinwerk.core.preferences import TEXT_SIZE_COOKIE, TextSize

# The main navigation: (URL name, label). Apps add their entry here as they arrive.
NAVIGATION = [
    ("core:home", _("Home")),
    ("places:list", _("Contact points")),
    ("groups:list", _("Self-help groups")),
    ("join:form", _("Join a meeting")),
    ("core:help", _("Help")),
]

# Personal entries beside "My account", so that each role finds its own screens from
# every page: hosts their groups, staff the console. (URL name, label, permission, the
# pages that mark the entry current: a view name or a whole namespace "staff:"). The
# permissions are asked of the rules alone, without Django's model permissions (two
# queries a page): the rules decide them anyway. The account page lists them too.
PERSONAL_NAVIGATION = [
    ("groups:mine", _("My groups"), "groups.list_own_groups", "groups:mine"),
    ("staff:queue", _("Staff console"), "accounts.find_staff_console", "staff:"),
    ("admin:index", _("Administration"), "accounts.find_admin", "admin:"),
]


def _personal_navigation(request: HttpRequest, match: ResolverMatch | None) -> list[dict[str, Any]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    view_name = match.view_name if match else ""
    return [
        {
            "url": reverse(name),
            "label": label,
            "current": view_name == current_for
            or (current_for.endswith(":") and view_name.startswith(current_for)),
        }
        for name, label, permission, current_for in PERSONAL_NAVIGATION
        if rules.has_perm(permission, user)
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
            {"url": reverse(name), "label": label, "current": name == view_name}
            for name, label in NAVIGATION
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
        "text_size": TextSize.from_cookie(request.COOKIES.get(TEXT_SIZE_COOKIE)),
        "operator": settings.GEMEINWERK_OPERATOR,
        "session_idle_seconds": settings.SESSION_IDLE_SECONDS,
    }
