"""Pages of the platform core: home, privacy, display preferences, health, errors."""

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from gemeinwerk.core import outage, preferences
from gemeinwerk.core.acting import allowed_while_acting
from gemeinwerk.core.health import run_checks
from gemeinwerk.core.preferences import TextSize

logger = logging.getLogger(__name__)


@allowed_while_acting
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@allowed_while_acting
@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@allowed_while_acting
@require_safe
def house_rules(request: HttpRequest) -> HttpResponse:
    return render(request, "core/house_rules.html", {"version": settings.HOUSE_RULES_VERSION})


def safe_next_url(request: HttpRequest, fallback: str) -> str:
    """The `next` parameter if it points into this site, else the fallback."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


@allowed_while_acting(changes_for_the_person=False)
@require_POST
def text_size(request: HttpRequest) -> HttpResponse:
    """Switch between normal and large text (core/preferences.py)."""
    size = TextSize.from_cookie(request.POST.get("size"))
    response = HttpResponseRedirect(safe_next_url(request, reverse("core:home")))
    preferences.remember(request, response, large_text=size == TextSize.LARGE)
    return response


@allowed_while_acting(changes_for_the_person=False)
@require_POST
def plain_language(request: HttpRequest) -> HttpResponse:
    """Switch plain language on or off for the key pages (core/preferences.py)."""
    response = HttpResponseRedirect(safe_next_url(request, reverse("core:home")))
    preferences.remember(request, response, plain_language=request.POST.get("plain") == "on")
    return response


@never_cache
@require_safe
async def healthz(request: HttpRequest) -> JsonResponse:
    checks = await run_checks()
    healthy = all(report["status"] == "ok" for report in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
    )


# --- Error pages -------------------------------------------------------------------


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # A bad Host header also lands here: the page must not need the host or the database.
    return _minimal_error_page("400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # The database or Redis down: 503 and words that say so (gemeinwerk/core/outage.py).
    unavailable = outage.response_for_current_exception()
    if unavailable is not None:
        return unavailable
    return _minimal_error_page("500.html", 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


def _minimal_error_page(template: str, status: int) -> HttpResponse:
    """Render without request context: no session, user or database involved."""
    try:
        body: str = render_to_string(template, {"LANGUAGE_CODE": get_language()})
    except Exception:
        logger.exception("error page %s could not be rendered", template)
        body = f"<!DOCTYPE html><title>{status}</title><h1>{status}</h1>"
    return HttpResponse(body, status=status)
