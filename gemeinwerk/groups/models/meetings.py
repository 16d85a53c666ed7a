"""Meetings: a schedule (once, every few weeks, or monthly on the nth weekday) and its
occurrences. Each meeting has a room code; a rotating one gives every occurrence its
own."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gemeinwerk.groups.models.groups import GroupStatus
from gemeinwerk.groups.schedule import EARLY_ENTRY


class Recurrence(models.TextChoices):
    ONCE = "once", _("Once")
    WEEKLY = "weekly", _("Every week or every few weeks, on the same weekday")
    MONTHLY = "monthly", _("Once a month, on the same weekday (e.g. every 2nd Tuesday)")


class Meeting(models.Model):
    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="meetings")
    recurrence = models.CharField(_("how often"), max_length=10, choices=Recurrence)
    first_date = models.DateField(_("first date"))
    start_time = models.TimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=90)
    interval_weeks = models.PositiveSmallIntegerField(_("every how many weeks"), default=1)
    # 1 to 4 for "1st ... 4th weekday of the month", -1 for "last".
    week_of_month = models.SmallIntegerField(null=True, blank=True)
    until = models.DateField(_("last date"), null=True, blank=True)
    rotate_code = models.BooleanField(
        _("new room code for every meeting"),
        default=False,
        help_text=_("Then each date has its own code, and an old code stops working."),
    )
    room_code = models.CharField(max_length=9, unique=True, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["first_date", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recurrence__in=Recurrence.values),
                name="groups_meeting_recurrence_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=15, duration_minutes__lte=480),
                name="groups_meeting_duration_sensible",
            ),
            models.CheckConstraint(
                condition=models.Q(interval_weeks__gte=1, interval_weeks__lte=4),
                name="groups_meeting_interval_sensible",
            ),
            # Ranges, not an IN list of numbers: Django's SQLite introspection cannot
            # read integer lists back from the table definition.
            models.CheckConstraint(
                condition=~models.Q(recurrence="monthly")
                | models.Q(week_of_month__gte=1, week_of_month__lte=4)
                | models.Q(week_of_month=-1),
                name="groups_monthly_meeting_has_week",
            ),
            # A shared code, or one per occurrence: never both, never neither.
            models.CheckConstraint(
                condition=models.Q(rotate_code=True, room_code__isnull=True)
                | models.Q(rotate_code=False, room_code__isnull=False),
                name="groups_meeting_code_matches_rotation",
            ),
        ]

    def __str__(self) -> str:
        return f"Meeting #{self.pk}"


class OccurrenceQuerySet(models.QuerySet["Occurrence"]):
    def held(self) -> "OccurrenceQuerySet":
        """Dates that take place: not cancelled, of a group that is active."""
        return self.filter(cancelled_at__isnull=True, meeting__group__status=GroupStatus.ACTIVE)

    def running_at(self, moment: datetime) -> "OccurrenceQuerySet":
        """Dates not cancelled whose room time includes `moment`, whatever the group's
        status (taking a seat away must reach a room whose group changed meanwhile)."""
        return self.filter(
            cancelled_at__isnull=True, starts_at__lte=moment + EARLY_ENTRY, ends_at__gt=moment
        )

    def open_at(self, moment: datetime) -> "OccurrenceQuerySet":
        """Dates whose room lets people in at `moment` (see Occurrence.is_open_at)."""
        return self.running_at(moment).filter(meeting__group__status=GroupStatus.ACTIVE)


class Occurrence(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="occurrences")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    room_code = models.CharField(max_length=9, unique=True, null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Where the series had put this date before a host moved it: the series must not
    # create that date again.
    moved_from = models.DateTimeField(null=True, blank=True)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "starts_at"], name="groups_occurrence_once"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="groups_occurrence_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Occurrence #{self.pk}"

    @property
    def opens_at(self) -> datetime:
        """People may enter the room EARLY_ENTRY before the start."""
        return self.starts_at - EARLY_ENTRY

    def is_open_at(self, moment: datetime) -> bool:
        """The room is open from `opens_at` until the end; the same test as
        OccurrenceQuerySet.open_at, for dates already loaded (cancellation and the
        group's status are the caller's, as they are for a loaded list)."""
        return self.opens_at <= moment < self.ends_at
