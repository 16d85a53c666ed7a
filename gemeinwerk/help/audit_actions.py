"""The audit actions of the help centre. The values are stored in AuditEvent.action:
never change one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    ARTICLE_CREATED = "help.article_created", _("Help article written")
    ARTICLE_CHANGED = "help.article_changed", _("Help article changed")
    ARTICLE_DELETED = "help.article_deleted", _("Help article deleted")
