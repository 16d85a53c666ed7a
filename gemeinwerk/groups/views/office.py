"""The contact point's part in the staff console: group proposals, requests to join,
and host training."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.typing import AuthenticatedRequest
from gemeinwerk.console.decorators import console
from gemeinwerk.core.permissions import may
from gemeinwerk.groups import selectors
from gemeinwerk.groups.forms import HostForm, TrainingForm
from gemeinwerk.groups.models import Group, JoinRequest
from gemeinwerk.groups.services import directory, requests
from gemeinwerk.groups.services.hosts import assign_host as offer_host_role
from gemeinwerk.groups.services.hosts import record_training


@console
@require_safe
def overview(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "groups/office/overview.html", selectors.office_work(request.user))


@console
@require_POST
def review(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(Group.objects.select_related("contact_point"), slug=slug)
    if not may(request.user, "groups.review_group", group):
        raise PermissionDenied
    approve = request.POST.get("decision") == "approve"
    try:
        directory.review_group(group=group, staff=request.user, approve=approve)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The group is now in the directory.") if approve else _("The proposal was declined."),
        )
    return redirect("staff:groups:overview")


@console
@require_POST
def review_move(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The office a listed group asks to move to takes it on, or says no."""
    group = get_object_or_404(
        Group.objects.select_related("contact_point", "requested_contact_point"), slug=slug
    )
    if not may(request.user, "groups.review_move", group):
        raise PermissionDenied
    approve = request.POST.get("decision") == "approve"
    try:
        directory.review_move(group=group, staff=request.user, approve=approve)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The group is now supported by your contact point.")
            if approve
            else _("The move was declined. The group stays with its contact point."),
        )
    return redirect("staff:groups:overview")


@console
@require_POST
def assign_host(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The office offers a group's host role to a verified member, who accepts it on
    their "My groups" page. Never to the staff member themselves."""
    group = get_object_or_404(Group.objects.select_related("contact_point"), slug=slug)
    if not may(request.user, "groups.assign_host", group):
        raise PermissionDenied
    form = HostForm(request.POST)
    member = None
    if form.is_valid():
        member = User.objects.filter(username__iexact=form.cleaned_data["username"].strip()).first()
    if member is None:
        messages.error(request, _("There is no account with this user name."))
        return redirect("staff:groups:overview")
    try:
        offer_host_role(group=group, member=member, staff=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s is asked to host “%(group)s”. They become host once they accept.")
            % {"name": member.username, "group": group.name},
        )
    return redirect("staff:groups:overview")


def _join_request(request: AuthenticatedRequest, pk: int) -> JoinRequest:
    item = get_object_or_404(JoinRequest.objects.select_related("group__contact_point"), pk=pk)
    if not may(request.user, "groups.handle_join_request", item.group):
        raise PermissionDenied
    return item


@console
@require_POST
def forward(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    try:
        requests.forward_join_request(request=_join_request(request, pk), staff=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The request has been forwarded to the host."))
    return redirect("staff:groups:overview")


@console
@require_POST
def close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    requests.close_join_request(request=_join_request(request, pk), staff=request.user)
    messages.success(request, _("The request has been closed."))
    return redirect("staff:groups:overview")


@console
@require_POST
def training(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    if not may(request.user, "groups.record_host_training"):
        raise PermissionDenied
    member = User.objects.filter(public_id=public_id).first()
    if member is None:
        raise Http404
    if member.pk == request.user.pk:
        # The service refuses it too; here with a word instead of an error page.
        messages.error(request, _("Another staff member records your own host training."))
        return redirect("staff:member", public_id=member.public_id)
    form = TrainingForm(request.POST)
    if form.is_valid():
        try:
            record_training(member=member, staff=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The host training is recorded."))
    else:
        messages.error(request, _("Please enter the date of the training."))
    return redirect("staff:member", public_id=member.public_id)
