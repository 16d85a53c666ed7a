"""The audit actions moderation records, with their readable names (registered with the
audit labels in apps.py). The values are stored in AuditEvent.action: never change one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    DISMISSED = "moderation.dismissed", _("Report decided: left as it is")
    HIDDEN = "moderation.hidden", _("Report decided: hidden")
    RESTORED = "moderation.restored", _("Report decided: shown again")
    WARNED = "moderation.warned", _("Report decided: person warned")
    SUSPENDED = "moderation.suspended", _("Report decided: account suspended")
