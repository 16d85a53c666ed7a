"""The offline channel in the staff console: notes of calls and visits on a member's
page (a panel of the console's member page), the open follow-ups of one's contact
points, and the newcomers of one's districts to greet."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.typing import AuthenticatedRequest
from gemeinwerk.accounts.views.staff import get_member
from gemeinwerk.console.decorators import console
from gemeinwerk.core.permissions import require
from gemeinwerk.networks import selectors
from gemeinwerk.networks.forms import ContactLogForm
from gemeinwerk.networks.services import care as services


def member_panel(request: HttpRequest, member: Any) -> dict[str, Any]:
    """The context of the panel on the console's member page."""
    points = selectors.staff_points(request.user)
    return {
        "contact_log": selectors.contact_log(staff=request.user, member=member),
        "contact_log_form": ContactLogForm(points=points, prefix="log"),
    }


@console
@require_POST
def log_contact(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    require(request.user, "networks.log_contacts")
    member = get_member(request, public_id)
    points = selectors.staff_points(request.user)
    form = ContactLogForm(request.POST, points=points, prefix="log")
    if form.is_valid():
        try:
            services.log_contact(staff=request.user, member=member, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The note is saved."))
    else:
        problems = [str(error) for errors in form.errors.values() for error in errors]
        messages.error(request, " ".join(problems))
    return redirect("staff:member", public_id=member.public_id)


@console
@require_safe
def follow_ups(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "networks.log_contacts")
    return render(
        request,
        "networks/office/follow_ups.html",
        {"entries": selectors.open_follow_ups(staff=request.user)},
    )


@console
@require_POST
def follow_up_done(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require(request.user, "networks.log_contacts")
    entry = get_object_or_404(selectors.log_entries_for_staff(request.user), pk=pk)
    services.follow_up_done(staff=request.user, entry=entry)
    messages.success(request, _("The follow-up is done."))
    if request.POST.get("back") == "member":
        return redirect("staff:member", public_id=entry.member.public_id)
    return redirect("staff:networks:follow_ups")


@console
@require_safe
def newcomers(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "networks.welcome_newcomers")
    return render(
        request,
        "networks/office/newcomers.html",
        {
            "newcomers": selectors.newcomers(staff=request.user),
            "weeks": selectors.NEWCOMER_WEEKS,
        },
    )


@console
@require_POST
def welcome(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    require(request.user, "networks.welcome_newcomers")
    try:
        newcomer = selectors.newcomer_for_staff(request.user, public_id)
    except User.DoesNotExist:
        raise Http404 from None
    network, point = selectors.greeting_for(newcomer.district, request.user)
    if point is None:
        raise Http404
    try:
        services.welcome(
            staff=request.user, member=newcomer.member, network=network, contact_point=point
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The greeting is sent."))
    return redirect("staff:networks:newcomers")
