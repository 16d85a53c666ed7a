"""Founding groups: members propose, the contact point reviews."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from gemeinwerk import audit
from gemeinwerk.accounts.models import User
from gemeinwerk.core.permissions import may
from gemeinwerk.core.search import document
from gemeinwerk.groups.audit_actions import AuditAction
from gemeinwerk.groups.models import Group, GroupHost, GroupStatus, HostRole
from gemeinwerk.groups.services.hosts import withdraw_office_host_offers

# The fields that make up a group's search text.
SEARCHED = ("name", "description", "rhythm", "place")


def refresh_search_document(group: Group) -> None:
    group.search_document = document(
        *(getattr(group, name) for name in SEARCHED),
        group.get_topic_display(),
        group.district.name if group.district else "",
    )


def _free_slug(name: str) -> str:
    base = slugify(name)[:120] or "gruppe"
    candidate, number = base, 1
    while Group.objects.filter(slug=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


@transaction.atomic
def propose_group(*, member: User, data: dict[str, Any]) -> Group:
    """A verified member proposes a group; it is listed once the contact point agrees.
    The member becomes its host."""
    if not may(member, "groups.propose_group"):
        raise PermissionDenied("only verified members propose groups")
    group = Group(**data, status=GroupStatus.PROPOSED, proposed_by=member)
    group.slug = _free_slug(group.name)
    refresh_search_document(group)
    group.full_clean()
    group.save()
    GroupHost.objects.create(group=group, user=member, role=HostRole.HOST)
    return group


@transaction.atomic
def update_group(*, group: Group, actor: User, data: dict[str, Any]) -> Group:
    """A proposal changes office freely (the new office reviews it); a reviewed group
    only asks to move, and stays with the office that reviewed it until the new one
    agrees (`review_move`). Nothing is lost meanwhile: the group stays listed and its
    requests to join go to the office that knows it."""
    # The service checks the power itself, not only the view.
    if not may(actor, "groups.manage_group", group):
        raise PermissionDenied("only the group's hosts and contact point change it")
    data = dict(data)
    stored = Group.objects.select_for_update().get(pk=group.pk)
    moving_to = data.pop("contact_point", None)
    for name, value in data.items():
        setattr(group, name, value)
    # The form may have set the instance's office already; the stored one stays.
    group.contact_point = stored.contact_point
    group.requested_contact_point = stored.requested_contact_point
    group.move_requested_by_id = stored.move_requested_by_id
    move_requested = False
    if moving_to is not None and group.status == GroupStatus.PROPOSED:
        group.contact_point = moving_to
        group.requested_contact_point = None
        group.move_requested_by = None
        data["contact_point"] = moving_to
    elif moving_to is not None and moving_to.pk != stored.contact_point_id:
        move_requested = moving_to.pk != stored.requested_contact_point_id
        group.requested_contact_point = moving_to
        if move_requested:
            # Whoever asks for the move does not approve it (review_move).
            group.move_requested_by = actor
    elif moving_to is not None:
        # Choosing the current office again takes a pending move back.
        group.requested_contact_point = None
        group.move_requested_by = None
    refresh_search_document(group)
    group.full_clean()
    group.save()
    fields = sorted(data)
    audit.record(
        actor=actor, action=AuditAction.GROUP_UPDATED, target=group, after={"fields": fields}
    )
    if move_requested:
        audit.record(
            actor=actor,
            action=AuditAction.GROUP_MOVE_REQUESTED,
            target=group,
            before={"contact_point": stored.contact_point_id},
            after={"contact_point": moving_to.pk},
        )
    return group


@transaction.atomic
def review_move(*, group: Group, staff: User, approve: bool) -> Group:
    """The office a listed group asks to move to takes it on, or says no."""
    group = Group.objects.select_for_update().get(pk=group.pk)
    if not may(staff, "groups.review_move", group):
        raise PermissionDenied("only the office the group asks to move to decides")
    if group.move_requested_by_id == staff.pk:
        # A staff member of both offices asked for it: another one decides.
        raise PermissionDenied("nobody approves the move they asked for")
    if group.requested_contact_point_id is None:
        raise ValidationError(_("This move has been decided already."), code="reviewed")
    before = group.contact_point_id
    requested = group.requested_contact_point_id
    if approve:
        group.contact_point_id = requested
        # The old office's offers of the host role lapse with its say over the group.
        withdraw_office_host_offers(group=group, actor=staff)
    group.requested_contact_point = None
    group.move_requested_by = None
    group.save(update_fields=["contact_point", "requested_contact_point", "move_requested_by"])
    audit.record(
        actor=staff,
        action=AuditAction.GROUP_MOVE_APPROVED if approve else AuditAction.GROUP_MOVE_DECLINED,
        target=group,
        before={"contact_point": before},
        after={"contact_point": group.contact_point_id, "requested": requested},
    )
    return group


@transaction.atomic
def review_group(*, group: Group, staff: User, approve: bool) -> Group:
    group = Group.objects.select_for_update().get(pk=group.pk)
    # Another staff member, or another office's, looks at one's own proposal.
    if not may(staff, "groups.review_group", group):
        raise PermissionDenied("only the group's contact point reviews it, never its own")
    if group.status != GroupStatus.PROPOSED:
        raise ValidationError(_("This group has been reviewed already."), code="reviewed")
    group.status = GroupStatus.ACTIVE if approve else GroupStatus.DECLINED
    group.reviewed_by = staff
    group.reviewed_at = timezone.now()
    group.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    audit.record(
        actor=staff,
        action=AuditAction.GROUP_APPROVED if approve else AuditAction.GROUP_DECLINED,
        target=group,
        subject=group.proposed_by,
        after={"status": group.status},
    )
    return group
