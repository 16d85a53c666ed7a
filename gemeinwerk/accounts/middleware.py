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
from django.urls import Resolver404, ResolverMatch, resolve, reverse
from django.utils.translation import gettext as _

from gemeinwerk import audit
from gemeinwerk.accounts.audit_actions import AuditAction
from gemeinwerk.accounts.models import AssistedAccount
from gemeinwerk.accounts.rules import (
    completed_two_factor,
    has_two_factor,
    is_privileged,
)
from gemeinwerk.accounts.services.assisted import ACTING_FOR_KEY
from gemeinwerk.accounts.sessions import DEVICE_KEY, SEEN_KEY, STARTED_KEY, describe_device
from gemeinwerk.audit.context import acting_for
from gemeinwerk.core.acting import WhileActing, while_acting
from gemeinwerk.core.permissions import may

Handler = Callable[[HttpRequest], HttpResponse]
# A request counts as activity; the session is written at most this often for it.
SEEN_RESOLUTION_SECONDS = 60


def session_limits() -> tuple[int, int]:
    return settings.SESSION_IDLE_SECONDS, settings.SESSION_MAX_SECONDS


def match_of(request: HttpRequest) -> ResolverMatch | None:
    """The view the request's path resolves to, None if it matches nothing."""
    if not hasattr(request, "_gw_match"):
        try:
            request._gw_match = resolve(request.path_info)  # type: ignore[attr-defined]
        except Resolver404:
            request._gw_match = None  # type: ignore[attr-defined]
    match: ResolverMatch | None = request._gw_match  # type: ignore[attr-defined]
    return match


def route_of(request: HttpRequest) -> tuple[str, str]:
    """(namespace, view name) of the request's path, empty if it matches nothing."""
    match = match_of(request)
    if match is None:
        return ("", "")
    # The top namespace: the apps' console pages ("staff:<app>:...") are the console's too.
    return (match.namespace.split(":")[0], match.view_name)


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


# While staff act for someone, only views marked with core.acting.allowed_while_acting
# work: the pages a member uses to protect or leave their account, the staff pages, the
# admin and any view nobody thought about are refused. Views of libraries cannot carry the
# mark; the few allowed are named here. Signing out is no change made for the person.
LIBRARY_VIEWS_ALLOWED_WHILE_ACTING = {"account_logout": WhileActing.NO_CHANGE_FOR_THE_PERSON}


def allowed_while_acting(match: ResolverMatch) -> WhileActing | None:
    """How the matched view may be used while acting; None: it is refused."""
    return while_acting(match.func) or LIBRARY_VIEWS_ALLOWED_WHILE_ACTING.get(match.view_name)


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
        if assisted is None or not may(staff, "accounts.act_for", assisted.user):
            del request.session[ACTING_FOR_KEY]
            messages.warning(request, _("You no longer act for this person."))
            return get_response(request)

        member = assisted.user
        request.acting_staff = staff  # type: ignore[attr-defined]
        request.user = member

        async def auser() -> Any:
            return member

        request.auser = auser
        match = match_of(request)
        # A path that matches nothing runs no view: it gets its "not found" page (or the
        # redirect that adds a slash or the language).
        allowed = allowed_while_acting(match) if match is not None else None
        if match is not None and allowed is None:
            return render(
                request, "accounts/acting_blocked.html", {"member": assisted.user}, status=403
            )
        view_name = match.view_name if match is not None else ""
        # One transaction for the change and its audit row. Services record their own
        # events (with the staff member as actor); a change without one gets a general row.
        with transaction.atomic(), acting_for(staff=staff, member=member) as acting:
            response = get_response(request)
            changed = request.method == "POST" and response.status_code < 400
            a_change = allowed is WhileActing.CHANGES_FOR_THE_PERSON
            if changed and a_change and not acting.recorded:
                audit.record(
                    actor=staff,
                    action=AuditAction.ASSISTED_ACTED,
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
                    "Your role needs two-factor sign-in. Set up an authenticator app first; "
                    "then the staff pages open."
                ),
            )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return get_response(request)

    return middleware
