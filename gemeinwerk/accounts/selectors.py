"""Reads of the accounts app, with the joins that keep query counts flat."""

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from gemeinwerk.accounts.audit_actions import AuditAction
from gemeinwerk.accounts.models import (
    AssistedAccount,
    Decision,
    Profile,
    Role,
    Session,
    TrustDecision,
    TrustLevel,
    User,
    VerificationRequest,
)
from gemeinwerk.accounts.rules import (
    ProfileAudience,
    in_care_of,
    profile_audience,
    staff_contact_point_ids,
    visible_to,
)
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.core.permissions import may
from gemeinwerk.places.models import ContactPoint
from gemeinwerk.places.selectors import ContactPointSummary, contact_point_summaries


def open_verification_request(member: User) -> VerificationRequest | None:
    return (
        VerificationRequest.objects.filter(member=member, closed_at__isnull=True)
        .select_related("contact_point")
        .first()
    )


def latest_verification(member: User) -> TrustDecision | None:
    return (
        TrustDecision.objects.filter(member=member, decision=Decision.VERIFY)
        .select_related("contact_point")
        .first()
    )


def contact_points_for(member: User) -> list[ContactPointSummary]:
    """Where the member can get verified: their own district's contact points first."""
    summaries = contact_point_summaries()
    district_id = Profile.objects.filter(user=member).values_list("district_id", flat=True).first()
    return sorted(summaries, key=lambda s: s.contact_point.district_id != district_id)


def acted_for_events(member: User) -> QuerySet[AuditEvent]:
    """What staff did while acting for the member, newest first (shown to the member)."""
    return AuditEvent.objects.filter(on_behalf_of=member).exclude(actor=member)[:50]


def assisted_account(member: User) -> AssistedAccount | None:
    return AssistedAccount.objects.filter(user=member).select_related("contact_point").first()


# --- Sessions ------------------------------------------------------------------------


def session_handle(session_key: str) -> str:
    """A stand-in for a session key on pages and in forms: keys themselves are secrets."""
    return hashlib.sha256(session_key.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class SessionRow:
    handle: str
    device: str
    created_at: Any
    last_activity: Any
    current: bool


def sessions_of(user: User, *, current_key: str | None) -> list[SessionRow]:
    """Sessions that still work: not expired, and used within the idle limit."""
    now = timezone.now()
    sessions = Session.objects.filter(
        user=user,
        expire_date__gt=now,
        last_activity__gt=now - timedelta(seconds=settings.SESSION_IDLE_SECONDS),
    ).order_by("-last_activity")
    return [
        SessionRow(
            handle=session_handle(s.session_key),
            device=s.device,
            created_at=s.created_at,
            last_activity=s.last_activity,
            current=s.session_key == current_key,
        )
        for s in sessions
    ]


def session_key_for_handle(user: User, handle: str) -> str | None:
    for key in Session.objects.filter(user=user).values_list("session_key", flat=True):
        if session_handle(key) == handle:
            return str(key)
    return None


# --- Staff console ---------------------------------------------------------------------


def console_contact_points(staff: User) -> QuerySet[ContactPoint]:
    """The contact points a staff member works for (all of them for admins)."""
    points = ContactPoint.objects.filter(is_active=True).order_by("name")
    if may(staff, "accounts.oversee_every_contact_point"):
        return points
    return points.filter(pk__in=staff_contact_point_ids(staff))


def verification_queue(staff: User) -> QuerySet[VerificationRequest]:
    return (
        VerificationRequest.objects.filter(
            closed_at__isnull=True, contact_point__in=console_contact_points(staff)
        )
        .select_related("member", "contact_point")
        .order_by("created_at")
    )


def members_in_care_of(staff: User) -> QuerySet[User]:
    """The members whose data `staff` may read (everyone for admins): verified at one of
    their contact points, supported there, or with an open verification request there."""
    if may(staff, "accounts.oversee_every_contact_point"):
        return User.objects.all()
    return User.objects.filter(in_care_of(staff_contact_point_ids(staff))).distinct()


def search_members(query: str, *, staff: User, limit: int = 25) -> QuerySet[User]:
    """Exact user name or e-mail address only: staff find the person in front of them,
    they do not browse the members. Only members in their care: for anyone else the
    answer is the same as for an address that has no account."""
    query = query.strip()
    return (
        members_in_care_of(staff)
        .filter(
            Q(username__iexact=query)
            | Q(email__iexact=query)
            | Q(emailaddress__email__iexact=query)
        )
        .distinct()
        .order_by("username")[:limit]
    )


def takeovers_awaiting_confirmation(staff: User) -> QuerySet[AssistedAccount]:
    """Takeover codes of the staff member's contact points that a second staff member
    must still confirm, oldest first."""
    return (
        AssistedAccount.objects.filter(
            contact_point__in=console_contact_points(staff),
            taken_over_at__isnull=True,
            takeover_confirmed_at__isnull=True,
        )
        .exclude(takeover_code_hash="")
        .select_related("user", "contact_point", "takeover_code_issued_by")
        .order_by("takeover_code_expires_at", "pk")
    )


def member_by_public_id(public_id: Any) -> User:
    return User.objects.select_related(
        "profile",
        "assisted__contact_point",
        "assisted__takeover_code_issued_by",
        "assisted__takeover_confirmed_by",
    ).get(public_id=public_id)


def member_history(member: User) -> dict[str, Any]:
    return {
        "decisions": TrustDecision.objects.filter(member=member).select_related(
            "contact_point", "decided_by"
        ),
        "requests": VerificationRequest.objects.filter(member=member)
        .select_related("contact_point")
        .order_by("-created_at"),
        # What was done to the member; who looked at the page is in the audit trail.
        "events": AuditEvent.objects.filter(subject=member)
        .exclude(action=AuditAction.MEMBER_VIEWED)
        .select_related("actor")[:50],
    }


def visible_audit_events(staff: User, *, limit: int = 100) -> QuerySet[AuditEvent]:
    """Admins and coordinators read the whole trail; staff read what they and the
    colleagues of their contact points did."""
    events = AuditEvent.objects.select_related("actor", "subject", "on_behalf_of")
    if not may(staff, "audit.view_every_event"):
        colleagues = User.objects.filter(
            role_assignments__contact_point_id__in=staff_contact_point_ids(staff)
        )
        events = events.filter(actor__in=colleagues)
    return events[:limit]


def staff_at(contact_point: ContactPoint) -> QuerySet[User]:
    """Who works for a contact point now (its staff role, an active account, not
    suspended): those told of the contact point's work by notifications."""
    return (
        User.objects.filter(
            role_assignments__role=Role.STAFF,
            role_assignments__contact_point=contact_point,
            is_active=True,
        )
        .exclude(trust_level=TrustLevel.SUSPENDED)
        .distinct()
        .order_by("pk")
    )


def shown_name(person: Any, reader: Any = None) -> str:
    """How a person appears to `reader`: the display name where its visibility admits
    the reader, else the user name. Without a reader, as to any verified member (a
    conversation's other side)."""
    profile = getattr(person, "profile", None)
    if profile is None or not profile.display_name:
        return str(person.username)
    audience = ProfileAudience.MEMBERS if reader is None else profile_audience(reader, profile)
    if visible_to(audience, profile, "display_name"):
        return str(profile.display_name)
    return str(person.username)
