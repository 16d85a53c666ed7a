"""The dates of a meeting schedule, and their times in the city's local time.

Europe/Berlin changes to summer time on the last Sunday of March (2026-03-29, 2027-03-28)
and back on the last Sunday of October (2026-10-25, 2027-10-31): a meeting at 19:00
stays at 19:00 on the wall clock, so its time in UTC moves by an hour.
"""

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gemeinwerk.groups import schedule
from gemeinwerk.groups.models import Meeting, Recurrence
from gemeinwerk.groups.services.meetings import extend_occurrences, new_room_code
from gemeinwerk.groups.tests.factories import GroupFactory

BERLIN = ZoneInfo("Europe/Berlin")
TUESDAY, SUNDAY = 1, 6


def listed(**kwargs: object) -> list[date]:
    return list(schedule.dates(**kwargs))  # type: ignore[arg-type]


# --- Weekdays of a month ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "month", "week", "expected"),
    [
        (2026, 1, 1, date(2026, 1, 6)),
        (2026, 1, 2, date(2026, 1, 13)),
        (2026, 3, 2, date(2026, 3, 10)),
        (2026, 3, 4, date(2026, 3, 24)),
        (2026, 3, -1, date(2026, 3, 31)),  # March 2026 has five Tuesdays
        (2026, 2, -1, date(2026, 2, 24)),  # February only four
        (2026, 12, -1, date(2026, 12, 29)),
    ],
)
def test_nth_weekday_finds_the_tuesday(year: int, month: int, week: int, expected: date):
    assert schedule.nth_weekday(year, month, TUESDAY, week) == expected


@pytest.mark.parametrize(
    ("day", "week"),
    [
        (date(2026, 3, 1), 1),
        (date(2026, 3, 7), 1),
        (date(2026, 3, 8), 2),
        (date(2026, 3, 10), 2),
        (date(2026, 3, 28), 4),
        (date(2026, 3, 29), 5),
        (date(2026, 3, 31), 5),
    ],
)
def test_week_of_month_counts_sevens(day: date, week: int):
    assert schedule.week_of_month(day) == week


# --- Once, weekly, monthly ----------------------------------------------------------------


def test_a_single_meeting_has_one_date():
    assert listed(recurrence="once", first_date=date(2026, 5, 5), last=date(2026, 12, 31)) == [
        date(2026, 5, 5)
    ]


def test_a_single_meeting_beyond_the_horizon_has_none_yet():
    assert listed(recurrence="once", first_date=date(2027, 5, 5), last=date(2026, 12, 31)) == []


def test_weekly_meetings_come_every_week():
    days = listed(recurrence="weekly", first_date=date(2026, 3, 2), last=date(2026, 3, 31))

    assert days == [date(2026, 3, d) for d in (2, 9, 16, 23, 30)]


def test_every_other_week_skips_a_week():
    days = listed(
        recurrence="weekly", first_date=date(2026, 3, 2), interval_weeks=2, last=date(2026, 4, 30)
    )

    assert days == [
        date(2026, 3, 2),
        date(2026, 3, 16),
        date(2026, 3, 30),
        date(2026, 4, 13),
        date(2026, 4, 27),
    ]
    assert {day.weekday() for day in days} == {0}


def test_every_four_weeks():
    days = listed(
        recurrence="weekly", first_date=date(2026, 1, 1), interval_weeks=4, last=date(2026, 4, 30)
    )

    assert days == [
        date(2026, 1, 1),
        date(2026, 1, 29),
        date(2026, 2, 26),
        date(2026, 3, 26),
        date(2026, 4, 23),
    ]
    assert days[-1] + timedelta(weeks=4) > date(2026, 4, 30)


def test_every_second_tuesday_of_the_month():
    days = listed(
        recurrence="monthly", first_date=date(2026, 1, 13), week=2, last=date(2026, 6, 30)
    )

    assert days == [
        date(2026, 1, 13),
        date(2026, 2, 10),
        date(2026, 3, 10),
        date(2026, 4, 14),
        date(2026, 5, 12),
        date(2026, 6, 9),
    ]
    assert all(d.weekday() == TUESDAY and schedule.week_of_month(d) == 2 for d in days)


def test_monthly_meetings_go_on_into_the_next_year():
    days = listed(
        recurrence="monthly", first_date=date(2026, 11, 10), week=2, last=date(2027, 2, 28)
    )

    assert days == [date(2026, 11, 10), date(2026, 12, 8), date(2027, 1, 12), date(2027, 2, 9)]


def test_last_tuesday_of_the_month_with_four_or_five_tuesdays():
    days = listed(
        recurrence="monthly", first_date=date(2026, 1, 27), week=-1, last=date(2026, 6, 30)
    )

    assert days == [
        date(2026, 1, 27),
        date(2026, 2, 24),
        date(2026, 3, 31),
        date(2026, 4, 28),
        date(2026, 5, 26),
        date(2026, 6, 30),
    ]
    # The last one: a week later it is the next month.
    assert all((d + timedelta(weeks=1)).month != d.month for d in days)


def test_a_monthly_series_starts_no_earlier_than_its_first_date():
    # First date the 4th Tuesday of January: the 2nd Tuesday of January is not a date.
    days = listed(
        recurrence="monthly", first_date=date(2026, 1, 27), week=2, last=date(2026, 3, 31)
    )

    assert days == [date(2026, 2, 10), date(2026, 3, 10)]


@pytest.mark.parametrize("recurrence", ["weekly", "monthly"])
def test_until_ends_the_series_before_the_horizon(recurrence: str):
    days = listed(
        recurrence=recurrence,
        first_date=date(2026, 1, 13),
        week=2,
        until=date(2026, 3, 10),
        last=date(2026, 12, 31),
    )

    assert days[0] == date(2026, 1, 13)
    assert days[-1] == date(2026, 3, 10)  # the last date itself is included


def test_the_horizon_ends_the_series_before_until():
    days = listed(
        recurrence="weekly",
        first_date=date(2026, 1, 6),
        until=date(2026, 12, 31),
        last=date(2026, 1, 31),
    )

    assert days == [date(2026, 1, d) for d in (6, 13, 20, 27)]


def test_until_before_the_first_date_gives_no_dates():
    for recurrence in ("once", "weekly", "monthly"):
        assert (
            listed(
                recurrence=recurrence,
                first_date=date(2026, 5, 12),
                week=2,
                until=date(2026, 5, 1),
                last=date(2026, 12, 31),
            )
            == []
        )


@given(
    first=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    last_week=st.booleans(),
)
def test_monthly_dates_keep_weekday_and_week(first: date, last_week: bool):
    week = -1 if last_week else schedule.week_of_month(first)
    if week == 5:
        week = -1
    days = listed(
        recurrence="monthly", first_date=first, week=week, last=first + timedelta(days=400)
    )

    assert days, "at least a year of dates"
    assert len(days) >= 12
    assert days == sorted(set(days))
    assert days[0] >= first
    assert len({(d.year, d.month) for d in days}) == len(days), "one date a month"
    for day in days:
        assert day.weekday() == first.weekday()
        if week == -1:
            assert (day + timedelta(weeks=1)).month != day.month
        else:
            assert schedule.week_of_month(day) == week


@given(
    first=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    interval=st.integers(min_value=1, max_value=4),
)
def test_weekly_dates_are_evenly_spaced(first: date, interval: int):
    days = listed(
        recurrence="weekly",
        first_date=first,
        interval_weeks=interval,
        last=first + timedelta(days=200),
    )

    assert days[0] == first
    assert {b - a for a, b in itertools.pairwise(days)} == {timedelta(weeks=interval)}
    assert days[-1] + timedelta(weeks=interval) > first + timedelta(days=200)


# --- Local time across the change to and from summer time -----------------------------


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (date(2026, 3, 28), 18),  # winter time, UTC+1
        (date(2026, 3, 29), 17),  # the change day: summer time, UTC+2
        (date(2026, 10, 24), 17),
        (date(2026, 10, 25), 18),  # back to winter time
    ],
)
def test_local_datetime_keeps_the_wall_clock(day: date, utc_hour: int):
    moment = schedule.local_datetime(day, time(19))

    assert moment.astimezone(BERLIN).time() == time(19)
    assert moment.astimezone(UTC).hour == utc_hour


def weekly_on_sundays(first: date, *, start: time, minutes: int = 90) -> Meeting:
    return Meeting.objects.create(
        group=GroupFactory.create(),
        recurrence=Recurrence.WEEKLY,
        first_date=first,
        start_time=start,
        duration_minutes=minutes,
        room_code=new_room_code(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("change_day", [date(2026, 3, 29), date(2026, 10, 25)])
def test_sunday_meetings_stay_at_seven_across_the_change(change_day: date):
    meeting = weekly_on_sundays(change_day - timedelta(weeks=2), start=time(19))

    created = extend_occurrences(meeting, until=change_day + timedelta(weeks=2))

    occurrences = list(meeting.occurrences.order_by("starts_at"))
    assert created == len(occurrences) == 5
    assert [o.starts_at.astimezone(BERLIN).date() for o in occurrences] == [
        change_day + timedelta(weeks=n) for n in range(-2, 3)
    ]
    for occurrence in occurrences:
        assert occurrence.starts_at.astimezone(BERLIN).time() == time(19)
        assert occurrence.ends_at.astimezone(BERLIN).time() == time(20, 30)
        assert occurrence.ends_at - occurrence.starts_at == timedelta(minutes=90)
    # In UTC the meeting moves by an hour at the change.
    utc_hours = [o.starts_at.astimezone(UTC).hour for o in occurrences]
    assert utc_hours[1] != utc_hours[2]


@pytest.mark.django_db
@pytest.mark.parametrize("change_day", [date(2026, 3, 29), date(2026, 10, 25)])
def test_a_night_meeting_over_the_change_lasts_its_real_length(change_day: date):
    # 01:30 to 03:00 on the clock, which jumps (March) or repeats an hour (October):
    # the meeting must still last the 90 minutes it was scheduled for.
    meeting = weekly_on_sundays(change_day, start=time(1, 30))

    extend_occurrences(meeting, until=change_day)

    occurrence = meeting.occurrences.get()
    assert occurrence.starts_at.astimezone(BERLIN) == datetime(
        2026, change_day.month, change_day.day, 1, 30, tzinfo=BERLIN
    )
    assert occurrence.ends_at - occurrence.starts_at == timedelta(minutes=90)


@pytest.mark.django_db
def test_extending_twice_creates_no_second_occurrence():
    meeting = weekly_on_sundays(date(2026, 3, 1), start=time(19))

    first = extend_occurrences(meeting, until=date(2026, 4, 30))
    again = extend_occurrences(meeting, until=date(2026, 4, 30))
    later = extend_occurrences(meeting, until=date(2026, 5, 31))

    assert (first, again, later) == (9, 0, 5)
    assert meeting.occurrences.count() == 14
