"""Calendar files (RFC 5545) with icalendar: one activity, a network's feed, one
verification appointment. Times are written in the installation's time zone with its
VTIMEZONE, so that a series at 10:00 stays at 10:00 in every calendar after the change
to summer time."""

from collections.abc import Iterable
from datetime import UTC, datetime, time

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.text import slugify

from gemeinwerk.networks import recurrence
from gemeinwerk.networks.models import Activity, Appointment, Network, Repeat
from gemeinwerk.places.models import ContactPoint

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MEDIA_TYPE = "text/calendar; charset=utf-8"


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{settings.GEMEINWERK_OPERATOR['name']}//Gemeinwerk//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _finish(calendar: icalendar.Calendar) -> bytes:
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def _rrule(activity: Activity) -> dict[str, object] | None:
    if activity.repeat == Repeat.ONCE:
        return None
    start = recurrence.local(activity.starts_at)
    rule: dict[str, object] = {"freq": "weekly"}
    if activity.repeat == Repeat.FORTNIGHTLY:
        rule["interval"] = 2
    elif activity.repeat == Repeat.MONTHLY:
        week = recurrence.week_of_month(start.date())
        rule = {"freq": "monthly", "byday": f"{week}{WEEKDAY_CODES[start.weekday()]}"}
    if activity.repeat_until:
        # UNTIL is in UTC when DTSTART has a time zone (RFC 5545, 3.3.10).
        end_of_day = datetime.combine(
            activity.repeat_until, time(23, 59, 59), tzinfo=timezone.get_default_timezone()
        )
        rule["until"] = end_of_day.astimezone(UTC)
    return rule


def address_of(point: ContactPoint) -> str:
    return f"{point.name}, {point.street}, {point.postal_code} {point.city}"


def place_of(activity: Activity) -> str:
    point = activity.contact_point
    return activity.address if point is None else address_of(point)


def _event(activity: Activity, stamp: datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{activity.uid}@gemeinwerk")
    event.add("dtstamp", stamp)
    event.add("summary", activity.title)
    event.add("description", activity.description)
    event.add("dtstart", recurrence.local(activity.starts_at))
    event.add("dtend", recurrence.local(activity.ends_at))
    event.add("location", place_of(activity))
    event.add("url", absolute(activity.get_absolute_url()))
    rule = _rrule(activity)
    if rule:
        event.add("rrule", rule)
    if activity.is_cancelled:
        event.add("status", "CANCELLED")
    return event


def activity_calendar(activity: Activity) -> bytes:
    calendar = _calendar(activity.network.name)
    calendar.add_component(_event(activity, timezone.now()))
    return _finish(calendar)


def network_feed(network: Network, activities: Iterable[Activity]) -> bytes:
    calendar = _calendar(network.name)
    stamp = timezone.now()
    for activity in activities:
        calendar.add_component(_event(activity, stamp))
    return _finish(calendar)


def appointment_calendar(appointment: Appointment, *, language: str) -> bytes:
    """The confirmation's attachment, in the language of the person who reads it."""
    slot = appointment.slot
    point = slot.contact_point
    with translation.override(language):
        calendar = _calendar(point.name)
        event = icalendar.Event()
        event.add("uid", f"appointment-{appointment.pk}@gemeinwerk")
        event.add("dtstamp", timezone.now())
        event.add("summary", translation.gettext("Verification appointment"))
        event.add("dtstart", recurrence.local(slot.starts_at))
        event.add("dtend", recurrence.local(slot.ends_at))
        if slot.mode == "video_call":
            event.add("location", translation.gettext("Video call"))
        else:
            event.add("location", address_of(point))
        if not appointment.is_booked and appointment.status == "cancelled":
            event.add("status", "CANCELLED")
        calendar.add_component(event)
    return _finish(calendar)


def response(content: bytes, name: str) -> HttpResponse:
    answer = HttpResponse(content, content_type=MEDIA_TYPE)
    answer["Content-Disposition"] = f'attachment; filename="{slugify(name) or "calendar"}.ics"'
    return answer
