"""The dates of an activity: once, or a series in the city's local time (a walk at
10:00 stays at 10:00 across the change to summer time). The same rule is written into
the calendar files (calendar.py), so a calendar shows the dates this page shows."""

from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any

from dateutil import rrule
from django.utils import timezone

from gemeinwerk.networks.models import Activity, Repeat

WEEKDAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)


def local(moment: datetime) -> datetime:
    return timezone.localtime(moment, timezone.get_default_timezone())


def week_of_month(day: date) -> int:
    """1 to 4, or -1 for "the last" (a fifth Tuesday is not in every month)."""
    week = (day.day - 1) // 7 + 1
    return -1 if week > 4 else week


def rule(activity: Activity) -> rrule.rrule | None:
    """The series as a dateutil rule over naive local times, or None for a single date."""
    if activity.repeat == Repeat.ONCE:
        return None
    start = local(activity.starts_at).replace(tzinfo=None)
    until = (
        datetime.combine(activity.repeat_until, time(23, 59, 59)) if activity.repeat_until else None
    )
    options: dict[str, Any] = {"dtstart": start, "until": until}
    if activity.repeat == Repeat.WEEKLY:
        return rrule.rrule(rrule.WEEKLY, **options)
    if activity.repeat == Repeat.FORTNIGHTLY:
        return rrule.rrule(rrule.WEEKLY, interval=2, **options)
    weekday = WEEKDAYS[start.weekday()](week_of_month(start.date()))
    return rrule.rrule(rrule.MONTHLY, byweekday=weekday, **options)


def starts(activity: Activity, *, after: datetime, limit: int = 3) -> Iterator[datetime]:
    """Up to `limit` starts (aware, local) of dates that are not over at `after`."""
    zone = timezone.get_default_timezone()
    series = rule(activity)
    if series is None:
        if activity.ends_at > after:
            yield local(activity.starts_at)
        return
    # A date still running counts: look from `after` minus the length of a date.
    since = local(after - activity.duration).replace(tzinfo=None)
    for found, moment in enumerate(series.xafter(since, inc=False), start=1):
        yield moment.replace(tzinfo=zone)
        if found >= limit:
            return


def next_start(activity: Activity, *, after: datetime) -> datetime | None:
    return next(starts(activity, after=after, limit=1), None)


def is_upcoming(activity: Activity, *, now: datetime) -> bool:
    return next_start(activity, after=now) is not None


def last_end(activity: Activity) -> datetime | None:
    """When the last date ends; None for a series without end."""
    series = rule(activity)
    if series is None:
        return activity.ends_at
    if activity.repeat_until is None:
        return None
    zone = timezone.get_default_timezone()
    last = series.before(datetime.combine(activity.repeat_until, time(23, 59, 59)), inc=True)
    start = last.replace(tzinfo=zone) if last else local(activity.starts_at)
    return start + activity.duration
