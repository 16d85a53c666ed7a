"""Scheduling meetings and their room codes."""

from datetime import UTC, date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gemeinwerk import audit
from gemeinwerk.accounts.models import User
from gemeinwerk.core.permissions import may
from gemeinwerk.groups import roomcodes, schedule
from gemeinwerk.groups.audit_actions import AuditAction
from gemeinwerk.groups.models import Group, Meeting, Occurrence, Recurrence
from gemeinwerk.groups.services import followers


def new_room_code() -> str:
    """A code no meeting or occurrence uses (a clash is astronomically rare)."""
    while True:
        code = roomcodes.generate()
        taken = (
            Meeting.objects.filter(room_code=code).exists()
            or Occurrence.objects.filter(room_code=code).exists()
        )
        if not taken:
            return code


def extend_occurrences(meeting: Meeting, *, until: date | None = None) -> int:
    """Create the occurrences up to the horizon that do not exist yet."""
    if meeting.ended_at is not None:
        return 0
    last = until or (timezone.localdate() + schedule.HORIZON)
    existing = set(meeting.occurrences.values_list("starts_at", flat=True))
    # A date a host moved elsewhere stays where the host put it.
    moved = meeting.occurrences.filter(moved_from__isnull=False)
    existing |= {moment for moment in moved.values_list("moved_from", flat=True) if moment}
    length = timedelta(minutes=meeting.duration_minutes)
    created = 0
    for day in schedule.dates(
        recurrence=meeting.recurrence,
        first_date=meeting.first_date,
        interval_weeks=meeting.interval_weeks,
        week=meeting.week_of_month,
        until=meeting.until,
        last=last,
    ):
        starts_at = schedule.local_datetime(day, meeting.start_time)
        if starts_at in existing:
            continue
        Occurrence.objects.create(
            meeting=meeting,
            starts_at=starts_at,
            # In UTC: local wall-clock arithmetic would make a meeting across the clock
            # change an hour shorter or longer.
            ends_at=starts_at.astimezone(UTC) + length,
            room_code=new_room_code() if meeting.rotate_code else None,
        )
        created += 1
    return created


@transaction.atomic
def schedule_meeting(
    *,
    group: Group,
    host: User,
    recurrence: str,
    first_date: date,
    start_time: time,
    duration_minutes: int,
    interval_weeks: int = 1,
    last_week_of_month: bool = False,
    until: date | None = None,
    rotate_code: bool = False,
) -> Meeting:
    """Only a trained host of the group who accepted the agreement in force."""
    if not may(host, "groups.schedule_meeting", group):
        raise PermissionDenied("not a trained host who accepted the current agreement")
    if first_date < timezone.localdate():
        raise ValidationError({"first_date": _("The first date cannot be in the past.")})
    if until is not None and until < first_date:
        raise ValidationError({"until": _("The last date must come after the first.")})
    week = None
    if recurrence == Recurrence.MONTHLY:
        week = -1 if last_week_of_month else schedule.week_of_month(first_date)
        if week == 5:
            raise ValidationError(
                {"first_date": _("Choose a 1st to 4th weekday, or the last one of the month.")}
            )
    meeting = Meeting(
        group=group,
        recurrence=recurrence,
        first_date=first_date,
        start_time=start_time,
        duration_minutes=duration_minutes,
        interval_weeks=interval_weeks if recurrence == Recurrence.WEEKLY else 1,
        week_of_month=week,
        until=until if recurrence != Recurrence.ONCE else None,
        rotate_code=rotate_code,
        room_code=None if rotate_code else new_room_code(),
        created_by=host,
    )
    meeting.full_clean()
    meeting.save()
    extend_occurrences(meeting)
    audit.record(
        actor=host,
        action=AuditAction.MEETING_SCHEDULED,
        target=meeting,
        after={"group": group.pk, "recurrence": recurrence, "rotating": rotate_code},
    )
    return meeting


def _check_host(user: User, group: Group) -> None:
    if not may(user, "groups.stop_meetings", group):
        raise PermissionDenied("only the group's hosts manage its meetings")


@transaction.atomic
def regenerate_code(*, meeting: Meeting, actor: User, occurrence: Occurrence | None = None) -> str:
    """A new code at once; the old one stops working. Only the group's own (verified)
    hosts: a new code chosen by anyone else would let them into the room and lock the
    group out."""
    if not may(actor, "groups.change_room_code", meeting.group):
        raise PermissionDenied("only the group's hosts change its room code")
    code = new_room_code()
    if meeting.rotate_code:
        if occurrence is None or occurrence.meeting_id != meeting.pk:
            raise ValidationError(_("Choose the date whose code should change."))
        occurrence.room_code = code
        occurrence.save(update_fields=["room_code"])
    else:
        meeting.room_code = code
        meeting.save(update_fields=["room_code"])
    audit.record(actor=actor, action=AuditAction.MEETING_CODE_REGENERATED, target=meeting)
    followers.code_changed(meeting.group, code, occurrence if meeting.rotate_code else None, actor)
    return code


@transaction.atomic
def cancel_occurrence(*, occurrence: Occurrence, actor: User) -> None:
    _check_host(actor, occurrence.meeting.group)
    if occurrence.cancelled_at is None:
        occurrence.cancelled_at = timezone.now()
        occurrence.save(update_fields=["cancelled_at"])
        audit.record(
            actor=actor, action=AuditAction.MEETING_OCCURRENCE_CANCELLED, target=occurrence
        )
        followers.date_cancelled(occurrence, actor)


@transaction.atomic
def move_occurrence(*, occurrence: Occurrence, actor: User, starts_at: datetime) -> None:
    """One date to another day or time, as long as before; the code stays. The people
    who asked for the group's reminders and its other hosts are told."""
    if not may(actor, "groups.move_meeting", occurrence.meeting.group):
        raise PermissionDenied("only the group's hosts move its meetings")
    occurrence = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
    now = timezone.now()
    if occurrence.cancelled_at is not None or occurrence.starts_at <= now:
        raise ValidationError(_("Only a date that is still to come can be moved."), code="past")
    if starts_at <= now:
        raise ValidationError(_("Choose a day and time in the future."), code="future")
    if (
        Occurrence.objects.filter(meeting=occurrence.meeting, starts_at=starts_at)
        .exclude(pk=occurrence.pk)
        .exists()
    ):
        raise ValidationError(_("This meeting has a date at that time already."), code="taken")
    before = occurrence.starts_at
    length = occurrence.ends_at - occurrence.starts_at
    occurrence.moved_from = occurrence.moved_from or before
    occurrence.starts_at, occurrence.ends_at = starts_at, starts_at + length
    occurrence.save(update_fields=["starts_at", "ends_at", "moved_from"])
    audit.record(
        actor=actor,
        action=AuditAction.MEETING_OCCURRENCE_MOVED,
        target=occurrence,
        before={"starts_at": before.isoformat()},
        after={"starts_at": starts_at.isoformat()},
    )
    followers.date_moved(occurrence, before, actor)


@transaction.atomic
def end_series(*, meeting: Meeting, actor: User) -> None:
    """No more dates: future occurrences are cancelled, the codes stop working."""
    _check_host(actor, meeting.group)
    now = timezone.now()
    meeting.ended_at = now
    meeting.save(update_fields=["ended_at"])
    meeting.occurrences.filter(starts_at__gt=now, cancelled_at__isnull=True).update(
        cancelled_at=now
    )
    audit.record(actor=actor, action=AuditAction.MEETING_ENDED, target=meeting)


def room_code_of(meeting: Meeting, occurrence: Occurrence | None = None) -> str:
    code = occurrence.room_code if occurrence and occurrence.room_code else meeting.room_code
    return roomcodes.display(code or "")


@transaction.atomic
def extend_all_series() -> int:
    """Give every running series its dates up to the horizon (run daily)."""
    created = 0
    for meeting in Meeting.objects.filter(ended_at__isnull=True).exclude(
        recurrence=Recurrence.ONCE
    ):
        created += extend_occurrences(meeting)
    return created
