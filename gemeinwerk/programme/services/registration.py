"""A facility's registration: the manager registers the facility's one account, the
programme office approves or rejects it, the approved facility activates it by the
link e-mailed to it.

The account is created inactive (`User.is_active=False`): allauth signs no inactive
account in, and the accounts adapter asks us what to tell the person (`explain_inactive`
in views.py). Activation makes it active and confirms its e-mail address, once.
"""

from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import password_validation
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from gemeinwerk import audit
from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.services.leaving import delete_account
from gemeinwerk.core.permissions import may
from gemeinwerk.core.text import clean_name, skeleton
from gemeinwerk.notifications.models import EmailSettings
from gemeinwerk.programme import mail
from gemeinwerk.programme.audit_actions import AuditAction
from gemeinwerk.programme.models import AccountStatus, Facility, FacilityAccount

# How long an activation link works; the programme office sends no second one (an
# expired link's page says whom to write to).
ACTIVATION_MAX_AGE = timedelta(days=14)
ACTIVATION_SALT = "gemeinwerk.programme.activation"


def facility_taken_message() -> str:
    return _(
        "This facility already has an account, or its registration is waiting for a "
        "decision. Only one account per facility is possible. If you think this is a "
        "mistake, please write to the programme office: %(email)s"
    ) % {"email": settings.PROGRAMME_OFFICE_EMAIL}


def email_taken_message() -> str:
    return _("This e-mail address already belongs to an account. Please use another one.")


def facility_is_taken(facility: Facility) -> bool:
    return facility.accounts.exclude(status=AccountStatus.REJECTED).exists()


def email_is_taken(email: str) -> bool:
    return (
        EmailAddress.objects.filter(email__iexact=email).exists()
        or User.objects.filter(email__iexact=email).exists()
    ) and not _rejected_accounts(email).exists()


def _rejected_accounts(email: str) -> Any:
    """Accounts of rejected registrations with this e-mail that never signed in: a
    facility registering again replaces them (they hold nothing but the registration)."""
    return User.objects.filter(
        email__iexact=email,
        is_active=False,
        last_login__isnull=True,
        facility_account__status=AccountStatus.REJECTED,
    )


def _username_for(facility: Facility) -> str:
    """The facility's user name: its number on the official list, which says nothing
    about the manager and does not look like an existing one."""
    base = f"facility-{slugify(facility.number)}"[:140] or "facility"
    candidate, number = base, 1
    while (
        User.objects.filter(username__iexact=candidate).exists()
        or User.objects.filter(username_skeleton=skeleton(candidate)).exists()
    ):
        number += 1
        candidate = f"{base}-{number}"
    return candidate


@transaction.atomic
def register(
    *,
    facility: Facility,
    first_name: str,
    last_name: str,
    email: str,
    password: str,
    informal_name: str = "",
    language: str | None = None,
) -> FacilityAccount:
    """A waiting account for the facility: its user cannot sign in until the programme
    office approved it and the link e-mailed then was opened. `language` is the one the
    registration page was in: the office's e-mails come in it."""
    if not (facility.listed and facility.organisation.listed):
        raise ValidationError(
            {"facility": _("This facility is not on the official list.")}, code="not_listed"
        )
    email = email.strip()
    first_name, last_name = clean_name(first_name), clean_name(last_name)
    errors: dict[str, str] = {}
    if not first_name:
        errors["first_name"] = _("Please enter the manager's first name.")
    if not last_name:
        errors["last_name"] = _("Please enter the manager's last name.")
    if facility_is_taken(facility):
        errors["facility"] = facility_taken_message()
    if email_is_taken(email):
        errors["email"] = email_taken_message()
    if errors:
        raise ValidationError(errors, code="invalid")
    with transaction.atomic():
        return _create(facility, first_name, last_name, email, password, informal_name, language)


def _create(
    facility: Facility,
    first_name: str,
    last_name: str,
    email: str,
    password: str,
    informal_name: str,
    language: str | None,
) -> FacilityAccount:
    # The rejected registration's account goes first: the e-mail address is unique.
    for rejected in _rejected_accounts(email):
        # As any account leaves: its personal data erased (the rejection's queued e-mail
        # too), the audit trail unlinked.
        delete_account(user=rejected)
    user = User(username=_username_for(facility), email=email, is_active=False)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}, code="password") from None
    user.set_password(password)
    user.full_clean(exclude=["password"])
    try:
        # Two registrations of one facility at the same moment: the database's
        # constraint (programme_one_account_per_facility) lets one through.
        with transaction.atomic():
            user.save()
            account = FacilityAccount.objects.create(
                facility=facility,
                user=user,
                manager_first_name=first_name[:100],
                manager_last_name=last_name[:100],
                informal_name=clean_name(informal_name)[:200],
            )
    except IntegrityError:
        raise ValidationError({"facility": facility_taken_message()}, code="taken") from None
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    EmailSettings.objects.create(
        user=user, language=language or translation.get_language() or settings.LANGUAGE_CODE
    )
    return account


def _check_office(actor: User) -> None:
    if not may(actor, "programme.decide_registrations"):
        raise PermissionDenied("only the programme office decides on registrations")


def _locked_waiting(account: FacilityAccount) -> FacilityAccount:
    account = (
        FacilityAccount.objects.select_for_update()
        .select_related("user", "facility")
        .get(pk=account.pk)
    )
    if account.status != AccountStatus.WAITING:
        raise ValidationError(_("This registration has been decided already."), code="decided")
    return account


@transaction.atomic
def approve(*, actor: User, account: FacilityAccount) -> FacilityAccount:
    """Approved: the facility is e-mailed its activation link (after the commit)."""
    _check_office(actor)
    account = _locked_waiting(account)
    account.status = AccountStatus.APPROVED
    account.decided_at = timezone.now()
    account.decided_by = actor
    account.reason = ""
    account.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    audit.record(
        actor=actor,
        action=AuditAction.REGISTRATION_APPROVED,
        target=account,
        subject=account.user,
        before={"status": AccountStatus.WAITING},
        after={"status": AccountStatus.APPROVED, "facility": account.facility_id},
    )
    _send(account, "approved", {"link": activation_link(account.user)})
    return account


@transaction.atomic
def reject(*, actor: User, account: FacilityAccount, reason: str) -> FacilityAccount:
    """Rejected with a reason the facility is told; its account stays inactive."""
    _check_office(actor)
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Please give the reason: the facility is told it.")}, code="reason"
        )
    account = _locked_waiting(account)
    account.status = AccountStatus.REJECTED
    account.decided_at = timezone.now()
    account.decided_by = actor
    account.reason = reason[:1000]
    account.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    audit.record(
        actor=actor,
        action=AuditAction.REGISTRATION_REJECTED,
        target=account,
        subject=account.user,
        before={"status": AccountStatus.WAITING},
        after={"status": AccountStatus.REJECTED, "facility": account.facility_id},
    )
    _send(account, "rejected", {"reason": account.reason})
    return account


# --- Activation ---------------------------------------------------------------------------


class ActivationProblem(Exception):
    """Why a link does not activate: "expired", "used" or "invalid"."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def activation_token(user: User) -> str:
    # Only the account's id, signed with a timestamp: the link names nobody.
    return signing.dumps(user.pk, salt=ACTIVATION_SALT, compress=True)


def activation_link(user: User) -> str:
    language = mail.language_of(user)
    with translation.override(language):
        path = reverse("programme:activate", args=[activation_token(user)])
    return settings.SITE_URL.rstrip("/") + path


def account_for_token(token: str) -> FacilityAccount:
    """The approved account a link is for, not yet active; else ActivationProblem."""
    try:
        pk = signing.loads(token, salt=ACTIVATION_SALT, max_age=ACTIVATION_MAX_AGE)
    except signing.SignatureExpired:
        raise ActivationProblem("expired") from None
    except signing.BadSignature:
        raise ActivationProblem("invalid") from None
    account = FacilityAccount.objects.select_related("user", "facility").filter(user_id=pk).first()
    if account is None or account.status != AccountStatus.APPROVED:
        raise ActivationProblem("invalid")
    if account.user.is_active or was_activated(account.user):
        raise ActivationProblem("used")
    return account


def was_activated(user: User) -> bool:
    """Activation confirmed the address: a link must not wake an account that an admin
    made inactive after it was activated."""
    return EmailAddress.objects.filter(user=user, verified=True).exists()


@transaction.atomic
def activate(*, token: str) -> FacilityAccount:
    """The account becomes active and its e-mail address confirmed: once."""
    account = account_for_token(token)
    user = User.objects.select_for_update().get(pk=account.user_id)
    if user.is_active:
        raise ActivationProblem("used")
    user.is_active = True
    user.save(update_fields=["is_active"])
    EmailAddress.objects.filter(user=user, email__iexact=user.email).update(
        verified=True, primary=True
    )
    audit.record(actor=user, action=AuditAction.ACCOUNT_ACTIVATED, target=account, subject=user)
    account.user = user
    return account


# --- E-mails ------------------------------------------------------------------------------


def _send(account: FacilityAccount, decision: str, context: dict[str, Any]) -> None:
    """The decision's e-mail, in the language of the registration (programme/mail.py)."""
    context = {"days": ACTIVATION_MAX_AGE.days, **context}
    mail.send(account, f"programme/registration/email/{decision}", context)
