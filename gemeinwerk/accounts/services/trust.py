"""Verification, suspension and restoration of members."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gemeinwerk import audit
from gemeinwerk.accounts import hooks
from gemeinwerk.accounts.audit_actions import AuditAction
from gemeinwerk.accounts.models import (
    Decision,
    RequestOutcome,
    TrustDecision,
    TrustLevel,
    User,
    VerificationMethod,
    VerificationRequest,
)
from gemeinwerk.accounts.services.sessions import end_all_sessions
from gemeinwerk.core.permissions import may
from gemeinwerk.notifications.services import notify


def _lock(member: User) -> User:
    return User.objects.select_for_update().get(pk=member.pk)


@transaction.atomic
def request_verification(
    *, member: User, contact_point: Any, preferred_method: str, message: str = ""
) -> VerificationRequest:
    """Ask a contact point's team for a meeting. A new request replaces an open one."""
    member = _lock(member)
    if member.trust_level != TrustLevel.UNVERIFIED:
        raise ValidationError(_("Your account does not need verification."), code="not_needed")
    VerificationRequest.objects.filter(member=member, closed_at__isnull=True).update(
        closed_at=timezone.now(), outcome=RequestOutcome.WITHDRAWN
    )
    request = VerificationRequest(
        member=member,
        contact_point=contact_point,
        preferred_method=preferred_method,
        message=message.strip(),
    )
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def withdraw_verification_request(*, member: User, contact_point: Any = None) -> int:
    """Withdraw the member's open request (only if it is addressed to `contact_point`,
    when one is given): its team no longer reads the account."""
    requests = VerificationRequest.objects.filter(member=member, closed_at__isnull=True)
    if contact_point is not None:
        requests = requests.filter(contact_point=contact_point)
    return requests.update(closed_at=timezone.now(), outcome=RequestOutcome.WITHDRAWN)


def _check_staff(staff: User) -> None:
    """Trust decisions are made by active staff or admins, whoever calls the service."""
    if not may(staff, "accounts.decide_trust"):
        raise PermissionDenied("only active staff and admins decide on trust")


def _check_contact_point(staff: User, contact_point: Any) -> None:
    _check_staff(staff)
    if not may(staff, "accounts.verify_at", contact_point):
        raise PermissionDenied("staff may only verify for their own contact points")


def _check_member_within_reach(staff: User, member: User) -> None:
    """Nobody decides on themselves; people who hold a role (and admins) are judged by
    an admin only, so that staff do not suspend or restore their colleagues."""
    if not may(staff, "accounts.judge_member", member):
        raise PermissionDenied("nobody decides on themselves; an admin on people with a role")


@transaction.atomic
def verify_member(
    *,
    member: User,
    staff: User,
    method: str,
    contact_point: Any,
    house_rules_accepted: bool,
) -> TrustDecision:
    """Record that staff met the person (never a copy of an ID) and verify the account."""
    _check_contact_point(staff, contact_point)
    member = _lock(member)
    if member.pk == staff.pk:
        raise PermissionDenied("nobody verifies themselves")
    if member.trust_level != TrustLevel.UNVERIFIED:
        raise ValidationError(
            _("Only accounts that are not yet verified can be verified."), code="not_unverified"
        )
    if not house_rules_accepted:
        raise ValidationError(
            _("The member must accept the house rules before verification."),
            code="house_rules",
        )
    decision = TrustDecision(
        member=member,
        decision=Decision.VERIFY,
        method=method,
        contact_point=contact_point,
        decided_by=staff,
        house_rules_version=settings.HOUSE_RULES_VERSION,
    )
    decision.full_clean()
    decision.save()
    member.trust_level = TrustLevel.VERIFIED
    member.save(update_fields=["trust_level"])
    VerificationRequest.objects.filter(member=member, closed_at__isnull=True).update(
        closed_at=timezone.now(), closed_by=staff, outcome=RequestOutcome.VERIFIED
    )
    audit.record(
        actor=staff,
        action=AuditAction.MEMBER_VERIFIED,
        subject=member,
        target=decision,
        before={"trust_level": TrustLevel.UNVERIFIED},
        after={
            "trust_level": TrustLevel.VERIFIED,
            "method": method,
            "contact_point": contact_point.pk,
            "house_rules_version": settings.HOUSE_RULES_VERSION,
        },
    )
    notify(
        member,
        "accounts.verified",
        params={"place": contact_point.name},
        path=reverse("me:overview"),
    )
    return decision


@transaction.atomic
def suspend_member(*, member: User, staff: User, reason: str) -> TrustDecision:
    """Suspend a member and end their sessions. The reason stays with the decision
    (the member sees it in their data), not in the audit trail."""
    _check_staff(staff)
    member = _lock(member)
    if member.is_superuser:
        raise PermissionDenied("an admin is not suspended here")
    _check_member_within_reach(staff, member)
    if member.trust_level == TrustLevel.SUSPENDED:
        raise ValidationError(_("This account is already suspended."), code="already")
    if not reason.strip():
        raise ValidationError(_("Please give a reason."), code="reason")
    before = member.trust_level
    decision = TrustDecision.objects.create(
        member=member, decision=Decision.SUSPEND, decided_by=staff, reason=reason.strip()
    )
    member.trust_level = TrustLevel.SUSPENDED
    member.save(update_fields=["trust_level"])
    end_all_sessions(user=member)
    audit.record(
        actor=staff,
        action=AuditAction.MEMBER_SUSPENDED,
        subject=member,
        target=decision,
        before={"trust_level": before},
        after={"trust_level": TrustLevel.SUSPENDED},
    )
    # Other apps take back what they gave (a group's host seats), after the commit.
    hooks.trust_revoked(member=member, reason=hooks.TrustRevoked.SUSPENDED)
    return decision


@transaction.atomic
def restore_member(*, member: User, staff: User, reason: str = "") -> TrustDecision:
    """Lift a suspension: back to verified if staff had verified the person before."""
    _check_staff(staff)
    member = _lock(member)
    _check_member_within_reach(staff, member)
    if member.trust_level != TrustLevel.SUSPENDED:
        raise ValidationError(_("Only suspended accounts can be restored."), code="not_suspended")
    was_verified = TrustDecision.objects.filter(member=member, decision=Decision.VERIFY).exists()
    level = TrustLevel.VERIFIED if was_verified else TrustLevel.UNVERIFIED
    decision = TrustDecision.objects.create(
        member=member, decision=Decision.RESTORE, decided_by=staff, reason=reason.strip()
    )
    member.trust_level = level
    member.save(update_fields=["trust_level"])
    audit.record(
        actor=staff,
        action=AuditAction.MEMBER_RESTORED,
        subject=member,
        target=decision,
        before={"trust_level": TrustLevel.SUSPENDED},
        after={"trust_level": level},
    )
    return decision


@transaction.atomic
def close_verification_request(*, request: VerificationRequest, staff: User) -> None:
    """Staff close a request without verifying (the person did not come, or asked
    elsewhere)."""
    _check_contact_point(staff, request.contact_point)
    request = VerificationRequest.objects.select_for_update().get(pk=request.pk)
    if request.member_id == staff.pk:
        raise PermissionDenied("nobody handles their own verification request")
    if not request.is_open:
        raise ValidationError(_("This request is already closed."), code="closed")
    request.closed_at = timezone.now()
    request.closed_by = staff
    request.outcome = RequestOutcome.DECLINED
    request.save(update_fields=["closed_at", "closed_by", "outcome"])
    audit.record(
        actor=staff,
        action=AuditAction.VERIFICATION_REQUEST_CLOSED,
        subject=request.member,
        target=request,
        after={"outcome": RequestOutcome.DECLINED},
    )
    notify(
        request.member,
        "accounts.verification_request_closed",
        params={"place": request.contact_point.name},
        path=reverse("me:overview"),
    )


__all__ = [
    "VerificationMethod",
    "close_verification_request",
    "request_verification",
    "restore_member",
    "suspend_member",
    "verify_member",
    "withdraw_verification_request",
]
