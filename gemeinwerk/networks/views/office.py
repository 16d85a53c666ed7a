"""Networks in the staff console (/staff/networks/): admins create networks and name
facilitators; facilitators keep the network's page, invite networkers and decide on
initiatives."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gemeinwerk.accounts.typing import AuthenticatedRequest
from gemeinwerk.console.decorators import console
from gemeinwerk.core.forms import add_validation_error
from gemeinwerk.core.permissions import may, require
from gemeinwerk.networks import selectors
from gemeinwerk.networks.forms import NetworkForm, PersonForm
from gemeinwerk.networks.models import Initiative, Network, NetworkRole, RoleKind
from gemeinwerk.networks.services import networks as services


def _network(request: AuthenticatedRequest, pk: int) -> Network:
    """A network the person sees in the console; others are "not found"."""
    return get_object_or_404(
        selectors.console_networks(request.user).prefetch_related("contact_points"), pk=pk
    )


@console
@require_safe
def network_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "networks.use_console")
    return render(
        request,
        "networks/office/list.html",
        {
            "networks": selectors.console_networks(request.user),
            "may_create": may(request.user, "networks.create_network"),
        },
    )


def _detail(request: AuthenticatedRequest, network: Network, **forms: object) -> HttpResponse:
    user = request.user
    roles = selectors.network_roles_of(network)
    context = {
        "network": network,
        "facilitators": [role for role in roles if role.role == RoleKind.FACILITATOR],
        "networkers": [role for role in roles if role.role == RoleKind.NETWORKER],
        "initiatives": selectors.proposed_initiatives(network),
        "may_edit": may(user, "networks.edit_network", network),
        "may_name_facilitator": may(user, "networks.name_facilitator", network),
        "may_name_networker": may(user, "networks.name_networker", network),
        "may_decide": may(user, "networks.decide_initiative", network),
        "facilitator_form": forms.get("facilitator_form") or PersonForm(prefix="facilitator"),
        "networker_form": forms.get("networker_form") or PersonForm(prefix="networker"),
    }
    return render(request, "networks/office/detail.html", context, status=400 if forms else 200)


@console
@require_safe
def network_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require(request.user, "networks.use_console")
    return _detail(request, _network(request, pk))


def _edit(request: AuthenticatedRequest, network: Network | None) -> HttpResponse:
    form = NetworkForm(
        request.POST if request.method == "POST" else None,
        instance=network,
        admin=may(request.user, "networks.create_network"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_network(
                actor=request.user, data=form.cleaned_data, network=network
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The network is saved."))
            return redirect("staff:networks:detail", pk=saved.pk)
    return render(
        request,
        "networks/office/edit.html",
        {"form": form, "network": network},
        status=400 if form.errors else 200,
    )


@console
@require_http_methods(["GET", "HEAD", "POST"])
def network_create(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "networks.create_network")
    return _edit(request, None)


@console
@require_http_methods(["GET", "HEAD", "POST"])
def network_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    network = _network(request, pk)
    require(request.user, "networks.edit_network", network)
    return _edit(request, network)


def _name(
    request: AuthenticatedRequest,
    pk: int,
    *,
    prefix: str,
    permission: str,
    service: Callable[..., object],
    done: str,
) -> HttpResponse:
    """Name someone for a role of the network by user name: a facilitator, or a
    networker (an invitation)."""
    network = _network(request, pk)
    require(request.user, permission, network)
    form = PersonForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            service(actor=request.user, network=network, user=form.cleaned_data["username"])
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, done)
            return redirect("staff:networks:detail", pk=pk)
    return _detail(request, network, **{f"{prefix}_form": form})


@console
@require_POST
def name_facilitator(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _name(
        request,
        pk,
        prefix="facilitator",
        permission="networks.name_facilitator",
        service=services.name_facilitator,
        done=_("The facilitator is named."),
    )


@console
@require_POST
def invite_networker(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _name(
        request,
        pk,
        prefix="networker",
        permission="networks.name_networker",
        service=services.invite_networker,
        done=_("The invitation is sent. The role works once the person accepts."),
    )


@console
@require_POST
def remove_role(request: AuthenticatedRequest, pk: int, role_pk: int) -> HttpResponse:
    network = _network(request, pk)
    role = get_object_or_404(
        NetworkRole.objects.select_related("user"), pk=role_pk, network=network
    )
    permission = (
        "networks.name_facilitator"
        if role.role == RoleKind.FACILITATOR
        else "networks.name_networker"
    )
    require(request.user, permission, network)
    services.remove_role(actor=request.user, role=role)
    messages.success(request, _("The role is taken back."))
    return redirect("staff:networks:detail", pk=pk)


@console
@require_POST
def decide_initiative(request: AuthenticatedRequest, pk: int, initiative_pk: int) -> HttpResponse:
    network = _network(request, pk)
    require(request.user, "networks.decide_initiative", network)
    initiative = get_object_or_404(Initiative, pk=initiative_pk, network=network)
    accept = request.POST.get("decision") == "accept"
    try:
        services.decide_initiative(actor=request.user, initiative=initiative, accept=accept)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The initiative is on the network's page.")
            if accept
            else _("The initiative is not taken up. We told the person who proposed it."),
        )
    return redirect("staff:networks:detail", pk=pk)
