"""A member who is not yet verified books an appointment with a contact point's team,
cancels or moves it, and downloads it for their calendar."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gemeinwerk.accounts.typing import AuthenticatedRequest
from gemeinwerk.core.permissions import may
from gemeinwerk.networks import calendar, selectors
from gemeinwerk.networks.forms import BookForm
from gemeinwerk.networks.models import Appointment
from gemeinwerk.networks.services import appointments as services


@login_required
@require_safe
def appointments(request: AuthenticatedRequest) -> HttpResponse:
    booked = selectors.booked_appointment(request.user)
    may_book = may(request.user, "networks.book_appointment")
    slots = selectors.free_slots() if may_book else []
    by_place = [
        (point, list(group)) for point, group in groupby(slots, key=lambda slot: slot.contact_point)
    ]
    return render(
        request,
        "networks/appointments.html",
        {"booked": booked, "by_place": by_place, "may_book": may_book},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def book(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The chosen time, a message for the team, and the button that books it."""
    if not may(request.user, "networks.book_appointment"):
        messages.info(request, _("Your account does not need verification."))
        return redirect("networks:appointments")
    # Only a time members see among the free ones: not a past, taken or far one.
    slot = get_object_or_404(selectors.bookable_slots(), pk=pk)
    form = BookForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.book(member=request.user, slot=slot, message=form.cleaned_data["message"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Your appointment is booked. We sent you a confirmation for your calendar."),
            )
        return redirect("networks:appointments")
    return render(
        request,
        "networks/book.html",
        {"slot": slot, "form": form, "booked": selectors.booked_appointment(request.user)},
        status=400 if form.errors else 200,
    )


def _own(request: AuthenticatedRequest, pk: int) -> Appointment:
    try:
        return selectors.own_appointment(request.user, pk)
    except Appointment.DoesNotExist:
        raise Http404 from None


@login_required
@require_POST
def cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    appointment = _own(request, pk)
    try:
        services.cancel(actor=request.user, appointment=appointment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your appointment is cancelled. You can book another time."))
    return redirect("networks:appointments")


@login_required
@require_safe
def appointment_calendar(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    appointment = _own(request, pk)
    content = calendar.appointment_calendar(appointment, language=get_language())
    return calendar.response(content, _("Verification appointment"))
