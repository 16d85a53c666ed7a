"""Calendar files: times in the installation's own zone with its VTIMEZONE, a series as
an RRULE whose UNTIL is in UTC, a cancelled activity as cancelled; the appointment."""

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.test import Client, override_settings
from django.utils import timezone

from gemeinwerk.accounts.tests.more_factories import make_user, url
from gemeinwerk.networks import calendar
from gemeinwerk.networks.models import Activity, ActivityStatus, Appointment, Network, Repeat
from gemeinwerk.networks.tests.factories import make_activity, make_network, make_slot, point_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def network() -> Network:
    return make_network(name="Netzwerk Bilk")


def parsed(content: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(content)


def only_event(content: bytes) -> Any:
    (event,) = parsed(content).walk("VEVENT")
    return event


def zone_ids(content: bytes) -> list[str]:
    return [str(component["TZID"]) for component in parsed(content).walk("VTIMEZONE")]


@pytest.mark.parametrize("zone", ["Europe/Berlin", "Europe/Warsaw"])
def test_times_are_in_the_installations_zone(network: Network, zone: str):
    with override_settings(TIME_ZONE=zone), timezone.override(zone):
        start = datetime(2030, 6, 4, 10, tzinfo=ZoneInfo(zone))
        walk = make_activity(network, starts_at=start, ends_at=start + timedelta(hours=2))

        content = calendar.activity_calendar(walk)

    event = only_event(content)
    dtstart = event.decoded("DTSTART")
    assert dtstart == start
    assert getattr(dtstart.tzinfo, "key", None) == zone
    assert event["DTSTART"].params["TZID"] == zone
    assert event.decoded("DTEND") == start + timedelta(hours=2)
    assert zone_ids(content) == [zone]
    assert f"X-WR-TIMEZONE:{zone}".encode() in content
    assert str(event["UID"]) == f"{walk.uid}@gemeinwerk"
    assert str(event["SUMMARY"]) == walk.title
    assert "STATUS" not in event
    assert "RRULE" not in event


@pytest.mark.parametrize(
    ("repeat", "first", "expected"),
    [
        (Repeat.WEEKLY, datetime(2030, 6, 4, 10), {"FREQ": ["WEEKLY"]}),
        (Repeat.FORTNIGHTLY, datetime(2030, 6, 4, 10), {"FREQ": ["WEEKLY"], "INTERVAL": [2]}),
        # 4 June 2030 is the first Tuesday of June.
        (Repeat.MONTHLY, datetime(2030, 6, 4, 10), {"FREQ": ["MONTHLY"], "BYDAY": ["1TU"]}),
        # 30 July 2030 is its fifth Tuesday: "the last Tuesday".
        (Repeat.MONTHLY, datetime(2030, 7, 30, 10), {"FREQ": ["MONTHLY"], "BYDAY": ["-1TU"]}),
    ],
)
def test_a_series_is_written_as_a_rule(
    network: Network, repeat: str, first: datetime, expected: dict[str, list[Any]]
):
    with override_settings(TIME_ZONE="Europe/Berlin"), timezone.override("Europe/Berlin"):
        start = first.replace(tzinfo=ZoneInfo("Europe/Berlin"))
        walk = make_activity(
            network,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            repeat=repeat,
            repeat_until=date(2030, 12, 31),
        )
        content = calendar.activity_calendar(walk)

    rule = only_event(content)["RRULE"]
    for key, value in expected.items():
        assert rule[key] == value
    assert ("INTERVAL" in rule) == ("INTERVAL" in expected)
    assert ("BYDAY" in rule) == ("BYDAY" in expected)
    # The end of 31 December in Berlin (winter time) is 22:59:59 UTC.
    assert rule["UNTIL"] == [datetime(2030, 12, 31, 22, 59, 59, tzinfo=UTC)]
    assert b"UNTIL=20301231T225959Z" in content


def test_until_is_in_utc_in_summer_and_in_warsaw(network: Network):
    with override_settings(TIME_ZONE="Europe/Warsaw"), timezone.override("Europe/Warsaw"):
        start = datetime(2030, 6, 4, 10, tzinfo=ZoneInfo("Europe/Warsaw"))
        walk = make_activity(
            network,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            repeat=Repeat.WEEKLY,
            repeat_until=date(2030, 6, 30),
        )
        content = calendar.activity_calendar(walk)

    assert b"UNTIL=20300630T215959Z" in content
    assert zone_ids(content) == ["Europe/Warsaw"]


def test_a_cancelled_activity_is_cancelled_in_the_calendar(network: Network):
    walk = make_activity(network, status=ActivityStatus.CANCELLED, cancelled_at=timezone.now())

    event = only_event(calendar.activity_calendar(walk))

    assert str(event["STATUS"]) == "CANCELLED"


def test_the_networks_feed_has_every_activity_with_one_zone(network: Network):
    with override_settings(TIME_ZONE="Europe/Warsaw"), timezone.override("Europe/Warsaw"):
        start = timezone.now() + timedelta(days=3)
        titles = {"Spaziergang", "Repair-Café", "Lesekreis"}
        for title in titles:
            make_activity(network, title=title, starts_at=start, ends_at=start + timedelta(hours=1))
        make_activity(make_network(), title="Elsewhere")

        response = Client().get(url("networks:feed", network.slug))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].startswith("inline")
    events = parsed(response.content).walk("VEVENT")
    assert {str(event["SUMMARY"]) for event in events} == titles
    assert all(event.decoded("DTSTART").tzinfo.key == "Europe/Warsaw" for event in events)
    assert zone_ids(response.content) == ["Europe/Warsaw"]


def test_network_feed_directly_with_a_series(network: Network):
    with override_settings(TIME_ZONE="Europe/Berlin"), timezone.override("Europe/Berlin"):
        series = make_activity(network, repeat=Repeat.FORTNIGHTLY)
        once = make_activity(network)
        content = calendar.network_feed(network, Activity.objects.filter(network=network))

    events: dict[str, Any] = {str(event["UID"]): event for event in parsed(content).walk("VEVENT")}
    assert set(events) == {f"{series.uid}@gemeinwerk", f"{once.uid}@gemeinwerk"}
    assert events[f"{series.uid}@gemeinwerk"]["RRULE"]["INTERVAL"] == [2]
    assert "RRULE" not in events[f"{once.uid}@gemeinwerk"]
    assert zone_ids(content) == ["Europe/Berlin"]


def test_the_activity_calendar_download(network: Network):
    walk = make_activity(network, title="Spaziergang im Park")

    response = Client().get(url("networks:activity_calendar", network.slug, walk.pk))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="spaziergang-im-park.ics"'
    assert str(only_event(response.content)["SUMMARY"]) == "Spaziergang im Park"


@pytest.mark.parametrize("zone", ["Europe/Berlin", "Europe/Warsaw"])
def test_the_appointment_calendar(network: Network, zone: str):
    point = point_of(network)
    with override_settings(TIME_ZONE=zone), timezone.override(zone):
        start = datetime(2030, 6, 4, 10, tzinfo=ZoneInfo(zone))
        slot = make_slot(point, start, minutes=30)
        appointment = Appointment.objects.create(slot=slot, member=make_user())
        content = calendar.appointment_calendar(appointment, language="en")

    event = only_event(content)
    assert str(event["SUMMARY"]) == "Verification appointment"
    assert event.decoded("DTSTART") == start
    assert event.decoded("DTSTART").tzinfo.key == zone
    assert event.decoded("DTEND") == start + timedelta(minutes=30)
    assert point.name in str(event["LOCATION"])
    assert str(event["UID"]) == f"appointment-{appointment.pk}@gemeinwerk"
    assert zone_ids(content) == [zone]
    assert "STATUS" not in event


def test_a_video_call_appointment_and_a_cancelled_one(network: Network):
    slot = make_slot(point_of(network), timezone.now() + timedelta(days=2), mode="video_call")
    appointment = Appointment.objects.create(
        slot=slot, member=make_user(), status="cancelled", closed_at=timezone.now()
    )

    event = only_event(calendar.appointment_calendar(appointment, language="en"))

    assert str(event["LOCATION"]) == "Video call"
    assert str(event["STATUS"]) == "CANCELLED"
