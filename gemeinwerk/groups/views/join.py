"""Joining a meeting with a room code and a nickname: no account, no e-mail. The code
travels only in POST bodies, never in a URL; the join state lives in a signed cookie
that ends with the meeting."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gemeinwerk.core.acting import allowed_while_acting
from gemeinwerk.core.ratelimit import client_key
from gemeinwerk.groups import joining
from gemeinwerk.groups.forms import JoinForm, RulesForm
from gemeinwerk.groups.joining import JOIN_COOKIE, Outcome


@allowed_while_acting
@never_cache
def join(request: HttpRequest) -> HttpResponse:
    form = JoinForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        check = joining.check_code(client_key(request), form.cleaned_data["code"])
        if check.outcome == Outcome.OPEN and check.occurrence is not None:
            response = redirect("join:rules")
            joining.set_join_cookie(
                response,
                check.occurrence,
                nickname=form.cleaned_data["nickname"],
                rules_confirmed=False,
                seat=joining.earlier_seat(request, check.occurrence),
            )
            return response
        context["check"] = check
    outcome = context["check"].outcome if "check" in context else None
    limited = outcome in (Outcome.SLOW_DOWN, Outcome.BLOCKED)
    return render(request, "groups/join/join.html", context, status=429 if limited else 200)


@allowed_while_acting
@never_cache
def rules(request: HttpRequest) -> HttpResponse:
    joined = joining.joined_meeting(request)
    if joined is None:
        return redirect("join:form")
    state, occurrence = joined
    form = RulesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = redirect("join:ready")
        joining.renew_join_cookie(response, occurrence, state, rules_confirmed=True)
        return response
    return render(
        request,
        "groups/join/rules.html",
        {"form": form, "occurrence": occurrence, "nickname": state["n"]},
    )


@allowed_while_acting
@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    response = redirect("core:home")
    response.delete_cookie(JOIN_COOKIE, samesite="Strict")
    return response
