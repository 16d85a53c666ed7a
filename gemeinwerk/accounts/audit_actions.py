"""The audit actions the accounts app records, with their readable names (registered with
the audit labels in apps.py). The values are stored in AuditEvent.action: never change one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    MEMBER_VERIFIED = "member.verified", _("Account verified")
    MEMBER_SUSPENDED = "member.suspended", _("Account suspended")
    MEMBER_RESTORED = "member.restored", _("Suspension lifted")
    VERIFICATION_REQUEST_CLOSED = "verification_request.closed", _("Verification request closed")
    ROLE_ASSIGNED = "role.assigned", _("Role given")
    ROLE_REVOKED = "role.revoked", _("Role taken back")
    ASSISTED_CREATED = "assisted.created", _("Assisted account created")
    ASSISTED_ACTING_STARTED = "assisted.acting_started", _("Staff started acting for the person")
    ASSISTED_ACTING_STOPPED = "assisted.acting_stopped", _("Staff stopped acting for the person")
    ASSISTED_ACTED = "assisted.acted", _("Change made by staff on the person's behalf")
    ASSISTED_TAKEOVER_CODE_ISSUED = "assisted.takeover_code_issued", _("Takeover code handed out")
    ASSISTED_TAKEOVER_CONFIRMED = (
        "assisted.takeover_confirmed",
        _("Takeover confirmed by a second staff member"),
    )
    MEMBER_VIEWED = "member.viewed", _("Member's details viewed by staff")
    ASSISTED_TAKEN_OVER = "assisted.taken_over", _("Account taken over by the person")
    ASSISTED_CONSENT_WITHDRAWN = "assisted.consent_withdrawn", _("Consent withdrawn")
    ASSISTED_DELETED_ON_REQUEST = (
        "assisted.deleted_on_request",
        _("Assisted account deleted at the person's request"),
    )
    PROFILE_UPDATED = "profile.updated", _("Profile changed")
    ACCOUNT_DELETED = "account.deleted", _("Account deleted")
