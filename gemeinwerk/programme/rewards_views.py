"""The reward basket's pages.

The facility's (/facilities/mine/rewards/): every active reward, reservable or locked
with the reason in words; before an accepted self-evaluation the basket says when it
opens. The facility's reservations with their status; a reservation still "reserved"
can be cancelled.

The programme office's (/staff/programme/rewards/): the reservations by status, each
arranged (with a note), delivered or cancelled; the catalogue of rewards."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gemeinwerk.accounts.typing import AuthenticatedRequest
from gemeinwerk.console.decorators import console
from gemeinwerk.core.forms import add_validation_error
from gemeinwerk.core.permissions import may, require
from gemeinwerk.programme import evaluation_selectors, rewards_selectors
from gemeinwerk.programme.models_rewards import ReservationStatus, Reward
from gemeinwerk.programme.rewards_forms import NoteForm, RewardForm
from gemeinwerk.programme.services import rewards as service

USE = "programme.use_facility_account"
RESERVE = "programme.reserve_rewards"
MANAGE = "programme.manage_rewards"


@login_required
@require_safe
def basket(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, USE)
    facility = evaluation_selectors.facility_of(request.user)
    if facility is None:
        raise Http404
    is_open = may(request.user, RESERVE)
    tier = evaluation_selectors.current_tier(facility) if is_open else None
    return render(
        request,
        "programme/rewards/basket.html",
        {
            "facility": facility,
            "open": is_open,
            "tier": tier,
            "rows": rewards_selectors.basket(facility, tier) if is_open else [],
            "reservations": list(rewards_selectors.reservations_of(facility)),
            "reserved": ReservationStatus.RESERVED,
        },
    )


@login_required
@require_POST
def reserve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require(request.user, RESERVE)
    reward = get_object_or_404(Reward, pk=pk, active=True)
    try:
        service.reserve(actor=request.user, reward=reward)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "“%(reward)s” is reserved. We have sent you an e-mail; the programme "
                "office will contact you."
            )
            % {"reward": reward.title},
        )
    return redirect("programme:rewards")


@login_required
@require_POST
def cancel_own(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require(request.user, RESERVE)
    facility = evaluation_selectors.facility_of(request.user)
    reservation = rewards_selectors.reservation_of(facility, pk) if facility else None
    if reservation is None:
        raise Http404
    try:
        service.cancel_own(actor=request.user, reservation=reservation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The reservation is cancelled."))
    return redirect("programme:rewards")


# --- The programme office (console) ---------------------------------------------------------


@console
@require_safe
def reservations(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, MANAGE)
    status = request.GET.get("status", "")
    if status not in ReservationStatus.values:
        status = ""
    return render(
        request,
        "programme/rewards/reservations.html",
        {
            "reservations": list(rewards_selectors.reservations(status)),
            "status": status,
            "statuses": ReservationStatus.choices,
        },
    )


@console
@require_safe
def reservation(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require(request.user, MANAGE)
    item = rewards_selectors.reservation(pk)
    if item is None:
        raise Http404
    return render(
        request,
        "programme/rewards/reservation.html",
        {
            "reservation": item,
            "form": NoteForm(initial={"note": item.note}),
            "S": ReservationStatus,
        },
    )


def _act(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    require(request.user, MANAGE)
    item = rewards_selectors.reservation(pk)
    if item is None:
        raise Http404
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if action == "arrange":
            service.arrange(actor=request.user, reservation=item, note=note)
            messages.success(request, _("The reservation is arranged. The facility is told."))
        elif action == "deliver":
            service.deliver(actor=request.user, reservation=item)
            messages.success(request, _("The reservation is marked as delivered."))
        else:
            service.cancel(actor=request.user, reservation=item, note=note)
            messages.success(request, _("The reservation is cancelled. The facility is told."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("staff:rewards:reservation", pk=pk)


@console
@require_POST
def arrange(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "arrange")


@console
@require_POST
def deliver(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "deliver")


@console
@require_POST
def cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "cancel")


@console
@require_safe
def catalogue(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, MANAGE)
    return render(
        request, "programme/rewards/catalogue.html", {"rewards": list(rewards_selectors.rewards())}
    )


@console
@require_http_methods(["GET", "HEAD", "POST"])
def reward(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    """A new reward (no pk) or one of the catalogue."""
    require(request.user, MANAGE)
    item = get_object_or_404(Reward, pk=pk) if pk is not None else None
    form = RewardForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in RewardForm.Meta.fields}
        try:
            service.save_reward(actor=request.user, reward=item, **fields)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The reward is saved."))
            return redirect("staff:rewards:catalogue")
    return render(request, "programme/rewards/reward.html", {"reward": item, "form": form})
