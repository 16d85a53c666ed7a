"""A member's own side of the networks: "My activities", answering an invitation to
become a networker, stepping down, and proposing an initiative."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gemeinwerk.accounts.typing import AuthenticatedRequest
from gemeinwerk.core.acting import allowed_while_acting
from gemeinwerk.core.forms import add_validation_error
from gemeinwerk.core.permissions import require
from gemeinwerk.networks import selectors
from gemeinwerk.networks.forms import InitiativeForm
from gemeinwerk.networks.services import networks as services
from gemeinwerk.networks.views.public import get_network


@allowed_while_acting
@login_required
@require_safe
def mine(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "networks/mine.html", {"mine": selectors.mine(request.user)})


# Not while acting for someone: taking on a role in a network is the person's own
# decision, and the staff member acting might be the facilitator who invited them.
@login_required
@require_POST
def answer_invitation(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    network = get_network(slug)
    accept = request.POST.get("answer") == "accept"
    try:
        if accept:
            services.accept_invitation(member=request.user, network=network)
        else:
            services.decline_invitation(member=request.user, network=network)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            (
                _("Welcome: you are now a networker of “%(network)s”.")
                if accept
                else _("You have declined the invitation to “%(network)s”.")
            )
            % {"network": network.name},
        )
    return redirect(network.get_absolute_url())


@allowed_while_acting
@login_required
@require_POST
def step_down(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    network = get_network(slug)
    services.step_down(member=request.user, network=network)
    messages.success(
        request,
        _("You are no longer a networker of “%(network)s”. Everyone is still welcome to drop in.")
        % {"network": network.name},
    )
    return redirect("networks:mine")


@allowed_while_acting
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def propose(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    network = get_network(slug)
    require(request.user, "networks.propose_initiative", network)
    form = InitiativeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_initiative(member=request.user, network=network, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Thank you. The network's facilitators will look at your idea and tell you."),
            )
            return redirect(network.get_absolute_url())
    return render(
        request,
        "networks/propose.html",
        {"form": form, "network": network},
        status=400 if form.errors else 200,
    )
