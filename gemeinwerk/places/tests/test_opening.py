"""The opening state at fixed moments. 2 March 2026 is a Monday; in 2026 the clocks in
Germany go forward on 29 March and back on 25 October."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from gemeinwerk.places.models import Closure, OpeningHours, Weekday
from gemeinwerk.places.opening import (
    OpeningStatus,
    merged_intervals,
    opening_state,
    weekly_hours,
)

BERLIN = ZoneInfo("Europe/Berlin")
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def hours(*rows: tuple[int, str, str]) -> list[OpeningHours]:
    return [
        OpeningHours(weekday=day, opens=time.fromisoformat(a), closes=time.fromisoformat(b))
        for day, a, b in rows
    ]


def closed(first: date, last: date, reason: str = "") -> Closure:
    return Closure(first_day=first, last_day=last, reason=reason)


def at(day: int, clock: str, month: int = 3) -> datetime:
    return datetime.combine(date(2026, month, day), time.fromisoformat(clock), tzinfo=BERLIN)


# Weekdays with a lunch break, nothing at the weekend.
OFFICE = hours(
    *[(day, "09:00", "12:30") for day in (MON, TUE, WED, THU, FRI)],
    *[(day, "14:00", "17:00") for day in (MON, TUE, WED, THU)],
)


def state(rows, now, closures=()):
    return opening_state(rows, closures, now=now, zone=BERLIN)


def test_open_in_the_morning_until_the_lunch_break():
    result = state(OFFICE, at(2, "10:15"))

    assert result.is_open
    assert result.status is OpeningStatus.OPEN
    assert result.until == at(2, "12:30")
    assert result.next_opening is None


def test_during_the_lunch_break_it_opens_later_today():
    result = state(OFFICE, at(2, "13:00"))

    assert not result.is_open
    assert result.status is OpeningStatus.OPENS_TODAY
    assert result.next_opening == at(2, "14:00")


def test_before_opening_in_the_morning_it_opens_later_today():
    result = state(OFFICE, at(2, "07:45"))

    assert result.status is OpeningStatus.OPENS_TODAY
    assert result.next_opening == at(2, "09:00")


def test_the_opening_minute_is_open_and_the_closing_minute_is_not():
    assert state(OFFICE, at(2, "09:00")).is_open
    closing = state(OFFICE, at(2, "12:30"))
    assert closing.status is OpeningStatus.OPENS_TODAY
    assert closing.next_opening == at(2, "14:00")


def test_after_closing_it_opens_tomorrow():
    result = state(OFFICE, at(2, "17:30"))

    assert result.status is OpeningStatus.OPENS_TOMORROW
    assert result.next_opening == at(3, "09:00")


def test_after_the_weekend_it_opens_on_monday_named_by_weekday():
    result = state(OFFICE, at(6, "13:00"))  # Friday afternoon

    assert result.status is OpeningStatus.OPENS_THIS_WEEK
    assert result.next_opening == at(9, "09:00")
    assert result.next_opening is not None
    assert result.next_opening.weekday() == Weekday.MONDAY


def test_opens_tuesday_when_monday_has_no_hours():
    rows = hours((TUE, "10:00", "13:00"), (SAT, "10:00", "12:00"))

    result = state(rows, at(7, "12:30"))  # Saturday after closing

    assert result.status is OpeningStatus.OPENS_THIS_WEEK
    assert result.next_opening == at(10, "10:00")


def test_same_weekday_a_week_later_needs_the_date():
    rows = hours((MON, "10:00", "12:00"))

    result = state(rows, at(2, "12:00"))

    assert result.status is OpeningStatus.OPENS_LATER
    assert result.next_opening == at(9, "10:00")


def test_touching_intervals_count_as_one_opening():
    rows = hours((MON, "09:00", "12:00"), (MON, "12:00", "15:00"), (MON, "10:00", "11:00"))

    result = state(rows, at(2, "11:30"))

    assert result.until == at(2, "15:00")


def test_closed_all_week_has_no_next_opening():
    result = state([], at(2, "10:00"))

    assert result.status is OpeningStatus.CLOSED
    assert result.next_opening is None
    assert result.closure is None


def test_a_closure_today_skips_to_the_first_open_day_after_it():
    holidays = closed(date(2026, 3, 2), date(2026, 3, 4), "Fortbildung")

    result = state(OFFICE, at(2, "10:00"), [holidays])

    assert not result.is_open
    assert result.closure is holidays
    assert result.status is OpeningStatus.OPENS_THIS_WEEK
    assert result.next_opening == at(5, "09:00")


def test_a_closure_tomorrow_does_not_change_today():
    tomorrow = closed(date(2026, 3, 3), date(2026, 3, 3))

    result = state(OFFICE, at(2, "17:30"), [tomorrow])

    assert result.closure is None
    assert result.status is OpeningStatus.OPENS_THIS_WEEK
    assert result.next_opening == at(4, "09:00")


def test_a_closure_longer_than_a_week_gives_a_date():
    summer = closed(date(2026, 3, 2), date(2026, 3, 10))

    result = state(OFFICE, at(2, "10:00"), [summer])

    assert result.status is OpeningStatus.OPENS_LATER
    assert result.next_opening == at(11, "09:00")


def test_nothing_within_two_weeks_means_closed():
    long_closure = closed(date(2026, 3, 2), date(2026, 3, 16))

    result = state(OFFICE, at(2, "10:00"), [long_closure])

    assert result.status is OpeningStatus.CLOSED
    assert result.next_opening is None
    assert result.closure is long_closure


def test_an_opening_just_inside_fourteen_days_is_found():
    rows = hours((MON, "09:00", "12:00"))
    closure = closed(date(2026, 3, 2), date(2026, 3, 15))

    result = state(rows, at(2, "10:00"), [closure])

    assert result.status is OpeningStatus.OPENS_LATER
    assert result.next_opening == at(16, "09:00")


def test_an_opening_just_beyond_fourteen_days_is_not():
    rows = hours((MON, "09:00", "12:00"))
    closure = closed(date(2026, 3, 2), date(2026, 3, 15))

    result = state(rows, at(2, "08:00"), [closure])

    assert result.status is OpeningStatus.CLOSED


def test_now_is_read_in_local_time_not_utc():
    # 23:30 UTC on Monday is 00:30 on Tuesday in Germany.
    now = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)

    result = state(OFFICE, now)

    assert result.status is OpeningStatus.OPENS_TODAY
    assert result.next_opening == at(3, "09:00")


def test_spring_forward_day_keeps_wall_clock_hours():
    rows = hours((SUN, "10:00", "12:00"))
    # 29 March 2026: 02:00 CET becomes 03:00 CEST.
    before_change = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # 01:30 CET

    upcoming = state(rows, before_change)

    assert upcoming.status is OpeningStatus.OPENS_TODAY
    assert upcoming.next_opening == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)  # 10:00 CEST

    open_now = state(rows, datetime(2026, 3, 29, 8, 30, tzinfo=UTC))  # 10:30 CEST
    assert open_now.is_open
    assert open_now.until == datetime(2026, 3, 29, 10, 0, tzinfo=UTC)
    assert open_now.until is not None
    assert open_now.until.astimezone(BERLIN).hour == 12


def test_fall_back_day_keeps_wall_clock_hours():
    rows = hours((SUN, "09:00", "12:00"))
    # 25 October 2026: 03:00 CEST becomes 02:00 CET.
    early = datetime(2026, 10, 25, 7, 30, tzinfo=UTC)  # 08:30 CET

    result = state(rows, early)

    assert result.status is OpeningStatus.OPENS_TODAY
    assert result.next_opening == datetime(2026, 10, 25, 8, 0, tzinfo=UTC)  # 09:00 CET
    assert state(rows, datetime(2026, 10, 25, 8, 0, tzinfo=UTC)).is_open


def test_a_naive_now_is_refused():
    with pytest.raises(ValueError, match="aware"):
        opening_state(OFFICE, [], now=datetime(2026, 3, 2, 10, 0))


def test_default_zone_and_now_come_from_settings(settings, monkeypatch):
    settings.TIME_ZONE = "Europe/Berlin"
    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    )

    result = opening_state(OFFICE, [])

    assert result.status is OpeningStatus.OPENS_TODAY
    assert result.next_opening == at(3, "09:00")


def test_merged_intervals_sorts_each_day():
    rows = hours((TUE, "14:00", "16:00"), (TUE, "09:00", "12:00"))

    assert merged_intervals(rows)[TUE] == [(time(9), time(12)), (time(14), time(16))]
    assert merged_intervals(rows)[MON] == []


def test_weekly_hours_lists_every_day_and_marks_today():
    week = weekly_hours(OFFICE, today=date(2026, 3, 3))

    assert [day.weekday for day in week] == list(range(7))
    assert [day.is_today for day in week].index(True) == TUE
    assert week[MON].intervals == [(time(9), time(12, 30)), (time(14), time(17))]
    assert week[SAT].intervals == []
    with translation.override("en"):
        assert str(week[MON].label) == "Monday"
    with translation.override("pl"):
        assert str(week[SUN].label) == "Niedziela"
