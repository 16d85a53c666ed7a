"""Assisted accounts: created by staff with the person's consent, used by staff on the
person's behalf, taken over by the person with a one-time code."""

import re
import secrets
from datetime import timedelta
from functools import lru_cache
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import check_password, get_hasher, make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gemeinwerk import audit
from gemeinwerk.accounts.audit_actions import AuditAction
from gemeinwerk.accounts.models import (
    AssistedAccount,
    Decision,
    Profile,
    TrustDecision,
    TrustLevel,
    User,
    VerificationMethod,
)
from gemeinwerk.accounts.services.leaving import delete_account
from gemeinwerk.core.permissions import may

ACTING_FOR_KEY = "_gw_acting_for"
# No 0/O, 1/I/L: the code is read out or copied from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
CODE_VALIDITY = timedelta(days=30)


@lru_cache
def _placeholder_hash(algorithm: str) -> str:
    return make_password("no code has been issued", hasher=algorithm)


def placeholder_hash() -> str:
    """Compared against when there is no code, so that the answer takes as long."""
    return _placeholder_hash(get_hasher().algorithm)


def _pseudonymous_username() -> str:
    """User names are shown to everyone on member pages, so an assisted account's must
    not give the person's name away: the name goes to the private display name."""
    while True:
        candidate = f"member_{secrets.randbelow(10**6):06d}"
        if not User.objects.filter(username__iexact=candidate).exists():
            return candidate


@transaction.atomic
def create_assisted_account(
    *,
    staff: User,
    contact_point: Any,
    name: str,
    phone: str = "",
    consent_given: bool,
    house_rules_accepted: bool,
) -> User:
    """An account for someone without internet. Staff met the person, so it is verified
    (method "assisted"); staff may act for the person because the person consented."""
    if not may(staff, "accounts.create_assisted_account_at", contact_point):
        raise PermissionDenied("only the contact point's staff create its assisted accounts")
    if not consent_given:
        raise ValidationError(
            _("Staff may only create the account with the person's consent."), code="consent"
        )
    if not house_rules_accepted:
        raise ValidationError(_("The person must accept the house rules."), code="house_rules")
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Please enter a name or a pseudonym."), code="name")
    now = timezone.now()
    user = User(username=_pseudonymous_username(), trust_level=TrustLevel.VERIFIED)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    Profile.objects.create(user=user, display_name=name[:60], phone=phone.strip())
    assisted = AssistedAccount.objects.create(
        user=user,
        contact_point=contact_point,
        created_by=staff,
        consent_given_at=now,
        consent_recorded_by=staff,
    )
    decision = TrustDecision.objects.create(
        member=user,
        decision=Decision.VERIFY,
        method=VerificationMethod.ASSISTED,
        contact_point=contact_point,
        decided_by=staff,
        house_rules_version=settings.HOUSE_RULES_VERSION,
    )
    audit.record(
        actor=staff,
        action=AuditAction.ASSISTED_CREATED,
        subject=user,
        target=assisted,
        after={"contact_point": contact_point.pk, "consent": True},
    )
    audit.record(
        actor=staff,
        action=AuditAction.MEMBER_VERIFIED,
        subject=user,
        target=decision,
        after={"trust_level": TrustLevel.VERIFIED, "method": VerificationMethod.ASSISTED},
    )
    return user


def start_acting(*, staff: User, member: User, session: Any) -> None:
    if not may(staff, "accounts.act_for", member):
        raise PermissionDenied("no consent, or not this contact point's staff")
    session[ACTING_FOR_KEY] = member.pk
    audit.record(actor=staff, action=AuditAction.ASSISTED_ACTING_STARTED, subject=member)


def stop_acting(*, staff: User, session: Any) -> None:
    member_id = session.pop(ACTING_FOR_KEY, None)
    if member_id is not None:
        audit.record(
            actor=staff,
            action=AuditAction.ASSISTED_ACTING_STOPPED,
            subject=User.objects.filter(pk=member_id).first(),
        )


@transaction.atomic
def withdraw_consent(*, member: User) -> None:
    """The person ends staff's right to act for them."""
    assisted = AssistedAccount.objects.select_for_update().get(user=member)
    if assisted.consent_withdrawn_at is None:
        assisted.consent_withdrawn_at = timezone.now()
        assisted.save(update_fields=["consent_withdrawn_at"])
        audit.record(actor=member, action=AuditAction.ASSISTED_CONSENT_WITHDRAWN, subject=member)


def format_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise_code(code: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", code.upper())


@transaction.atomic
def issue_takeover_code(*, staff: User, member: User) -> str:
    """A one-time code for the person to take the account over; only its hash is kept.
    A new code replaces the previous one. Also after consent was withdrawn: the person
    then asks the staff in person."""
    if not may(staff, "accounts.issue_takeover_code", member):
        raise PermissionDenied("not the supporting contact point's staff")
    assisted = AssistedAccount.objects.select_for_update().get(user=member)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    assisted.takeover_code_hash = make_password(code)
    assisted.takeover_code_expires_at = timezone.now() + CODE_VALIDITY
    assisted.takeover_code_issued_by = staff
    # A new code needs a new confirmation: the colleague confirmed the previous one.
    assisted.takeover_confirmed_by = None
    assisted.takeover_confirmed_at = None
    assisted.save(
        update_fields=[
            "takeover_code_hash",
            "takeover_code_expires_at",
            "takeover_code_issued_by",
            "takeover_confirmed_by",
            "takeover_confirmed_at",
        ]
    )
    audit.record(actor=staff, action=AuditAction.ASSISTED_TAKEOVER_CODE_ISSUED, subject=member)
    return format_code(code)


@transaction.atomic
def confirm_takeover(*, staff: User, member: User) -> AssistedAccount:
    """A second staff member confirms that the person may take the account over with the
    code handed out: never the account's creator, never the code's issuer, so that no
    single staff member can create a verified account and make it their own."""
    if not may(staff, "accounts.look_after_assisted", member):
        raise PermissionDenied("not the supporting contact point's staff")
    assisted = AssistedAccount.objects.select_for_update().get(user=member)
    if staff.pk in {assisted.created_by_id, assisted.takeover_code_issued_by_id}:
        raise PermissionDenied("the creator or the issuer cannot confirm the takeover")
    if not assisted.takeover_awaits_confirmation:
        raise ValidationError(
            _("There is no takeover waiting for confirmation."), code="nothing_to_confirm"
        )
    assisted.takeover_confirmed_by = staff
    assisted.takeover_confirmed_at = timezone.now()
    assisted.full_clean()
    assisted.save(update_fields=["takeover_confirmed_by", "takeover_confirmed_at"])
    audit.record(
        actor=staff,
        action=AuditAction.ASSISTED_TAKEOVER_CONFIRMED,
        subject=member,
        target=assisted,
        after={"issued_by": assisted.takeover_code_issued_by_id},
    )
    return assisted


class TakeoverRefused(Exception):
    """Wrong user name or code, or the code expired: one answer for all."""


@transaction.atomic
def take_over(*, username: str, code: str, email: str, password: str) -> User:
    """The person makes the account their own: their e-mail (to be confirmed) and their
    password. Staff can no longer act for them."""
    assisted = (
        AssistedAccount.objects.select_for_update()
        .select_related("user")
        .filter(user__username__iexact=username.strip(), taken_over_at__isnull=True)
        .first()
    )
    stored = assisted.takeover_code_hash if assisted is not None else ""
    # Always hash once, so an unknown user name takes as long as a known one.
    matches = check_password(normalise_code(code), stored or placeholder_hash())
    valid = (
        assisted is not None
        and bool(stored)
        and matches
        and assisted.takeover_code_expires_at is not None
        and assisted.takeover_code_expires_at > timezone.now()
    )
    if not valid or assisted is None:
        raise TakeoverRefused
    # Only after the code is right, like the address check below.
    if assisted.takeover_confirmed_at is None:
        raise ValidationError(
            _(
                "A second member of the contact point's team has not confirmed the "
                "takeover yet. Please ask the team, then try again."
            ),
            code="not_confirmed",
        )
    # Only after the code is right: otherwise this would tell strangers which
    # addresses have accounts.
    if (
        EmailAddress.objects.filter(email__iexact=email).exists()
        or User.objects.filter(email__iexact=email).exclude(pk=assisted.user_id).exists()
    ):
        raise ValidationError(
            {"email": _("This e-mail address is already in use.")}, code="email_taken"
        )
    user = assisted.user
    user.set_password(password)
    user.email = email
    user.save(update_fields=["password", "email"])
    assisted.taken_over_at = timezone.now()
    assisted.takeover_code_hash = ""
    assisted.takeover_code_expires_at = None
    assisted.save(update_fields=["taken_over_at", "takeover_code_hash", "takeover_code_expires_at"])
    audit.record(actor=user, action=AuditAction.ASSISTED_TAKEN_OVER, subject=user)
    return user


@transaction.atomic
def delete_assisted_account(*, staff: User, member: User) -> None:
    """On the person's request, made in person or on the phone: the account has no
    password, so the person cannot delete it alone."""
    if not may(staff, "accounts.delete_assisted_account", member):
        raise PermissionDenied("not the supporting contact point's staff")
    audit.record(actor=staff, action=AuditAction.ASSISTED_DELETED_ON_REQUEST)
    delete_account(user=member)
