"""Is a contact point open now, until when, or when does it open next?

Pure functions over opening-hours rows and closures: they take `now` as an argument and
touch no database, so every case (lunch breaks, holidays, the night the clocks change)
is a plain unit test.
"""

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Protocol

from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.functional import Promise
from django.utils.text import capfirst

# How far ahead "opens on ..." looks. Beyond two weeks a phone call is the better answer.
HORIZON_DAYS = 14


class Interval(Protocol):
    weekday: int
    opens: time
    closes: time


class ClosedDays(Protocol):
    first_day: date
    last_day: date
    reason: str


class OpeningStatus(enum.StrEnum):
    OPEN = "open"
    OPENS_TODAY = "opens_today"
    OPENS_TOMORROW = "opens_tomorrow"
    OPENS_THIS_WEEK = "opens_this_week"  # a weekday name is enough
    OPENS_LATER = "opens_later"  # a week or more ahead: needs the date
    CLOSED = "closed"  # no opening within the horizon


@dataclass(frozen=True)
class OpeningState:
    status: OpeningStatus
    # While open: when this opening ends. While closed: when the next one starts.
    # Both are aware datetimes in the local time zone.
    until: datetime | None = None
    next_opening: datetime | None = None
    # The closure (holidays ...) that keeps the place shut today, if any.
    closure: ClosedDays | None = None

    @property
    def is_open(self) -> bool:
        return self.status is OpeningStatus.OPEN


def merged_intervals(hours: Iterable[Interval]) -> dict[int, list[tuple[time, time]]]:
    """Each weekday's intervals in order, overlapping or touching ones joined, so that
    9-12 and 12-15 say "open until 15:00", not "until 12:00"."""
    by_day: dict[int, list[tuple[time, time]]] = {day: [] for day in range(7)}
    for row in sorted(hours, key=lambda r: (r.weekday, r.opens)):
        day = by_day[row.weekday]
        if day and row.opens <= day[-1][1]:
            day[-1] = (day[-1][0], max(day[-1][1], row.closes))
        else:
            day.append((row.opens, row.closes))
    return by_day


def closure_on(day: date, closures: Sequence[ClosedDays]) -> ClosedDays | None:
    return next((c for c in closures if c.first_day <= day <= c.last_day), None)


def _local(day: date, clock: time, zone: tzinfo) -> datetime:
    # combine() with a zoneinfo picks the offset valid on that date, so 10:00 on the
    # day the clocks change is still 10:00 on the wall.
    return datetime.combine(day, clock, tzinfo=zone)


def opening_state(
    hours: Iterable[Interval],
    closures: Iterable[ClosedDays],
    now: datetime | None = None,
    zone: tzinfo | None = None,
) -> OpeningState:
    """The state at `now` (aware; default: the current time) in `zone` (default:
    settings.TIME_ZONE)."""
    zone = zone or timezone.get_default_timezone()
    now = now or timezone.now()
    if timezone.is_naive(now):
        raise ValueError("opening_state needs an aware datetime")
    local_now = now.astimezone(zone)
    today = local_now.date()
    # Compared in UTC: aware datetimes that share a tzinfo compare by wall clock,
    # which is wrong in the repeated hour when the clocks go back.
    now_utc = now.astimezone(UTC)
    horizon_utc = now_utc + timedelta(days=HORIZON_DAYS)
    by_day = merged_intervals(hours)
    closures = list(closures)

    for offset in range(HORIZON_DAYS + 1):
        day = today + timedelta(days=offset)
        if closure_on(day, closures):
            continue
        for opens, closes in by_day[day.weekday()]:
            start, end = _local(day, opens, zone), _local(day, closes, zone)
            if end.astimezone(UTC) <= now_utc:
                continue
            if start.astimezone(UTC) <= now_utc:
                return OpeningState(OpeningStatus.OPEN, until=end)
            if start.astimezone(UTC) > horizon_utc:
                break
            return OpeningState(
                _status_for(offset),
                next_opening=start,
                closure=closure_on(today, closures),
            )
    return OpeningState(OpeningStatus.CLOSED, closure=closure_on(today, closures))


def _status_for(days_ahead: int) -> OpeningStatus:
    if days_ahead == 0:
        return OpeningStatus.OPENS_TODAY
    if days_ahead == 1:
        return OpeningStatus.OPENS_TOMORROW
    if days_ahead < 7:
        return OpeningStatus.OPENS_THIS_WEEK
    return OpeningStatus.OPENS_LATER


@dataclass(frozen=True)
class DayHours:
    weekday: int
    intervals: list[tuple[time, time]]
    is_today: bool

    @property
    def label(self) -> str | Promise:
        # A row label: capitalised, also where the language writes days small.
        return capfirst(WEEKDAYS[self.weekday])


def weekly_hours(hours: Iterable[Interval], today: date) -> list[DayHours]:
    """Monday to Sunday, each with its intervals (empty: closed that day)."""
    by_day = merged_intervals(hours)
    return [
        DayHours(weekday=day, intervals=by_day[day], is_today=day == today.weekday())
        for day in range(7)
    ]
