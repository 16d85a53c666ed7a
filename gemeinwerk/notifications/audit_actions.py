"""The audit actions of the notifications app. The values are stored: never change one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    PASSED_ON = "notification.passed_on", _("Notification passed on by phone or letter")
