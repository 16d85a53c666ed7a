"""The dates of a series in the city's local time: 10:00 stays 10:00 across the change
to summer time; every two weeks; the same weekday of the month; an end date."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from gemeinwerk.networks import recurrence
from gemeinwerk.networks.models import Activity, Repeat

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def _berlin(settings: object) -> None:
    settings.TIME_ZONE = "Europe/Berlin"  # type: ignore[attr-defined]


def series(start: datetime, repeat: str, *, until: date | None = None) -> Activity:
    # Not saved: the dates are worked out from the fields alone.
    return Activity(
        title="Spaziergang",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        repeat=repeat,
        repeat_until=until,
    )


def local(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=BERLIN)


def days(activity: Activity, after: datetime, limit: int = 3) -> list[datetime]:
    return list(recurrence.starts(activity, after=after, limit=limit))


def test_a_weekly_series_keeps_its_local_time_across_the_change_to_summer_time():
    walk = series(local(2026, 3, 24, 10), Repeat.WEEKLY)

    found = days(walk, after=local(2026, 3, 25), limit=2)

    assert [moment.replace(tzinfo=None) for moment in found] == [
        datetime(2026, 3, 31, 10),
        datetime(2026, 4, 7, 10),
    ]
    assert found[0].astimezone(UTC) == datetime(2026, 3, 31, 8, tzinfo=UTC)
    assert local(2026, 3, 24, 10).astimezone(UTC).hour == 9  # winter time before
    assert found[0].utcoffset() == timedelta(hours=2)


def test_a_weekly_series_keeps_its_local_time_back_to_winter_time():
    walk = series(local(2026, 10, 20, 10), Repeat.WEEKLY)

    (found,) = days(walk, after=local(2026, 10, 21), limit=1)

    assert found.replace(tzinfo=None) == datetime(2026, 10, 27, 10)
    assert found.astimezone(UTC) == datetime(2026, 10, 27, 9, tzinfo=UTC)


def test_every_two_weeks():
    walk = series(local(2026, 3, 24, 10), Repeat.FORTNIGHTLY)

    found = days(walk, after=local(2026, 3, 25))

    assert [moment.date() for moment in found] == [
        date(2026, 4, 7),
        date(2026, 4, 21),
        date(2026, 5, 5),
    ]
    assert all(moment.hour == 10 for moment in found)


def test_every_first_tuesday_of_the_month():
    cafe = series(local(2026, 3, 3, 15), Repeat.MONTHLY)  # the first Tuesday of March

    found = days(cafe, after=local(2026, 3, 4))

    assert [moment.date() for moment in found] == [
        date(2026, 4, 7),
        date(2026, 5, 5),
        date(2026, 6, 2),
    ]
    assert all(moment.weekday() == 1 and moment.hour == 15 for moment in found)


def test_a_fifth_weekday_becomes_the_last_of_the_month():
    assert recurrence.week_of_month(date(2026, 3, 31)) == -1
    assert recurrence.week_of_month(date(2026, 3, 24)) == 4
    cafe = series(local(2026, 3, 31, 15), Repeat.MONTHLY)  # the fifth Tuesday of March

    found = days(cafe, after=local(2026, 4, 1))

    # April and May have four Tuesdays each side of the 28th/26th: the last one.
    assert [moment.date() for moment in found] == [
        date(2026, 4, 28),
        date(2026, 5, 26),
        date(2026, 6, 30),
    ]


def test_the_series_ends_with_its_last_date():
    walk = series(local(2026, 3, 24, 10), Repeat.WEEKLY, until=date(2026, 4, 7))

    found = days(walk, after=local(2026, 3, 23), limit=10)

    assert [moment.date() for moment in found] == [
        date(2026, 3, 24),
        date(2026, 3, 31),
        date(2026, 4, 7),
    ]
    assert recurrence.next_start(walk, after=local(2026, 4, 8)) is None
    assert not recurrence.is_upcoming(walk, now=local(2026, 4, 8))
    assert recurrence.last_end(walk) == local(2026, 4, 7, 12)


def test_a_series_without_end_has_no_last_end():
    assert recurrence.last_end(series(local(2026, 3, 24, 10), Repeat.WEEKLY)) is None


def test_a_running_single_date_is_still_next():
    now = timezone.now()
    running = Activity(
        starts_at=now - timedelta(minutes=30), ends_at=now + timedelta(minutes=30), repeat="once"
    )
    over = Activity(
        starts_at=now - timedelta(hours=2), ends_at=now - timedelta(minutes=1), repeat="once"
    )

    assert recurrence.next_start(running, after=now) == running.starts_at
    assert recurrence.is_upcoming(running, now=now)
    assert recurrence.next_start(over, after=now) is None
    assert recurrence.last_end(over) == over.ends_at


def test_a_running_date_of_a_series_is_still_next():
    walk = series(local(2026, 3, 24, 10), Repeat.WEEKLY)

    found = recurrence.next_start(walk, after=local(2026, 3, 31, 11))

    assert found == local(2026, 3, 31, 10)


def test_a_series_that_begins_later_starts_with_its_first_date():
    walk = series(local(2026, 3, 24, 10), Repeat.WEEKLY)

    assert recurrence.next_start(walk, after=local(2026, 3, 1)) == local(2026, 3, 24, 10)
