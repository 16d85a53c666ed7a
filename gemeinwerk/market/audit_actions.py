"""The audit actions neighbourhood help records, with their readable names (registered
with the audit labels in apps.py). The values are stored in AuditEvent.action: never
change one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CALL_PUBLISHED = "market.call_published", _("Search call published")
    CALL_OUTCOME = "market.call_outcome", _("Outcome of a search call recorded")
    INCIDENT_SETTLED = "market.incident_settled", _("Missed check-out of a home visit settled")
