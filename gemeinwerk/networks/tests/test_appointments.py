"""Verification appointments: staff publish times at their contact point, a member who
is not yet verified books one (which is their request to that contact point), either
side cancels, and the outcome "verified" is the verification decision itself."""

from datetime import date, time, timedelta
from typing import Any

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gemeinwerk.accounts.models import TrustDecision, TrustLevel, User, VerificationRequest
from gemeinwerk.accounts.tests.more_factories import make_user, make_verified, staff_of
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.networks.models import Appointment, AppointmentStatus, Mode, Slot
from gemeinwerk.networks.services import appointments
from gemeinwerk.networks.tests.factories import equipped_point, make_slot
from gemeinwerk.notifications import services as notifications
from gemeinwerk.notifications.models import Notification
from gemeinwerk.places.models import ContactPoint
from gemeinwerk.places.selectors import local_today

pytestmark = pytest.mark.django_db


@pytest.fixture
def point() -> ContactPoint:
    return equipped_point(name="Zentrum plus Bilk")


@pytest.fixture
def staff(point: ContactPoint) -> User:
    return staff_of(point, username="sabine_staff")


@pytest.fixture
def slot(point: ContactPoint, staff: User) -> Slot:
    return make_slot(point, timezone.now() + timedelta(days=2), created_by=staff)


@pytest.fixture
def member() -> User:
    return make_user(username="ruth", email="ruth@example.org")


def tomorrow() -> date:
    return local_today() + timedelta(days=1)


def told(kind: str) -> list[str]:
    notes = Notification.objects.filter(kind=kind).order_by("recipient__username")
    return list(notes.values_list("recipient__username", flat=True))


def publish(staff: User, point: ContactPoint, **kwargs: Any) -> list[Slot]:
    options: dict[str, Any] = {
        "day": tomorrow(),
        "first": time(10),
        "count": 3,
        "minutes": 20,
        "mode": Mode.IN_PERSON,
    }
    options.update(kwargs)
    return appointments.publish_slots(staff=staff, contact_point=point, **options)


# --- Publishing times ---------------------------------------------------------------


def test_staff_publish_consecutive_times(point: ContactPoint, staff: User):
    slots = publish(staff, point)

    stored = list(Slot.objects.filter(contact_point=point).order_by("starts_at"))
    assert len(slots) == len(stored) == 3
    starts = [timezone.localtime(slot.starts_at) for slot in stored]
    assert [(moment.hour, moment.minute) for moment in starts] == [(10, 0), (10, 20), (10, 40)]
    assert {moment.date() for moment in starts} == {tomorrow()}
    assert all(slot.minutes == 20 and slot.created_by == staff for slot in stored)
    assert AuditEvent.objects.filter(action="appointment.slots_published", actor=staff).exists()


def test_times_in_the_past_are_refused(point: ContactPoint, staff: User):
    with pytest.raises(ValidationError) as refused:
        publish(staff, point, day=local_today() - timedelta(days=1))

    assert "day" in refused.value.message_dict
    assert not Slot.objects.exists()


def test_the_same_times_are_not_published_twice(point: ContactPoint, staff: User):
    publish(staff, point)

    with pytest.raises(ValidationError) as refused:
        publish(staff, point, first=time(10, 20))

    assert refused.value.code == "taken"
    assert Slot.objects.count() == 3
    # Another mode at the same times is another offer.
    publish(staff, point, mode=Mode.VIDEO_CALL)
    assert Slot.objects.count() == 6


def test_only_staff_of_that_contact_point_publish(point: ContactPoint):
    elsewhere = staff_of(equipped_point())

    with pytest.raises(PermissionDenied):
        publish(elsewhere, point)
    with pytest.raises(PermissionDenied):
        publish(make_verified(), point)
    assert not Slot.objects.exists()


def test_at_most_24_at_once(point: ContactPoint, staff: User):
    with pytest.raises(ValidationError) as refused:
        publish(staff, point, count=25)
    assert "count" in refused.value.message_dict
    assert not Slot.objects.exists()


# --- Booking --------------------------------------------------------------------------


def test_booking_is_also_the_request_to_that_contact_point(
    point: ContactPoint, staff: User, slot: Slot, member: User
):
    other_staff = staff_of(point, username="tom_staff")  # did not publish: not told

    appointment = appointments.book(member=member, slot=slot, message=" Zoom: ruth42 ")

    assert appointment.status == AppointmentStatus.BOOKED
    assert appointment.message == "Zoom: ruth42"
    assert appointment.booked_by is None
    request = VerificationRequest.objects.get(member=member, closed_at__isnull=True)
    assert request.contact_point == point
    assert request.preferred_method == slot.mode
    assert told("networks.appointment_booked") == ["ruth"]
    assert told("networks.appointment_booked_staff") == ["sabine_staff"]
    assert other_staff.username not in told("networks.appointment_booked_staff")
    note = Notification.objects.get(kind="networks.appointment_booked")
    assert note.params["appointment"] == appointment.pk
    assert note.params["place"] == "Zentrum plus Bilk"


def test_every_staff_member_is_told_when_the_publisher_left(point: ContactPoint, member: User):
    slot = make_slot(point, timezone.now() + timedelta(days=2), created_by=make_verified())
    staff_of(point, username="anna_staff")
    staff_of(point, username="tom_staff")

    appointments.book(member=member, slot=slot)

    assert told("networks.appointment_booked_staff") == ["anna_staff", "tom_staff"]


def test_booking_another_time_rebooks(point: ContactPoint, staff: User, slot: Slot, member: User):
    first = appointments.book(member=member, slot=slot)
    later = make_slot(point, slot.starts_at + timedelta(hours=1), created_by=staff)

    second = appointments.book(member=member, slot=later)

    first.refresh_from_db()
    assert first.status == AppointmentStatus.CANCELLED
    assert first.closed_at is not None
    assert first.closed_by == member
    assert second.status == AppointmentStatus.BOOKED
    assert Appointment.objects.filter(member=member, status=AppointmentStatus.BOOKED).get() == (
        second
    )
    # The freed time can be booked by someone else.
    assert appointments.book(member=make_user(), slot=slot).slot == slot


def test_a_verified_member_cannot_book(slot: Slot):
    with pytest.raises(PermissionDenied):
        appointments.book(member=make_verified(), slot=slot)
    assert not Appointment.objects.exists()


def test_a_taken_time_is_refused(slot: Slot, member: User):
    appointments.book(member=make_user(), slot=slot)

    with pytest.raises(ValidationError) as refused:
        appointments.book(member=member, slot=slot)

    assert refused.value.code == "taken"
    assert not Appointment.objects.filter(member=member).exists()


def test_a_past_time_is_refused(point: ContactPoint, member: User):
    past = make_slot(point, timezone.now() - timedelta(hours=1))

    with pytest.raises(ValidationError) as refused:
        appointments.book(member=member, slot=past)

    assert refused.value.code == "past"


def test_staff_book_for_a_caller(staff: User, slot: Slot, member: User):
    appointment = appointments.book(member=member, slot=slot, staff=staff)

    assert appointment.booked_by == staff
    assert AuditEvent.objects.filter(
        action="appointment.booked_by_staff", actor=staff, subject=member
    ).exists()


def test_the_confirmation_email_carries_the_appointment_as_a_calendar_file(
    slot: Slot, member: User, django_capture_on_commit_callbacks: Any
):
    with django_capture_on_commit_callbacks() as callbacks:
        appointment = appointments.book(member=member, slot=slot)
    assert callbacks  # the e-mail task is queued after the commit
    note = Notification.objects.get(kind="networks.appointment_booked", recipient=member)

    assert notifications.send_instant(notification_id=note.pk) == "sent"

    (message,) = mail.outbox
    assert message.to == ["ruth@example.org"]
    calendars = [item for item in message.attachments if item[2] == "text/calendar"]
    assert len(calendars) == 1
    filename, content, _media_type = calendars[0]
    assert filename == "appointment.ics"
    (event,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(event["UID"]) == f"appointment-{appointment.pk}@gemeinwerk"
    # Calendar files count in whole seconds.
    assert event.decoded("DTSTART") == slot.starts_at.replace(microsecond=0)


def test_a_cancelled_appointments_confirmation_has_no_file(slot: Slot, member: User, staff: User):
    appointment = appointments.book(member=member, slot=slot)
    appointments.cancel(actor=member, appointment=appointment)
    note = Notification.objects.get(kind="networks.appointment_booked", recipient=member)

    notifications.send_instant(notification_id=note.pk)

    (message,) = mail.outbox
    assert not [item for item in message.attachments if item[2] == "text/calendar"]


# --- Cancelling -----------------------------------------------------------------------


def test_the_member_cancels_and_the_staff_hear_of_it(slot: Slot, member: User):
    appointment = appointments.book(member=member, slot=slot)

    appointments.cancel(actor=member, appointment=appointment)

    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    assert told("networks.appointment_cancelled_staff") == ["sabine_staff"]
    assert told("networks.appointment_cancelled") == []


def test_staff_cancel_and_the_member_hears_of_it(staff: User, slot: Slot, member: User):
    appointment = appointments.book(member=member, slot=slot)

    appointments.cancel(actor=staff, appointment=appointment)

    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    assert appointment.closed_by == staff
    assert told("networks.appointment_cancelled") == ["ruth"]
    assert told("networks.appointment_cancelled_staff") == []
    with pytest.raises(ValidationError):
        appointments.cancel(actor=staff, appointment=appointment)


def test_nobody_else_cancels(slot: Slot, member: User):
    appointment = appointments.book(member=member, slot=slot)

    with pytest.raises(PermissionDenied):
        appointments.cancel(actor=staff_of(equipped_point()), appointment=appointment)
    appointment.refresh_from_db()
    assert appointment.is_booked


# --- The outcome ------------------------------------------------------------------------


def test_verified_is_the_verification_decision(point: ContactPoint, staff: User, member: User):
    video = make_slot(point, timezone.now() + timedelta(days=1), mode=Mode.VIDEO_CALL)
    appointment = appointments.book(member=member, slot=video)

    appointments.record_outcome(
        staff=staff, appointment=appointment, outcome="verified", house_rules_accepted=True
    )

    member.refresh_from_db()
    appointment.refresh_from_db()
    assert member.trust_level == TrustLevel.VERIFIED
    assert appointment.status == AppointmentStatus.VERIFIED
    assert appointment.closed_by == staff
    decision = TrustDecision.objects.get(member=member)
    assert decision.method == Mode.VIDEO_CALL
    assert decision.contact_point == point
    assert decision.decided_by == staff
    request = VerificationRequest.objects.get(member=member)
    assert request.closed_at is not None


def test_without_the_house_rules_nothing_changes(staff: User, slot: Slot, member: User):
    appointment = appointments.book(member=member, slot=slot)

    with pytest.raises(ValidationError):
        appointments.record_outcome(staff=staff, appointment=appointment, outcome="verified")

    member.refresh_from_db()
    appointment.refresh_from_db()
    assert member.trust_level == TrustLevel.UNVERIFIED
    assert appointment.status == AppointmentStatus.BOOKED
    assert not TrustDecision.objects.filter(member=member).exists()
    assert not AuditEvent.objects.filter(action="appointment.outcome").exists()


def test_nobody_misses_an_appointment_that_has_not_begun(staff: User, slot: Slot, member: User):
    appointment = appointments.book(member=member, slot=slot)

    with pytest.raises(ValidationError) as refused:
        appointments.record_outcome(staff=staff, appointment=appointment, outcome="no_show")

    assert refused.value.code == "not_yet"
    appointment.refresh_from_db()
    assert appointment.is_booked


def test_a_missed_appointment_is_recorded_after_its_start(
    point: ContactPoint, staff: User, member: User
):
    begun = make_slot(point, timezone.now() - timedelta(minutes=30))
    appointment = Appointment.objects.create(slot=begun, member=member)

    appointments.record_outcome(staff=staff, appointment=appointment, outcome="no_show")

    appointment.refresh_from_db()
    member.refresh_from_db()
    assert appointment.status == AppointmentStatus.NO_SHOW
    assert appointment.closed_at is not None
    assert member.trust_level == TrustLevel.UNVERIFIED
    event = AuditEvent.objects.get(action="appointment.outcome")
    assert event.after == {"status": "no_show"}


def test_only_the_contact_points_staff_record_outcomes(slot: Slot, member: User):
    appointment = appointments.book(member=member, slot=slot)

    with pytest.raises(PermissionDenied):
        appointments.record_outcome(
            staff=staff_of(equipped_point()),
            appointment=appointment,
            outcome="verified",
            house_rules_accepted=True,
        )
    member.refresh_from_db()
    assert member.trust_level == TrustLevel.UNVERIFIED
