"""Verification appointments in the staff console (/staff/networks/appointments/):
publish times, the day's plan, book for a caller, cancel, record the outcome."""

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gemeinwerk.accounts.typing import AuthenticatedRequest
from gemeinwerk.console.decorators import console
from gemeinwerk.core.forms import add_validation_error
from gemeinwerk.core.permissions import require
from gemeinwerk.networks import selectors
from gemeinwerk.networks.forms import OutcomeForm, SlotsForm, StaffBookForm
from gemeinwerk.networks.models import Appointment, Slot
from gemeinwerk.networks.services import appointments as services
from gemeinwerk.places.selectors import local_today

# The day page shows days in this range; others show today.
FIRST_DAY, LAST_DAY = date(2000, 1, 2), date(2999, 12, 30)


def _day(request: AuthenticatedRequest) -> date:
    try:
        day = date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return local_today()
    return day if FIRST_DAY <= day <= LAST_DAY else local_today()


def _day_url(day: date) -> str:
    return reverse("staff:networks:day") + f"?day={day.isoformat()}"


@console
@require_http_methods(["GET", "HEAD", "POST"])
def slots(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "networks.publish_slots")
    points = selectors.staff_points(request.user)
    form = SlotsForm(request.POST if request.method == "POST" else None, points=points)
    if request.method == "POST" and form.is_valid():
        try:
            published = services.publish_slots(staff=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s time is published. Members can book it now.",
                    "%(count)s times are published. Members can book them now.",
                    len(published),
                )
                % {"count": len(published)},
            )
            return redirect("staff:networks:slots")
    return render(
        request,
        "networks/office/slots.html",
        {"form": form, "slots": selectors.upcoming_slots(staff=request.user)},
        status=400 if form.errors else 200,
    )


def _slot(request: AuthenticatedRequest, pk: int) -> Slot:
    return get_object_or_404(selectors.slots_for_staff(request.user), pk=pk)


def _appointment(request: AuthenticatedRequest, pk: int) -> Appointment:
    return get_object_or_404(selectors.appointments_for_staff(request.user), pk=pk)


@console
@require_POST
def slot_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require(request.user, "networks.publish_slots")
    slot = _slot(request, pk)
    try:
        services.remove_slot(staff=request.user, slot=slot)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The time is removed."))
    return redirect("staff:networks:slots")


@console
@require_safe
def day(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "networks.publish_slots")
    shown = _day(request)
    return render(
        request,
        "networks/office/day.html",
        {
            "day": shown,
            "previous": _day_url(shown - timedelta(days=1)),
            "next": _day_url(shown + timedelta(days=1)),
            # Each row's forms get ids of their own: one page, many forms.
            "rows": [
                (
                    row,
                    OutcomeForm(auto_id=f"outcome-{row.slot.pk}-%s"),
                    StaffBookForm(auto_id=f"book-{row.slot.pk}-%s"),
                )
                for row in selectors.day_plan(staff=request.user, day=shown)
            ],
        },
    )


@console
@require_POST
def staff_book(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    slot = _slot(request, pk)
    require(request.user, "networks.handle_appointment", slot)
    form = StaffBookForm(request.POST)
    if form.is_valid():
        try:
            services.book(
                member=form.cleaned_data["username"],
                slot=slot,
                message=form.cleaned_data["message"],
                staff=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The appointment is booked; the person gets a confirmation.")
            )
    else:
        messages.error(
            request,
            " ".join(
                str(error) for error in form.errors.get("username", [_("Please check the form.")])
            ),
        )
    return redirect(_day_url(local_today(slot.starts_at)))


@console
@require_POST
def staff_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    appointment = _appointment(request, pk)
    require(request.user, "networks.handle_appointment", appointment)
    try:
        services.cancel(actor=request.user, appointment=appointment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The appointment is cancelled; the person is told."))
    return redirect(_day_url(local_today(appointment.slot.starts_at)))


@console
@require_POST
def outcome(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    appointment = _appointment(request, pk)
    require(request.user, "networks.handle_appointment", appointment)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.record_outcome(
                staff=request.user, appointment=appointment, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The outcome is recorded."))
    else:
        messages.error(request, _("Please choose an outcome."))
    return redirect(_day_url(local_today(appointment.slot.starts_at)))
