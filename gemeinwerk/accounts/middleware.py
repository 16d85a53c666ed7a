"""Request-time rules of the account system: session lifetime, staff acting for an
assisted member, and the second factor for privileged roles."""

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from gemeinwerk import audit
from gemeinwerk.accounts.models import AssistedAccount
from gemeinwerk.accounts.rules import (
    completed_two_factor,
    has_two_factor,
    is_privileged,
    may_act_for,
)
from gemeinwerk.accounts.services.assisted import ACTING_FOR_KEY
from gemeinwerk.accounts.sessions import DEVICE_KEY, SEEN_KEY, STARTED_KEY, describe_device
from gemeinwerk.audit.context import acting_for

Handler = Callable[[HttpRequest], HttpResponse]
# A request counts as activity; the session is written at most this often for it.
SEEN_RESOLUTION_SECONDS = 60


def session_limits() -> tuple[int, int]:
    return settings.SESSION_IDLE_SECONDS, settings.SESSION_MAX_SECONDS


def route_of(request: HttpRequest) -> tuple[str, str]:
    """(namespace, view name) of the request's path, empty if it matches nothing."""
    route: tuple[str, str] | None = getattr(request, "_gw_route", None)
    if route is None:
        try:
            match = resolve(request.path_info)
            # The top namespace: "staff:groups" pages belong to the staff console too.
            route = (match.namespace.split(":")[0], match.view_name)
        except Resolver404:
            route = ("", "")
        request._gw_route = route  # type: ignore[attr-defined]
    return route


def session_lifetime_middleware(get_response: Handler) -> Handler:
    """Sign out after SESSION_IDLE_SECONDS without a request, and SESSION_MAX_SECONDS
    after signing in at the latest."""

    def middleware(request: HttpRequest) -> HttpResponse:
        session = request.session
        if request.user.is_authenticated and STARTED_KEY in session:
            now = time.time()
            idle, lifetime = session_limits()
            too_long = now - session[STARTED_KEY] > lifetime
            if too_long or now - session.get(SEEN_KEY, 0) > idle:
                logout(request)
                messages.info(
                    request,
                    _("For your safety, please sign in again after some hours.")
                    if too_long
                    else _("You were signed out because nothing happened for a while."),
                )
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{reverse('account_login')}?{query}")
            if now - session.get(SEEN_KEY, 0) > SEEN_RESOLUTION_SECONDS:
                session[SEEN_KEY] = now
        response = get_response(request)
        if request.user.is_authenticated and STARTED_KEY not in session:
            # Just signed in: the clock starts now.
            now = time.time()
            session[STARTED_KEY] = now
            session[SEEN_KEY] = now
            session[DEVICE_KEY] = describe_device(request.headers.get("user-agent", ""))
        return response

    return middleware


# Pages a member uses to protect or leave their account, and the staff pages: never while
# staff act for someone. allauth's views are named account_* and mfa_*.
BLOCKED_WHILE_ACTING = {"staff", "admin"}
# Stopping, signing out and keeping the session alive always work, and are no change made
# for the person (so they are not recorded as one); nor is the text size.
ALLOWED_WHILE_ACTING = {"staff:act_stop", "account_logout", "me:session_extend", "core:text_size"}
BLOCKED_PREFIXES_WHILE_ACTING = ("account_", "mfa_")
BLOCKED_VIEWS_WHILE_ACTING = {
    "me:delete",
    "me:sessions",
    "me:session_end",
    "me:sessions_end_others",
    "me:export",
}


def acting_for_middleware(get_response: Handler) -> Handler:
    """While staff act for an assisted member, requests run as that member; every change
    is recorded with the staff member as actor."""

    def middleware(request: HttpRequest) -> HttpResponse:
        member_id = request.session.get(ACTING_FOR_KEY)
        if member_id is None or not request.user.is_authenticated:
            return get_response(request)
        staff = request.user
        assisted = (
            AssistedAccount.objects.select_related("user", "contact_point")
            .filter(user_id=member_id)
            .first()
        )
        if assisted is None or not may_act_for(staff, assisted.user):
            del request.session[ACTING_FOR_KEY]
            messages.warning(request, _("You no longer act for this person."))
            return get_response(request)

        member = assisted.user
        request.acting_staff = staff  # type: ignore[attr-defined]
        request.user = member

        async def auser() -> Any:
            return member

        request.auser = auser
        namespace, view_name = route_of(request)
        if view_name not in ALLOWED_WHILE_ACTING and (
            namespace in BLOCKED_WHILE_ACTING
            or view_name.startswith(BLOCKED_PREFIXES_WHILE_ACTING)
            or view_name in BLOCKED_VIEWS_WHILE_ACTING
        ):
            return render(
                request, "accounts/acting_blocked.html", {"member": assisted.user}, status=403
            )
        # One transaction for the change and its audit row. Services record their own
        # events (with the staff member as actor); a change without one gets a general row.
        with transaction.atomic(), acting_for(staff=staff, member=member) as acting:
            response = get_response(request)
            changed = request.method == "POST" and response.status_code < 400
            if changed and view_name not in ALLOWED_WHILE_ACTING and not acting.recorded:
                audit.record(
                    actor=staff,
                    action="assisted.acted",
                    subject=member,
                    on_behalf_of=member,
                    after={"view": view_name},
                )
        return response

    return middleware


TWO_FACTOR_NAMESPACES = {"staff", "admin"}


def two_factor_for_privileged_middleware(get_response: Handler) -> Handler:
    """A friendly way into the staff console and the admin for staff, coordinators and
    admins who have not completed two-factor login in this session: to setting it up, or
    to confirming it. Not the guard: the powers themselves require completed two-factor
    login wherever they are used (accounts.rules.active_roles_of, User.has_perm), so
    elsewhere such an account simply acts as the member it also is."""

    def middleware(request: HttpRequest) -> HttpResponse:
        namespace, _view = route_of(request)
        user = request.user
        if (
            namespace in TWO_FACTOR_NAMESPACES
            and is_privileged(user)
            and not completed_two_factor(user)
        ):
            if has_two_factor(user):
                # Set up, but this session never asked for it (signed in before it was
                # set up): confirm it once, then come back.
                messages.warning(
                    request,
                    _("Please confirm with your authenticator app to open the staff pages."),
                )
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{query}")
            messages.warning(
                request,
                _(
                    "Your role needs two-factor login. Set up an authenticator app first; "
                    "then the staff pages open."
                ),
            )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return get_response(request)

    return middleware
