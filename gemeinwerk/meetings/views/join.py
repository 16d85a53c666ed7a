"""Joining a meeting with a room code and a nickname: no account, no e-mail. The code
travels only in POST bodies, never in a URL; the join ticket lives in a signed cookie
that ends with the meeting. Hosts and co-hosts enter without the code."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gemeinwerk.accounts.typing import AuthenticatedRequest
from gemeinwerk.core.acting import allowed_while_acting
from gemeinwerk.core.permissions import require
from gemeinwerk.core.ratelimit import client_key
from gemeinwerk.groups.models import Meeting, Occurrence
from gemeinwerk.groups.schedule import EARLY_ENTRY_MINUTES
from gemeinwerk.groups.services import followers
from gemeinwerk.meetings import joining
from gemeinwerk.meetings.forms import JoinForm, RulesForm
from gemeinwerk.meetings.joining import JoinTicket, Outcome


@allowed_while_acting
@never_cache
def join(request: HttpRequest) -> HttpResponse:
    form = JoinForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "early_minutes": EARLY_ENTRY_MINUTES}
    if request.method == "POST" and form.is_valid():
        check = joining.check_code(client_key(request), form.cleaned_data["code"])
        if check.outcome == Outcome.OPEN and check.occurrence is not None:
            response = redirect("join:rules")
            ticket = JoinTicket.issue(
                check.occurrence,
                form.cleaned_data["nickname"],
                seat=joining.earlier_seat(request, check.occurrence),
            )
            joining.give_ticket(response, check.occurrence, ticket)
            return response
        context["check"] = check
    outcome = context["check"].outcome if "check" in context else None
    limited = outcome in (Outcome.SLOW_DOWN, Outcome.BLOCKED)
    return render(request, "meetings/join/join.html", context, status=429 if limited else 200)


@allowed_while_acting
@never_cache
def rules(request: HttpRequest) -> HttpResponse:
    joined = joining.joined_meeting(request)
    if joined is None:
        return redirect("join:form")
    ticket, occurrence = joined
    form = RulesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = redirect("join:ready")
        joining.give_ticket(response, occurrence, ticket.but(rules_confirmed=True))
        return response
    return render(
        request,
        "meetings/join/rules.html",
        {"form": form, "occurrence": occurrence, "nickname": ticket.nickname},
    )


@allowed_while_acting
@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    response = redirect("core:home")
    joining.take_ticket_back(response)
    return response


@allowed_while_acting
@login_required
@require_POST
def host_entry(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    """Hosts and co-hosts open the room of the date that is on now, without the code."""
    meeting = get_object_or_404(Meeting.objects.select_related("group"), group__slug=slug, pk=pk)
    require(request.user, "meetings.enter_as_host", meeting.group)
    occurrence = Occurrence.objects.open_at(timezone.now()).filter(meeting=meeting).first()
    if occurrence is None:
        minutes = EARLY_ENTRY_MINUTES
        messages.warning(
            request,
            ngettext(
                "The room opens %(minutes)d minute before the meeting starts.",
                "The room opens %(minutes)d minutes before the meeting starts.",
                minutes,
            )
            % {"minutes": minutes},
        )
        return redirect("groups:meeting", slug=slug, pk=meeting.pk)
    response = redirect("join:rules")
    ticket = JoinTicket.issue(
        occurrence,
        request.user.shown_name,
        seat=joining.earlier_seat(request, occurrence),
        host=True,
    )
    joining.give_ticket(response, occurrence, ticket)
    return response


@allowed_while_acting
@login_required
@require_POST
def follow(request: AuthenticatedRequest) -> HttpResponse:
    """A signed-in person on their way into the room (they knew its code) asks for the
    group's reminders; no ticket, no reminders."""
    found = joining.joined_meeting(request)
    if found is None or not found[0].rules_confirmed:
        return redirect("join:form")
    _ticket, occurrence = found
    followers.follow(user=request.user, occurrence=occurrence)
    messages.success(
        request,
        _(
            "You get a reminder the day before each meeting of this group. You can stop it "
            "on the page “My groups”."
        ),
    )
    return redirect("join:ready")
