"""The pages around the meeting room: the check before entering (microphone, speakers,
avatar), the room itself, and the host's way in. The room needs JavaScript (WebRTC);
everything before it works without."""

import secrets

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gemeinwerk.core.acting import allowed_while_acting
from gemeinwerk.groups.models import Occurrence
from gemeinwerk.groups.selectors import is_following
from gemeinwerk.meetings import avatars, joining, selectors, texts, tokens
from gemeinwerk.meetings.forms import AvatarForm
from gemeinwerk.meetings.joining import JoinTicket
from gemeinwerk.meetings.protocol import ROUND_MINUTES
from gemeinwerk.meetings.state import CAPACITY


def seated(request: HttpRequest) -> tuple[JoinTicket, Occurrence] | None:
    """The ticket and meeting of a guest who confirmed the rules and has a seat."""
    found = joining.joined_meeting(request)
    if found is None or not found[0].seated:
        return None
    return found


@allowed_while_acting
@never_cache
def check(request: HttpRequest) -> HttpResponse:
    """Before entering: test microphone and speakers, choose an avatar."""
    found = joining.joined_meeting(request)
    if found is None or not found[0].rules_confirmed:
        return redirect("join:form")
    ticket, occurrence = found
    form = AvatarForm(request.POST or None, initial={"avatar": ticket.avatar or avatars.DEFAULT})
    if request.method == "POST" and form.is_valid():
        response = redirect("join:room")
        seat = ticket.seat or secrets.token_urlsafe(12)
        joining.give_ticket(
            response, occurrence, ticket.but(seat=seat, avatar=form.cleaned_data["avatar"])
        )
        return response
    return render(
        request,
        "meetings/check.html",
        {
            "form": form,
            "occurrence": occurrence,
            "nickname": ticket.nickname,
            "check_texts": texts.check_texts(),
            "following": is_following(request.user, occurrence.meeting.group_id),
        },
    )


@allowed_while_acting
@never_cache
def room(request: HttpRequest) -> HttpResponse:
    found = seated(request)
    if found is None:
        return redirect("join:form")
    ticket, occurrence = found
    return render(
        request,
        "meetings/room.html",
        {
            "occurrence": occurrence,
            "nickname": ticket.nickname,
            "capacity": CAPACITY,
            "ws_path": tokens.WS_PATH,
            "round_minutes": list(ROUND_MINUTES),
            "room_texts": texts.room_texts(),
        },
    )


@allowed_while_acting
@never_cache
@require_POST
def room_token(request: HttpRequest) -> HttpResponse:
    """A fresh room token (a short-lived cookie for the WebSocket), asked for by the
    room page before it connects. No body: the cookie is the answer.

    A host's entry (the join cookie says so) is bound to the signed-in account, checked
    now: a co-host removed from the group, suspended or no longer verified keeps the old
    cookie, but gets a token without an account, which the room refuses."""
    found = seated(request)
    if found is None:
        return HttpResponse(status=403)
    ticket, occurrence = found
    account, name = None, ""
    if ticket.host:
        role = selectors.host_role(request.user, occurrence.meeting.group)
        if role is not None:
            account, name = request.user.pk, selectors.host_seat_name(request.user, role)
    response = HttpResponse(status=204)
    tokens.set_token_cookie(response, occurrence.pk, ticket.seat, account=account, name=name)
    return response
