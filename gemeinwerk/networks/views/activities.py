"""Taking part in activities and running them: register and cancel (members), post,
change and cancel (networkers and staff), the list of people and registering callers
(staff)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gemeinwerk.accounts.typing import AuthenticatedRequest
from gemeinwerk.core.acting import allowed_while_acting
from gemeinwerk.core.forms import add_validation_error
from gemeinwerk.core.permissions import may, require
from gemeinwerk.networks import selectors
from gemeinwerk.networks.forms import ActivityForm, PhoneRegistrationForm
from gemeinwerk.networks.models import Activity, Network, Registration, RegistrationStatus
from gemeinwerk.networks.services import activities as services
from gemeinwerk.networks.views.public import get_activity, get_network


@allowed_while_acting
@login_required
@require_POST
def register(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    activity = get_activity(get_network(slug), pk)
    require(request.user, "networks.register", activity)
    try:
        registration = services.register(member=request.user, activity=activity)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if registration.status == RegistrationStatus.WAITING:
            messages.info(
                request,
                _(
                    "All places are taken: you are on the waiting list. If a place "
                    "becomes free, you move up and we tell you."
                ),
            )
        else:
            messages.success(request, _("You are registered. We look forward to seeing you."))
    return redirect(activity.get_absolute_url())


@allowed_while_acting
@login_required
@require_POST
def unregister(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    activity = get_activity(get_network(slug), pk)
    registration = selectors.own_registration(activity, request.user)
    if registration is None:
        messages.info(request, _("You were not registered."))
    else:
        services.cancel_registration(actor=request.user, registration=registration)
        messages.success(request, _("Your registration is cancelled."))
    return redirect(activity.get_absolute_url())


def _activity_form(
    request: AuthenticatedRequest, network: Network, activity: Activity | None
) -> HttpResponse:
    """Post a new activity (`activity` None) or change one; the callers checked who."""
    form = ActivityForm(
        request.POST if request.method == "POST" else None, network=network, instance=activity
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_activity(
                actor=request.user, network=network, data=form.activity_data(), activity=activity
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                _("The activity is saved.")
                if activity
                else _("The activity is on the network's page."),
            )
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "networks/activity_form.html",
        {"form": form, "network": network, "activity": activity},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def activity_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    network = get_network(slug)
    require(request.user, "networks.post_activity", network)
    return _activity_form(request, network, None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def activity_edit(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    network = get_network(slug)
    activity = get_activity(network, pk)
    require(request.user, "networks.manage_activity", activity)
    if activity.is_cancelled:
        messages.info(request, _("A cancelled activity cannot be changed."))
        return redirect(activity.get_absolute_url())
    return _activity_form(request, network, activity)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def activity_cancel(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    network = get_network(slug)
    activity = get_activity(network, pk)
    require(request.user, "networks.manage_activity", activity)
    if request.method == "POST":
        told = services.cancel_activity(actor=request.user, activity=activity)
        messages.success(
            request,
            _("The activity is cancelled. We told everyone who was registered.")
            if told
            else _("The activity is cancelled."),
        )
        return redirect(activity.get_absolute_url())
    return render(
        request,
        "networks/activity_cancel.html",
        {"network": network, "activity": activity, "places": selectors.places(activity)},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def participants(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    """The organiser's list; staff also register callers here."""
    network = get_network(slug)
    activity = get_activity(network, pk)
    require(request.user, "networks.manage_activity", activity)
    may_register_others = may(request.user, "networks.register_others", activity)
    form = PhoneRegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        require(request.user, "networks.register_others", activity)
        if form.is_valid():
            try:
                registration = services.register_by_phone(
                    staff=request.user,
                    activity=activity,
                    member=form.cleaned_data["username"],
                    name=form.cleaned_data["name"],
                    phone=form.cleaned_data["phone"],
                )
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(
                    request,
                    _("Registered: on the waiting list.")
                    if registration.is_waiting
                    else _("Registered: the person has a place."),
                )
                return redirect("networks:participants", slug=slug, pk=pk)
    return render(
        request,
        "networks/participants.html",
        {
            "network": network,
            "activity": activity,
            "registrations": selectors.participants(activity),
            "places": selectors.places(activity),
            "form": form if may_register_others else None,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def participant_cancel(request: AuthenticatedRequest, slug: str, pk: int, rid: int) -> HttpResponse:
    activity = get_activity(get_network(slug), pk)
    require(request.user, "networks.register_others", activity)
    registration = get_object_or_404(Registration, pk=rid, activity=activity)
    services.cancel_registration(actor=request.user, registration=registration)
    messages.success(request, _("The registration is cancelled."))
    return redirect("networks:participants", slug=slug, pk=pk)
