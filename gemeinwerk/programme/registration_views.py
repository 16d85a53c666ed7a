"""Facility registrations in the staff console (/staff/programme/registrations/): the
programme office sees who registered, approves (the facility is e-mailed its activation
link) or rejects with a reason the facility is told."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gemeinwerk.accounts.typing import AuthenticatedRequest
from gemeinwerk.console.decorators import console
from gemeinwerk.core.forms import add_validation_error
from gemeinwerk.core.permissions import require
from gemeinwerk.programme import selectors
from gemeinwerk.programme.forms import RejectForm
from gemeinwerk.programme.services import registration


@console
@require_safe
def waiting(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "programme.decide_registrations")
    return render(
        request,
        "programme/registrations/waiting.html",
        {
            "waiting": list(selectors.waiting_registrations()),
            "decided": selectors.decided_registrations(),
        },
    )


@console
@require_POST
def approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require(request.user, "programme.decide_registrations")
    account = get_object_or_404(selectors.waiting_registrations(), pk=pk)
    try:
        registration.approve(actor=request.user, account=account)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The registration of %(facility)s is approved. The activation link is on its way.")
            % {"facility": account.facility.name},
        )
    return redirect("staff:registrations:waiting")


@console
@require_http_methods(["GET", "HEAD", "POST"])
def reject(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require(request.user, "programme.decide_registrations")
    account = get_object_or_404(selectors.waiting_registrations(), pk=pk)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration.reject(
                actor=request.user, account=account, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                _("The registration of %(facility)s is rejected. The facility is told why.")
                % {"facility": account.facility.name},
            )
            return redirect("staff:registrations:waiting")
    return render(
        request, "programme/registrations/reject.html", {"account": account, "form": form}
    )
