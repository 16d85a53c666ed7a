"""Readable names of audit actions, for staff and for the people concerned.

The app that records an action names it: apps above accounts register their labels from
their AppConfig.ready() with register_action_labels(); a test fails for any recorded
action without a label (audit/tests/test_labels.py)."""

from collections.abc import Mapping
from typing import Any

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
    "assisted.takeover_confirmed": _("Takeover confirmed by a second staff member"),
    "member.viewed": _("Member's details viewed by staff"),
    "assisted.taken_over": _("Account taken over by the person"),
    "assisted.consent_withdrawn": _("Consent withdrawn"),
    "assisted.deleted_on_request": _("Assisted account deleted at the person's request"),
    "profile.updated": _("Profile changed"),
    "account.deleted": _("Account deleted"),
}


def register_action_labels(labels: Mapping[str, Any]) -> None:
    clashes = {action for action in labels if action in ACTION_LABELS}
    if clashes:
        raise ValueError(f"audit actions labelled twice: {sorted(clashes)}")
    ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))
