"""Reports: a member tells staff that something (a chat message, a listing, a person) is
wrong. A report names the kind of thing and its id rather than a foreign key, so that
any app can make its things reportable (kinds.py), and copies what the thing said at
that moment, so that staff judge it even after it was changed or deleted."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NOTE_MAX_LENGTH = 500
# The object id of a report whose thing was already gone when the report came here (a
# chat report moved from the chat after its message was deleted): such a report stands
# on its own, never grouped with another.
GONE = 0


class Reason(models.TextChoices):
    # The chat's reasons, which reports of messages had before moderation took them over:
    # the stored values and their translations stay.
    HARASSMENT = "harassment", _("It insults, pressures or harasses me")
    THREAT = "threat", _("It threatens someone")
    SPAM = "spam", _("Advertising or spam")
    MONEY = "money", _("It asks for money or personal data")
    OTHER = "other", _("Something else")


class Decision(models.TextChoices):
    DISMISSED = "dismissed", _("Left as it is")
    HIDDEN = "hidden", _("Hidden")
    RESTORED = "restored", _("Shown again")
    WARNED = "warned", _("Person warned")
    SUSPENDED = "suspended", _("Account suspended")


class Report(models.Model):
    kind = models.CharField(max_length=64)  # a key of the kinds registry
    object_id = models.PositiveBigIntegerField()
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The person responsible when the report was made. When they delete their account,
    # the report goes too: nobody is left to judge, and the copy is their text.
    reported = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="moderation_reports_about",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason)
    note = models.TextField(_("anything staff should know"), max_length=NOTE_MAX_LENGTH, blank=True)
    # The reported thing as it was.
    snapshot = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision = models.CharField(max_length=20, choices=Decision, blank=True)
    # Staff's words: the warning the person received, the reason of a suspension.
    decision_note = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # A second report of the same thing by the same person while the first waits
            # would only count twice; once decided, a new one may come.
            models.UniqueConstraint(
                fields=["kind", "object_id", "reporter"],
                condition=Q(decided_at__isnull=True),
                name="moderation_open_report_once",
            ),
            # Open reports have no decision, decided ones have one.
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True, decision="")
                | (Q(decided_at__isnull=False) & ~Q(decision="")),
                name="moderation_decided_has_decision",
            ),
        ]
        indexes = [
            # The queue: open reports, grouped per object.
            models.Index(
                fields=["kind", "object_id"],
                condition=Q(decided_at__isnull=True),
                name="moderation_open",
            ),
            models.Index(fields=["decided_at"], name="moderation_decided"),
            models.Index(fields=["reported", "created_at"], name="moderation_about"),
        ]

    def __str__(self) -> str:
        return f"report {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.decided_at is None
