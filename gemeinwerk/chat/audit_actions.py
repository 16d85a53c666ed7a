"""The audit actions the chat recorded, with their readable names (registered with the
audit labels in apps.py). The values are stored in AuditEvent.action: never change one.

Staff's decisions on reported messages are moderation's since it took the reports over
(moderation.audit_actions); these two are no longer recorded, and stay registered so
that the audit trail's older rows keep their readable names."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    REPORT_DISMISSED = "chat.report_dismissed", _("Reported message left as it is")
    MESSAGE_REMOVED = "chat.message_removed", _("Reported message removed")
