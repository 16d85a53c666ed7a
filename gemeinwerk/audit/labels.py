"""Readable names of audit actions, for staff and for the people concerned."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "member.verified": _("Account verified"),
    "member.suspended": _("Account suspended"),
    "member.restored": _("Suspension lifted"),
    "verification_request.closed": _("Verification request closed"),
    "role.assigned": _("Role given"),
    "role.revoked": _("Role taken back"),
    "assisted.created": _("Assisted account created"),
    "assisted.acting_started": _("Staff started acting for the person"),
    "assisted.acting_stopped": _("Staff stopped acting for the person"),
    "assisted.acted": _("Change made by staff on the person's behalf"),
    "assisted.takeover_code_issued": _("Takeover code handed out"),
    "assisted.taken_over": _("Account taken over by the person"),
    "assisted.consent_withdrawn": _("Consent withdrawn"),
    "profile.updated": _("Profile changed"),
    "account.deleted": _("Account deleted"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))
