"""Hosts: training recorded by staff, the usage agreement, co-hosts and hand-over.

Nobody gets a group's powers without saying yes, and nobody grants them to themselves:
the main host invites co-hosts and offers the host role to a co-host, the contact point
may offer the host role to a verified member (never to its own staff member doing it),
and the invited person accepts or declines."""

from collections.abc import Iterable
from datetime import date
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gemeinwerk import audit
from gemeinwerk.accounts.hooks import TrustRevoked
from gemeinwerk.accounts.models import User
from gemeinwerk.core.permissions import may
from gemeinwerk.groups.audit_actions import AuditAction
from gemeinwerk.groups.hooks import host_powers_lost
from gemeinwerk.groups.models import (
    AgreementAcceptance,
    Group,
    GroupHost,
    HostInvitation,
    HostRole,
    HostTraining,
    InvitationStatus,
    UsageAgreement,
)


@transaction.atomic
def record_training(
    *, member: User, staff: User, trained_on: date, contact_point: Any = None
) -> HostTraining:
    # Suspended staff and an admin without completed two-factor login record nothing.
    if not may(staff, "groups.record_host_training"):
        raise PermissionDenied("only staff record host training")
    if member.pk == staff.pk:
        # The training qualifies a person to host: another staff member confirms it.
        raise PermissionDenied("nobody records their own host training")
    if trained_on > timezone.localdate():
        raise ValidationError(_("The training cannot be in the future."), code="future")
    training, _created = HostTraining.objects.update_or_create(
        user=member,
        defaults={"trained_on": trained_on, "contact_point": contact_point, "recorded_by": staff},
    )
    audit.record(
        actor=staff,
        action=AuditAction.HOST_TRAINING_RECORDED,
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
            action=AuditAction.HOST_AGREEMENT_ACCEPTED,
            subject=member,
            target=acceptance,
            after={"version": agreement.version},
        )
    return acceptance


def revoke_seats_after_commit(*, group: Group, user: User) -> None:
    """Take the person's host seats in a running room away once the change is committed
    (a change that rolls back must not throw anyone out)."""

    # The rooms belong to the meetings app, above groups: it listens (groups/hooks.py).
    # Robust: the change is committed; a room that cannot be told (the channel layer
    # down) must not turn it into an error page. The seat goes at its next connect anyway.
    transaction.on_commit(partial(host_powers_lost, group=group, user=user), robust=True)


# One answer for "no such user name" and "not verified" (the views use it too): a host
# must not learn from the form whether an account exists or how far it is trusted.
NOT_INVITED = gettext_lazy(
    "We could not invite this person. Check the user name; only verified members can be invited."
)


def lock_group(group_id: int) -> Group:
    """Every change of a group's hosts locks the group's row first, then invitations,
    then host rows: one order everywhere, so two concurrent changes wait rather than
    deadlock."""
    return Group.objects.select_for_update().select_related("contact_point").get(pk=group_id)


def _withdraw_all(invitations: QuerySet[HostInvitation], *, actor: User | None, cause: str) -> None:
    """Closes the open invitations a change has made moot, each with its audit row
    (actor None when nobody chose it, e.g. a suspension; `cause` says why)."""
    now = timezone.now()
    pending = invitations.filter(status=InvitationStatus.PENDING).select_related("user", "group")
    for invitation in pending.select_for_update(of=("self",)).order_by("pk"):
        invitation.status = InvitationStatus.WITHDRAWN
        invitation.answered_at = now
        invitation.save(update_fields=["status", "answered_at"])
        audit.record(
            actor=actor,
            action=AuditAction.HOST_INVITATION_WITHDRAWN,
            subject=invitation.user,
            target=invitation.group,
            # "cause", not "reason": the audit trail keeps no free-text reasons.
            after={"role": invitation.role, "cause": cause},
        )


def may_invite(user: User | None, group: Group, role: str) -> bool:
    """Whether `user` may ask someone to take `role` in `group` (or take the question
    back): the main host for both roles, the contact point (never for its own group)
    for the host role."""
    if user is None:
        return False
    if may(user, "groups.choose_co_hosts", group):
        return True
    return role == HostRole.HOST and may(user, "groups.assign_host", group)


def _invite(*, group: Group, member: User, actor: User, role: str) -> HostInvitation:
    if member.pk == actor.pk:
        raise ValidationError(_("You cannot invite yourself."), code="self")
    if not member.is_verified:
        raise ValidationError(str(NOT_INVITED), code="not_verified")
    current = GroupHost.objects.filter(group=group, user=member).values_list("role", flat=True)
    if role == HostRole.CO_HOST and current:
        raise ValidationError(_("This person already hosts the group."), code="already_host")
    if role == HostRole.HOST and HostRole.HOST in current:
        raise ValidationError(_("This person is the host already."), code="already_host")
    try:
        with transaction.atomic():
            invitation = HostInvitation.objects.create(
                group=group, user=member, role=role, invited_by=actor
            )
    except IntegrityError as error:
        raise ValidationError(
            _("This person has an invitation for this group already."), code="invited"
        ) from error
    audit.record(
        actor=actor,
        action=AuditAction.HOST_INVITED,
        subject=member,
        target=group,
        after={"role": role},
    )
    return invitation


@transaction.atomic
def invite_co_host(*, group: Group, member: User, actor: User) -> HostInvitation:
    """Only the main host invites; the member becomes co-host once they accept."""
    group = lock_group(group.pk)
    if not may(actor, "groups.choose_co_hosts", group):
        raise PermissionDenied("only the main host invites co-hosts")
    return _invite(group=group, member=member, actor=actor, role=HostRole.CO_HOST)


@transaction.atomic
def offer_host_role(*, group: Group, to: User, actor: User) -> HostInvitation:
    """The main host hands the group to a co-host, who has to accept it."""
    group = lock_group(group.pk)
    if not may(actor, "groups.hand_over_group", group):
        raise PermissionDenied("only the main host hands the group over")
    if not GroupHost.objects.filter(group=group, user=to, role=HostRole.CO_HOST).exists():
        raise ValidationError(_("The group can only be handed to one of its co-hosts."))
    return _invite(group=group, member=to, actor=actor, role=HostRole.HOST)


@transaction.atomic
def assign_host(*, group: Group, member: User, staff: User) -> HostInvitation:
    """The contact point finds a new host (when the host has left, say): the member is
    offered the role and accepts it. Never the staff member's own group or themselves."""
    group = lock_group(group.pk)
    if not may(staff, "groups.assign_host", group):
        raise PermissionDenied("only the group's contact point assigns its host")
    return _invite(group=group, member=member, actor=staff, role=HostRole.HOST)


@transaction.atomic
def withdraw_invitation(*, invitation: HostInvitation, actor: User) -> None:
    group = lock_group(invitation.group_id)
    invitation = HostInvitation.objects.select_for_update().get(pk=invitation.pk)
    # Whoever may invite for this role may also take the question back.
    if not may_invite(actor, group, invitation.role):
        raise PermissionDenied("not allowed to withdraw this invitation")
    if invitation.status != InvitationStatus.PENDING:
        return
    _close(invitation, InvitationStatus.WITHDRAWN)
    audit.record(
        actor=actor,
        action=AuditAction.HOST_INVITATION_WITHDRAWN,
        subject=invitation.user,
        target=group,
        after={"role": invitation.role},
    )


def _close(invitation: HostInvitation, status: str) -> None:
    invitation.status = status
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])


def _open_invitation(invitation: HostInvitation, member: User) -> HostInvitation:
    group = lock_group(invitation.group_id)
    invitation = HostInvitation.objects.select_for_update().get(pk=invitation.pk)
    invitation.group = group
    if invitation.user_id != member.pk:
        raise PermissionDenied("only the invited person answers")
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(_("This invitation is no longer open."), code="closed")
    return invitation


@transaction.atomic
def accept_invitation(*, invitation: HostInvitation, member: User) -> GroupHost:
    invitation = _open_invitation(invitation, member)
    if not member.is_verified:
        raise ValidationError(_("Only verified members can host a group."), code="not_verified")
    group = invitation.group
    # The question stands only while its sender may still ask it: an invitation from a
    # host who has handed the group over, or from staff no longer with the group's
    # office, must not make anyone (co-)host of a group whose host never chose them.
    sender = (
        User.objects.filter(pk=invitation.invited_by_id).first()
        if invitation.invited_by_id
        else None
    )
    if not may_invite(sender, group, invitation.role):
        raise ValidationError(_("This invitation is no longer open."), code="closed")
    hosts = {h.user_id: h for h in GroupHost.objects.select_for_update().filter(group=group)}
    if invitation.role == HostRole.CO_HOST and member.pk in hosts:
        raise ValidationError(_("You host this group already."), code="already_host")
    _close(invitation, InvitationStatus.ACCEPTED)
    audit.record(
        actor=member,
        action=AuditAction.HOST_INVITATION_ACCEPTED,
        subject=member,
        target=group,
        after={"role": invitation.role},
    )
    if invitation.role == HostRole.CO_HOST:
        return GroupHost.objects.create(group=group, user=member, role=HostRole.CO_HOST)
    return _make_host(group=group, member=member, hosts=hosts, invitation=invitation)


def _make_host(
    *, group: Group, member: User, hosts: dict[int, GroupHost], invitation: HostInvitation
) -> GroupHost:
    """The new host takes over; the previous host stays as co-host without the host's
    seat in a running room."""
    previous = [h for h in hosts.values() if h.role == HostRole.HOST and h.user_id != member.pk]
    for host in previous:
        host.role = HostRole.CO_HOST
        host.save(update_fields=["role"])
        revoke_seats_after_commit(group=group, user=host.user)
    new_host = hosts.get(member.pk)
    if new_host is None:
        new_host = GroupHost.objects.create(group=group, user=member, role=HostRole.HOST)
    else:
        new_host.role = HostRole.HOST
        new_host.save(update_fields=["role"])
    # Every open question is moot now: other offers of the host role, and the co-host
    # invitations the previous host sent (only the leading host invites co-hosts, so
    # they all came from the previous host); the new host chooses their own co-hosts.
    _withdraw_all(
        HostInvitation.objects.filter(group=group).exclude(pk=invitation.pk),
        actor=member,
        cause="handed_over",
    )
    audit.record(
        actor=member,
        action=AuditAction.HOST_HANDED_OVER,
        subject=member,
        target=group,
        before={"host": [h.user_id for h in previous]},
    )
    return new_host


@transaction.atomic
def decline_invitation(*, invitation: HostInvitation, member: User) -> None:
    invitation = _open_invitation(invitation, member)
    _close(invitation, InvitationStatus.DECLINED)
    audit.record(
        actor=member,
        action=AuditAction.HOST_INVITATION_DECLINED,
        subject=member,
        target=invitation.group,
        after={"role": invitation.role},
    )


@transaction.atomic
def remove_co_host(*, group: Group, member: User, actor: User) -> None:
    """Only the main host removes co-hosts; the removed person leaves a running room's
    host seat at once."""
    group = lock_group(group.pk)
    if not may(actor, "groups.choose_co_hosts", group):
        raise PermissionDenied("only the main host removes co-hosts")
    # The offer of the host role to the removed co-host goes with them.
    _withdraw_all(
        HostInvitation.objects.filter(group=group, user=member), actor=actor, cause="removed"
    )
    deleted, _rows = GroupHost.objects.filter(
        group=group, user=member, role=HostRole.CO_HOST
    ).delete()
    if deleted:
        audit.record(
            actor=actor, action=AuditAction.HOST_CO_HOST_REMOVED, subject=member, target=group
        )
        revoke_seats_after_commit(group=group, user=member)


@transaction.atomic
def member_lost_trust(*, member: User, reason: TrustRevoked | None = None) -> None:
    """For accounts.services.trust, when a member is suspended or no longer verified:
    the rules already refuse them every host power; this takes their host seats in
    running rooms away and closes the invitations they have not answered, and those
    they sent (what a suspended host or staff member asked must not come true later)."""
    to_or_by = HostInvitation.objects.filter(Q(user=member) | Q(invited_by=member))
    _lock_groups(
        [
            *GroupHost.objects.filter(user=member).values_list("group_id", flat=True),
            *to_or_by.filter(status=InvitationStatus.PENDING).values_list("group_id", flat=True),
        ]
    )
    for host in GroupHost.objects.filter(user=member).select_related("group"):
        revoke_seats_after_commit(group=host.group, user=member)
    _withdraw_all(to_or_by, actor=None, cause=_trust_cause(reason))


def _lock_groups(group_ids: Iterable[int]) -> None:
    # In the order of their keys, as every other locker of several groups does.
    list(Group.objects.select_for_update().filter(pk__in=set(group_ids)).order_by("pk"))


def _trust_cause(reason: TrustRevoked | None) -> str:
    return f"trust_lost:{reason}" if reason is not None else "trust_lost"


def withdraw_office_host_offers(*, group: Group, actor: User) -> None:
    """For directory.review_move, with the group locked, when it moves to another office:
    the old office's offers of the host role lapse; the host's own offer to a co-host
    stands."""
    leading = GroupHost.objects.filter(group=group, role=HostRole.HOST).values("user_id")
    _withdraw_all(
        HostInvitation.objects.filter(group=group, role=HostRole.HOST).exclude(
            invited_by__in=leading
        ),
        actor=actor,
        cause="moved",
    )
