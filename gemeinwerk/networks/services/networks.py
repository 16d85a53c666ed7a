"""Writes about networks themselves: their page, who facilitates, who carries them
(networkers, who accept first), and the initiatives networkers propose."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gemeinwerk import audit
from gemeinwerk.accounts.models import TrustLevel, User
from gemeinwerk.accounts.rules import staff_contact_point_ids
from gemeinwerk.core.permissions import may, require
from gemeinwerk.networks.audit_actions import AuditAction
from gemeinwerk.networks.models import (
    Initiative,
    InitiativeStatus,
    Network,
    NetworkRole,
    RoleKind,
)
from gemeinwerk.networks.selectors import facilitators_of
from gemeinwerk.notifications.services import notify

NETWORK_FIELDS = (
    "name",
    "slug",
    "district",
    "summary",
    "about",
    "principles",
    "focus_topics",
    "how_to_drop_by",
    "is_active",
)
# What only admins change: where the network is and who works for it (a contact point
# added brings its staff the network's powers), its address and whether it is shown.
ADMIN_FIELDS = ("slug", "district", "contact_points", "is_active")
# Texts people wrote: the audit trail records that they changed, not what they say.
TEXT_FIELDS = ("summary", "about", "focus_topics", "how_to_drop_by")


def _snapshot(network: Network) -> dict[str, Any]:
    shown = {name: getattr(network, name) for name in NETWORK_FIELDS if name != "district"}
    shown["district"] = network.district_id
    shown["contact_points"] = (
        sorted(network.contact_points.values_list("pk", flat=True)) if network.pk else []
    )
    return shown


def _check_equipped(contact_points: list[Any]) -> None:
    # The networks' standard: at least one contact point where visitors find a phone,
    # a computer and the internet.
    if not contact_points:
        raise ValidationError(
            {"contact_points": _("A network needs at least one contact point.")}, code="none"
        )
    if not any(
        point.equipment_phone and point.equipment_computer and point.equipment_internet
        for point in contact_points
    ):
        raise ValidationError(
            {
                "contact_points": _(
                    "At least one contact point must offer visitors a phone, a computer "
                    "and the internet."
                )
            },
            code="equipment",
        )


@transaction.atomic
def save_network(*, actor: User, data: dict[str, Any], network: Network | None = None) -> Network:
    """Create (admins) or change (admins and the network's facilitators) a network."""
    created = network is None
    if network is None:
        require(actor, "networks.create_network")
        network = Network()
    else:
        require(actor, "networks.edit_network", network)
        network = Network.objects.select_for_update().get(pk=network.pk)
    before = _snapshot(network)
    if not may(actor, "networks.create_network"):
        data = {key: value for key, value in data.items() if key not in ADMIN_FIELDS}
    current = network.contact_points.all() if network.pk else []
    contact_points = list(data.get("contact_points", current))
    _check_equipped(contact_points)
    for name in NETWORK_FIELDS:
        if name in data:
            setattr(network, name, data[name])
    network.full_clean()
    network.save()
    network.contact_points.set(contact_points)
    after = _snapshot(network)
    changed = [key for key, value in after.items() if before.get(key) != value]
    shown = [key for key in changed if key not in TEXT_FIELDS]
    audit.record(
        actor=actor,
        action=AuditAction.NETWORK_CREATED if created else AuditAction.NETWORK_UPDATED,
        target=network,
        before={key: before[key] for key in shown},
        after={key: after[key] for key in shown} | {"changed": changed},
    )
    return network


@transaction.atomic
def name_facilitator(*, actor: User, network: Network, user: User) -> NetworkRole:
    """Admins name staff of one of the network's contact points: the role accompanies,
    it does not lead, and it is part of the staff's work (no invitation)."""
    require(actor, "networks.name_facilitator", network)
    points = set(network.contact_points.values_list("pk", flat=True))
    if user.trust_level == TrustLevel.SUSPENDED or not points & staff_contact_point_ids(user):
        raise ValidationError(
            _("Facilitators are staff of one of the network's contact points."),
            code="not_staff_here",
        )
    role, created = NetworkRole.objects.get_or_create(
        network=network,
        user=user,
        role=RoleKind.FACILITATOR,
        defaults={"named_by": actor, "accepted_at": timezone.now()},
    )
    if not created:
        raise ValidationError(_("This person already facilitates the network."), code="already")
    audit.record(
        actor=actor,
        action=AuditAction.FACILITATOR_NAMED,
        subject=user,
        target=network,
        after={"role": RoleKind.FACILITATOR},
    )
    return role


@transaction.atomic
def invite_networker(*, actor: User, network: Network, user: User) -> NetworkRole:
    """A facilitator names a verified member; the role works once they accept."""
    require(actor, "networks.name_networker", network)
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot invite yourself."), code="self")
    if user.trust_level != TrustLevel.VERIFIED or not user.is_active:
        raise ValidationError(
            _("Only verified members can become networkers."), code="not_verified"
        )
    role, created = NetworkRole.objects.get_or_create(
        network=network,
        user=user,
        role=RoleKind.NETWORKER,
        defaults={"named_by": actor},
    )
    if not created:
        raise ValidationError(
            _("This person is already a networker here or has been invited."), code="already"
        )
    audit.record(actor=actor, action=AuditAction.NETWORKER_INVITED, subject=user, target=network)
    notify(
        user,
        "networks.networker_invited",
        params={"network": network.name},
        path=network.get_absolute_url(),
    )
    return role


def _own_invitation(*, member: User, network: Network) -> NetworkRole:
    role = (
        NetworkRole.objects.select_for_update()
        .filter(network=network, user=member, role=RoleKind.NETWORKER, accepted_at__isnull=True)
        .first()
    )
    if role is None:
        raise PermissionDenied("no open invitation")
    return role


@transaction.atomic
def accept_invitation(*, member: User, network: Network) -> NetworkRole:
    role = _own_invitation(member=member, network=network)
    if member.trust_level != TrustLevel.VERIFIED:
        raise ValidationError(
            _("Only verified members can become networkers."), code="not_verified"
        )
    role.accepted_at = timezone.now()
    role.save(update_fields=["accepted_at"])
    audit.record(
        actor=member, action=AuditAction.NETWORKER_ACCEPTED, subject=member, target=network
    )
    return role


@transaction.atomic
def decline_invitation(*, member: User, network: Network) -> None:
    _own_invitation(member=member, network=network).delete()


@transaction.atomic
def step_down(*, member: User, network: Network) -> int:
    """A networker leaves the role; nothing they posted is lost."""
    deleted, _rows = NetworkRole.objects.filter(
        network=network, user=member, role=RoleKind.NETWORKER
    ).delete()
    return deleted


@transaction.atomic
def remove_role(*, actor: User, role: NetworkRole) -> None:
    """Admins remove facilitators; facilitators (and admins) remove networkers."""
    network = role.network
    facilitator = role.role == RoleKind.FACILITATOR
    require(
        actor, "networks.name_facilitator" if facilitator else "networks.name_networker", network
    )
    audit.record(
        actor=actor,
        action=AuditAction.FACILITATOR_REMOVED if facilitator else AuditAction.NETWORKER_REMOVED,
        subject=role.user,
        target=network,
        before={"role": role.role},
    )
    role.delete()


@transaction.atomic
def propose_initiative(
    *, member: User, network: Network, title: str, description: str
) -> Initiative:
    require(member, "networks.propose_initiative", network)
    initiative = Initiative(
        network=network, title=title.strip(), description=description.strip(), proposed_by=member
    )
    initiative.full_clean()
    initiative.save()
    for facilitator in facilitators_of(network):
        notify(
            facilitator,
            "networks.initiative_proposed",
            params={"network": network.name, "title": initiative.title},
            path=reverse("staff:networks:detail", args=[network.pk]),
        )
    return initiative


@transaction.atomic
def decide_initiative(*, actor: User, initiative: Initiative, accept: bool) -> Initiative:
    require(actor, "networks.decide_initiative", initiative.network)
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.status != InitiativeStatus.PROPOSED:
        raise ValidationError(_("This initiative has already been decided."), code="decided")
    initiative.status = InitiativeStatus.ACCEPTED if accept else InitiativeStatus.DECLINED
    initiative.decided_by = actor
    initiative.decided_at = timezone.now()
    initiative.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record(
        actor=actor,
        action=AuditAction.INITIATIVE_ACCEPTED if accept else AuditAction.INITIATIVE_DECLINED,
        subject=initiative.proposed_by,
        target=initiative,
        after={"status": initiative.status},
    )
    if initiative.proposed_by is not None:
        notify(
            initiative.proposed_by,
            "networks.initiative_decided",
            params={
                "network": initiative.network.name,
                "title": initiative.title,
                "accepted": accept,
            },
            path=initiative.network.get_absolute_url(),
        )
    return initiative
