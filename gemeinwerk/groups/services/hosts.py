"""Hosts: training recorded by staff, the usage agreement, co-hosts and hand-over."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gemeinwerk import audit
from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.rules import is_admin, is_staff_member
from gemeinwerk.groups.models import (
    AgreementAcceptance,
    Group,
    GroupHost,
    HostRole,
    HostTraining,
    UsageAgreement,
)


@transaction.atomic
def record_training(
    *, member: User, staff: User, trained_on: date, contact_point: Any = None
) -> HostTraining:
    if not (is_staff_member(staff) or is_admin(staff)):
        raise PermissionDenied("only staff record host training")
    if trained_on > timezone.localdate():
        raise ValidationError(_("The training cannot be in the future."), code="future")
    training, _created = HostTraining.objects.update_or_create(
        user=member,
        defaults={"trained_on": trained_on, "contact_point": contact_point, "recorded_by": staff},
    )
    audit.record(
        actor=staff,
        action="host.training_recorded",
        subject=member,
        target=training,
        after={"trained_on": trained_on.isoformat()},
    )
    return training


@transaction.atomic
def accept_agreement(*, member: User, agreement: UsageAgreement) -> AgreementAcceptance:
    if not HostTraining.objects.filter(user=member).exists():
        raise PermissionDenied("only trained hosts accept the usage agreement")
    acceptance, created = AgreementAcceptance.objects.get_or_create(
        user=member, agreement=agreement
    )
    if created:
        audit.record(
            actor=member,
            action="host.agreement_accepted",
            subject=member,
            target=acceptance,
            after={"version": agreement.version},
        )
    return acceptance


@transaction.atomic
def add_co_host(*, group: Group, member: User, actor: User) -> GroupHost:
    try:
        with transaction.atomic():
            host = GroupHost.objects.create(group=group, user=member, role=HostRole.CO_HOST)
    except IntegrityError as error:
        raise ValidationError(
            _("This person already hosts the group."), code="already_host"
        ) from error
    audit.record(actor=actor, action="host.co_host_added", subject=member, target=group)
    return host


@transaction.atomic
def remove_co_host(*, group: Group, member: User, actor: User) -> None:
    deleted, _ = GroupHost.objects.filter(group=group, user=member, role=HostRole.CO_HOST).delete()
    if deleted:
        audit.record(actor=actor, action="host.co_host_removed", subject=member, target=group)


@transaction.atomic
def hand_over(*, group: Group, to: User, actor: User) -> None:
    """The co-host becomes host; the previous host stays as co-host."""
    hosts = {h.user_id: h for h in GroupHost.objects.select_for_update().filter(group=group)}
    new_host = hosts.get(to.pk)
    if new_host is None or new_host.role != HostRole.CO_HOST:
        raise ValidationError(_("The group can only be handed to one of its co-hosts."))
    for host in hosts.values():
        if host.role == HostRole.HOST:
            host.role = HostRole.CO_HOST
            host.save(update_fields=["role"])
    new_host.role = HostRole.HOST
    new_host.save(update_fields=["role"])
    audit.record(actor=actor, action="host.handed_over", subject=to, target=group)
