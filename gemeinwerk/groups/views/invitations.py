"""The invited person's side: accept or decline hosting or co-hosting a group, from the
"My groups" page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gemeinwerk.accounts.typing import AuthenticatedRequest
from gemeinwerk.core.acting import allowed_while_acting
from gemeinwerk.groups.models import HostInvitation, HostRole, InvitationStatus
from gemeinwerk.groups.services import hosts as host_services


def _own_invitation(request: AuthenticatedRequest, pk: int) -> HostInvitation:
    # Someone else's invitation is "not found", the same as one that never existed.
    return get_object_or_404(
        HostInvitation.objects.select_related("group"),
        pk=pk,
        user=request.user,
        status=InvitationStatus.PENDING,
    )


@allowed_while_acting
@login_required
@require_POST
def accept(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    invitation = _own_invitation(request, pk)
    try:
        host_services.accept_invitation(invitation=invitation, member=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("groups:mine")
    if invitation.role == HostRole.HOST:
        text = _("You are now the host of “%(group)s”.")
    else:
        text = _("You are now a co-host of “%(group)s”.")
    messages.success(request, text % {"group": invitation.group.name})
    return redirect("groups:manage", slug=invitation.group.slug)


@allowed_while_acting
@login_required
@require_POST
def decline(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    invitation = _own_invitation(request, pk)
    host_services.decline_invitation(invitation=invitation, member=request.user)
    messages.success(
        request,
        _("You have declined the invitation to “%(group)s”.") % {"group": invitation.group.name},
    )
    return redirect("groups:mine")
