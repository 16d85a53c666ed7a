"""What the staff console shows, registered by the apps that own it.

The console is a frame: its navigation, its URLs and the panels on a member's page come
from the apps, each from its own AppConfig.ready(), so that a new app brings its console
screens without editing accounts or the console:

- URL modules (`register_urls`): included under /staff/<prefix> in the "staff" namespace.
  A module with an `app_name` gets a namespace of its own below it ("staff:groups:...").
- navigation entries (`register_nav`): the console's own menu, for those a permission
  admits.
- member panels (`register_member_panel`): sections on a member's page in the console
  (staff:member), shown to those a permission admits, rendered with the app's template
  and the context its function returns.

`order` places an entry or a panel; the numbers leave gaps for apps arriving later. Two
entries with the same name or the same order are refused: the order must not depend on
which app happened to load first. Today's navigation: Verification queue 10, Find a
member 20, New assisted account 30, Roles 40, Self-help groups 50, Networks 55,
Appointments 62, Follow-ups 64, Newcomers 66, Help texts 80, Audit trail 90.

Django reads the URLconf lazily, on the first request or reverse(); every ready() has
run by then. A URL module registered after the console's URLs were read would be
missing without a word, so that is refused, and so is reading them before the apps are
ready.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.urls import URLResolver, include, path, reverse

# A console menu entry is a header entry of the same shape (URL name, label, rule, the
# pages that mark it current, order); only the menu that shows it differs.
from gemeinwerk.core.navigation import PersonalEntry as NavEntry
from gemeinwerk.core.permissions import may

# request, member -> the panel's template context (beside the member page's own).
PanelContext = Callable[[HttpRequest, Any], dict[str, Any]]


@dataclass(frozen=True)
class UrlModule:
    prefix: str  # "" or ending in "/"
    urlconf: str  # dotted path, imported when Django first reads the URLconf


@dataclass(frozen=True)
class MemberPanel:
    template_name: str
    context: PanelContext
    # Asked with core.permissions.may(user, permission, member).
    permission: str
    order: int


@dataclass(frozen=True)
class ShownPanel:
    template_name: str
    context: dict[str, Any]


def _no_context(request: HttpRequest, member: Any) -> dict[str, Any]:
    return {}


_urls: dict[str, UrlModule] = {}
_nav: dict[str, NavEntry] = {}
_member_panels: dict[str, MemberPanel] = {}
# Set once the console's URLconf has taken the URL modules.
_urls_read = False


def _check_order(kind: str, name: str, order: int, taken: dict[int, str]) -> None:
    if order in taken:
        raise ValueError(f"console {kind} order {order} of {name!r} taken by {taken[order]!r}")


# --- URLs -----------------------------------------------------------------------------


def register_urls(prefix: str, urlconf: str) -> None:
    if _urls_read:
        raise ImproperlyConfigured(
            f"console URLs {urlconf!r} registered after the URLconf was read: "
            "register them in AppConfig.ready()"
        )
    if prefix and not prefix.endswith("/"):
        raise ValueError(f"console URL prefix {prefix!r} must end with '/'")
    if prefix in _urls:
        raise ValueError(f"console URL prefix {prefix!r} taken by {_urls[prefix].urlconf!r}")
    _urls[prefix] = UrlModule(prefix, urlconf)


def url_modules() -> list[UrlModule]:
    return list(_urls.values())


def url_patterns() -> list[URLResolver]:
    """The console's URL patterns, in the order the apps registered them."""
    global _urls_read
    if not apps.ready:
        raise ImproperlyConfigured(
            "the console's URLs were read before every app registered its own "
            "(a reverse() or URLconf import in some AppConfig.ready()?)"
        )
    _urls_read = True
    return [path(module.prefix, include(module.urlconf)) for module in _urls.values()]


# --- Navigation -----------------------------------------------------------------------


def register_nav(
    url_name: str, label: Any, *, permission: str, order: int, current_for: str = ""
) -> None:
    if url_name in _nav:
        raise ValueError(f"console navigation entry {url_name!r} registered twice")
    _check_order("navigation", url_name, order, {e.order: e.url_name for e in _nav.values()})
    _nav[url_name] = NavEntry(url_name, label, permission, current_for or url_name, order)


def nav_entries() -> list[NavEntry]:
    return sorted(_nav.values(), key=lambda entry: entry.order)


def nav_for(request: HttpRequest) -> list[dict[str, Any]]:
    """The entries the request's user may see, the current page's marked."""
    match = request.resolver_match
    view_name = match.view_name if match is not None else ""
    return [
        {
            "url": reverse(entry.url_name),
            "label": entry.label,
            "current": entry.is_current(view_name),
        }
        for entry in nav_entries()
        if may(request.user, entry.permission)
    ]


# --- Panels on a member's page --------------------------------------------------------


def register_member_panel(
    template_name: str,
    *,
    permission: str,
    order: int,
    context: PanelContext = _no_context,
) -> None:
    if template_name in _member_panels:
        raise ValueError(f"console member panel {template_name!r} registered twice")
    taken = {panel.order: panel.template_name for panel in _member_panels.values()}
    _check_order("member panel", template_name, order, taken)
    _member_panels[template_name] = MemberPanel(template_name, context, permission, order)


def member_panels() -> list[MemberPanel]:
    return sorted(_member_panels.values(), key=lambda panel: panel.order)


def member_panels_for(request: HttpRequest, member: Any) -> list[ShownPanel]:
    """The panels the request's user may see on this member's page, with their context."""
    return [
        ShownPanel(panel.template_name, panel.context(request, member))
        for panel in member_panels()
        if may(request.user, panel.permission, member)
    ]
