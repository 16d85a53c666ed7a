"""The evaluation cycles (March and September): when each opens and ends, which
reminders went to which facility (each exactly once), and the history of every
facility's tier."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gemeinwerk.programme.models_evaluation import Tier


class Cycle(models.Model):
    """One evaluation round ("2027-03"), opened by the daily housekeeping job."""

    label = models.CharField(_("cycle"), max_length=7, unique=True)
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateField(_("deadline"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-opens_on"]
        verbose_name = _("evaluation cycle")
        verbose_name_plural = _("evaluation cycles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("opens_on")),
                name="programme_cycle_deadline_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.label


class ReminderKind(models.TextChoices):
    OPENING = "opening", _("The cycle has opened")
    FOLLOW_UP = "follow_up", _("Two weeks after the opening")
    LAST_DAYS = "last_days", _("Three days before the deadline")


class CycleReminder(models.Model):
    """A reminder sent to a facility. Written in the same transaction as the queued
    e-mail: a repeated or crashed housekeeping run finds the row and sends nothing."""

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("cycle")
    )
    facility = models.ForeignKey(
        "programme.Facility",
        on_delete=models.CASCADE,
        related_name="cycle_reminders",
        verbose_name=_("facility"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReminderKind)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["cycle", "facility", "sent_at"]
        verbose_name = _("cycle reminder")
        verbose_name_plural = _("cycle reminders")
        constraints = [
            # Each reminder once per facility and cycle, whatever runs twice.
            models.UniqueConstraint(
                fields=["cycle", "facility", "kind"], name="programme_one_reminder_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.facility_id} {self.kind}"


class TierReason(models.TextChoices):
    ACCEPTED = "accepted", _("accepted evaluation")
    CHANGED = "changed", _("changed by the programme office")
    MISSED = "missed", _("missed the deadline")


class TierRecord(models.Model):
    """A facility's tier from `since` on; the latest record is the tier it has."""

    facility = models.ForeignKey(
        "programme.Facility",
        on_delete=models.CASCADE,
        related_name="tier_records",
        verbose_name=_("facility"),
    )
    tier = models.CharField(_("tier"), max_length=10, choices=Tier)
    since = models.DateTimeField(_("since"), default=timezone.now)
    cycle = models.CharField(_("cycle"), max_length=7, blank=True)
    why = models.CharField(_("why"), max_length=10, choices=TierReason)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        ordering = ["-since", "-pk"]
        verbose_name = _("tier record")
        verbose_name_plural = _("tier history")
        indexes = [models.Index(fields=["facility", "-since"], name="programme_tier_latest")]

    def __str__(self) -> str:
        return f"{self.facility_id} {self.tier} ({self.since:%Y-%m-%d})"
