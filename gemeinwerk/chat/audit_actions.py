"""The audit actions the chat records, with their readable names (registered with the
audit labels in apps.py). The values are stored in AuditEvent.action: never change one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    REPORT_DISMISSED = "chat.report_dismissed", _("Reported message left as it is")
    MESSAGE_REMOVED = "chat.message_removed", _("Reported message removed")
