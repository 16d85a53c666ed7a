"""The dates of a meeting schedule: pure functions, in the city's local time."""

import calendar
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django.utils import timezone

# How far ahead occurrences are created; they are extended as time passes.
HORIZON = timedelta(days=120)
# People may enter the room this long before the start.
EARLY_ENTRY_MINUTES = 15
EARLY_ENTRY = timedelta(minutes=EARLY_ENTRY_MINUTES)


def nth_weekday(year: int, month: int, weekday: int, week: int) -> date | None:
    """The `week`-th (1-4) or last (-1) `weekday` of a month."""
    days = [
        day
        for day in calendar.Calendar().itermonthdates(year, month)
        if day.month == month and day.weekday() == weekday
    ]
    if week == -1:
        return days[-1]
    return days[week - 1] if week <= len(days) else None


def week_of_month(day: date) -> int:
    return (day.day - 1) // 7 + 1


def dates(
    *,
    recurrence: str,
    first_date: date,
    interval_weeks: int = 1,
    week: int | None = None,
    until: date | None = None,
    last: date,
) -> Iterator[date]:
    """Dates from `first_date` up to `until` and `last`, whichever comes first."""
    end = min(filter(None, [until, last]))
    if recurrence == "once":
        if first_date <= end:
            yield first_date
        return
    if recurrence == "weekly":
        day = first_date
        while day <= end:
            yield day
            day += timedelta(weeks=interval_weeks)
        return
    year, month = first_date.year, first_date.month
    while True:
        day_in_month = nth_weekday(year, month, first_date.weekday(), week or 1)
        if day_in_month is not None:
            if day_in_month > end:
                return
            if day_in_month >= first_date:
                yield day_in_month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def local_datetime(day: date, start: time) -> datetime:
    """A wall-clock time in the city; daylight saving time is taken into account."""
    return timezone.make_aware(datetime.combine(day, start), timezone.get_default_timezone())
