"""Neighbourhood help in the staff console (/staff/market/): search calls with their
outcomes and a report per contact point, and open incidents of safe home visits."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from gemeinwerk.accounts.typing import AuthenticatedRequest
from gemeinwerk.chat.selectors import name_of
from gemeinwerk.console.decorators import console
from gemeinwerk.core.forms import add_validation_error
from gemeinwerk.core.permissions import may, require
from gemeinwerk.market import selectors
from gemeinwerk.market.forms import CallForm, OutcomeForm, SettleForm
from gemeinwerk.market.models import Outcome, Visit
from gemeinwerk.market.services import calls, visits


@console
@require_safe
def call_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "market.search_calls")
    found = selectors.calls_for(request.user)
    return render(
        request,
        "market/office/calls.html",
        {
            "open": list(found.filter(outcome=Outcome.OPEN)),
            "closed": list(found.exclude(outcome=Outcome.OPEN)[:30]),
        },
    )


@console
@require_http_methods(["GET", "HEAD", "POST"])
def call_new(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "market.search_calls")
    points = selectors.publishing_points(request.user)
    form = CallForm(request.POST or None, points=points)
    if request.method == "POST" and form.is_valid():
        try:
            call = calls.publish_call(staff=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "The search call is published. It reached %(count)s member.",
                    "The search call is published. It reached %(count)s members.",
                    call.reached,
                )
                % {"count": call.reached},
            )
            return redirect("staff:market:call", call.pk)
    return render(request, "market/office/call_form.html", {"form": form})


@console
@require_http_methods(["GET", "HEAD", "POST"])
def call_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require(request.user, "market.search_calls")
    call = get_object_or_404(selectors.calls_for(request.user), pk=pk)
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            calls.record_outcome(
                staff=request.user, call=call, outcome=form.cleaned_data["outcome"]
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The outcome is recorded."))
            return redirect("staff:market:calls")
    return render(request, "market/office/call.html", {"call": call, "form": form})


@console
@require_safe
def call_report(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "market.search_calls")
    return render(
        request, "market/office/call_report.html", {"rows": selectors.call_report(request.user)}
    )


@console
@require_safe
def incidents(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "market.incidents")
    rows = [
        {
            "visit": visit,
            "person": name_of(visit.person),
            "trusted": name_of(visit.trusted_member)
            if visit.trusted_member_id
            else getattr(visit.trusted_contact_point, "name", ""),
        }
        for visit in selectors.incidents_for(request.user)
    ]
    return render(request, "market/office/incidents.html", {"rows": rows})


@console
@require_http_methods(["GET", "HEAD", "POST"])
def incident(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require(request.user, "market.incidents")
    visit = get_object_or_404(Visit.objects.select_related("person", "response__listing"), pk=pk)
    if not may(request.user, "market.settle_incident", visit) or not visit.incident:
        raise Http404
    form = SettleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            visits.settle(staff=request.user, visit=visit, note=form.cleaned_data["settled_note"])
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The incident is settled."))
            return redirect("staff:market:incidents")
    return render(
        request,
        "market/office/incident.html",
        {"visit": visit, "person": name_of(visit.person), "form": form},
    )
