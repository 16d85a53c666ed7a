"""Founding groups: members propose, the contact office reviews."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from gemeinwerk import audit
from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.rules import is_verified
from gemeinwerk.core.search import document
from gemeinwerk.groups.models import Group, GroupHost, GroupStatus, HostRole
from gemeinwerk.groups.rules import is_office_staff

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
    """A verified member proposes a group; it is listed once the contact office agrees.
    The member becomes its host."""
    if not is_verified(member):
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
    for name, value in data.items():
        setattr(group, name, value)
    refresh_search_document(group)
    group.full_clean()
    group.save()
    audit.record(actor=actor, action="group.updated", target=group, after={"fields": sorted(data)})
    return group


@transaction.atomic
def review_group(*, group: Group, staff: User, approve: bool) -> Group:
    group = Group.objects.select_for_update().get(pk=group.pk)
    if not (is_office_staff(staff, group) or staff.is_superuser):
        raise PermissionDenied("only the group's contact office reviews it")
    if group.status != GroupStatus.PROPOSED:
        raise ValidationError(_("This group has been reviewed already."), code="reviewed")
    group.status = GroupStatus.ACTIVE if approve else GroupStatus.DECLINED
    group.reviewed_by = staff
    group.reviewed_at = timezone.now()
    group.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    audit.record(
        actor=staff,
        action="group.approved" if approve else "group.declined",
        target=group,
        subject=group.proposed_by,
        after={"status": group.status},
    )
    return group
