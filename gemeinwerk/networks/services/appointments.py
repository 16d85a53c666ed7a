"""Verification appointments: staff publish times, a member who is not yet verified
books one (which is also their request to that contact point), staff book one for a
caller, either side cancels, and staff record the outcome, which for "verified" is the
verification decision of accounts."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gemeinwerk import audit
from gemeinwerk.accounts.models import TrustLevel, User
from gemeinwerk.accounts.selectors import staff_at
from gemeinwerk.accounts.services import trust
from gemeinwerk.core.permissions import may, require
from gemeinwerk.networks.audit_actions import AuditAction
from gemeinwerk.networks.models import Appointment, AppointmentStatus, Slot
from gemeinwerk.networks.models.appointments import TAKING_STATUSES
from gemeinwerk.notifications.services import notify
from gemeinwerk.places.selectors import local_today

# At most this many times in one go: a morning of 20-minute appointments is 12.
MOST_SLOTS_AT_ONCE = 24
# Times are published for the coming year at most.
FURTHEST_DAYS = 366


class Outcome:
    VERIFIED = "verified"
    MET = "met"
    NO_SHOW = "no_show"


@transaction.atomic
def publish_slots(
    *,
    staff: User,
    contact_point: Any,
    day: date,
    first: time,
    count: int,
    minutes: int,
    mode: str,
) -> list[Slot]:
    """`count` appointments one after another from `first` on `day` (local time)."""
    require(staff, "networks.publish_slots_at", contact_point)
    if not 1 <= count <= MOST_SLOTS_AT_ONCE:
        raise ValidationError({"count": _("Between 1 and 24 at a time.")}, code="count")
    if day > local_today() + timedelta(days=FURTHEST_DAYS):
        raise ValidationError(
            {"day": _("Please choose a date within the coming year.")}, code="far"
        )
    zone = timezone.get_default_timezone()
    start = datetime.combine(day, first, tzinfo=zone)
    if start <= timezone.now():
        raise ValidationError({"day": _("Please choose a time in the future.")}, code="past")
    slots = []
    for number in range(count):
        slot = Slot(
            contact_point=contact_point,
            starts_at=start + timedelta(minutes=minutes * number),
            minutes=minutes,
            mode=mode,
            created_by=staff,
        )
        slot.full_clean(validate_constraints=False)
        slots.append(slot)
    taken = Slot.objects.filter(
        contact_point=contact_point, mode=mode, starts_at__in=[s.starts_at for s in slots]
    ).exists()
    if taken:
        raise ValidationError(
            _("Some of these times are already published. Please choose another start."),
            code="taken",
        )
    try:
        with transaction.atomic():
            Slot.objects.bulk_create(slots)
    except IntegrityError:
        # Published by a colleague (or a second click) between the check and now.
        raise ValidationError(
            _("Some of these times are already published. Please choose another start."),
            code="taken",
        ) from None
    audit.record(
        actor=staff,
        action=AuditAction.SLOTS_PUBLISHED,
        target=contact_point,
        after={"first": start.isoformat(), "count": count, "minutes": minutes, "mode": mode},
    )
    return slots


@transaction.atomic
def remove_slot(*, staff: User, slot: Slot) -> None:
    require(staff, "networks.handle_appointment", slot)
    slot = Slot.objects.select_for_update().get(pk=slot.pk)
    if slot.appointments.filter(status__in=TAKING_STATUSES).exists():
        raise ValidationError(
            _("This time is booked. Cancel the appointment first."), code="booked"
        )
    audit.record(
        actor=staff,
        action=AuditAction.SLOT_REMOVED,
        target=slot.contact_point,
        before={"starts_at": slot.starts_at.isoformat(), "mode": slot.mode},
    )
    slot.appointments.all().delete()  # cancelled ones only
    slot.delete()


def _tell_booked(appointment: Appointment) -> None:
    slot = appointment.slot
    params = {
        "appointment": appointment.pk,
        "place": slot.contact_point.name,
        "starts_at": slot.starts_at.isoformat(),
        "mode": slot.mode,
    }
    notify(
        appointment.member,
        "networks.appointment_booked",
        params=params,
        path=reverse("networks:appointments"),
    )
    # The member's name is not copied into the staff's notification (it would outlive
    # the account): the day's page shows it.
    for staff in _team(slot):
        notify(
            staff,
            "networks.appointment_booked_staff",
            params=params,
            path=reverse("staff:networks:day") + f"?day={local_today(slot.starts_at).isoformat()}",
        )


def _team(slot: Slot) -> list[User]:
    """Who gets the staff's confirmation: whoever published the time if they still work
    there, otherwise the contact point's staff."""
    team = list(staff_at(slot.contact_point))
    if slot.created_by_id and any(person.pk == slot.created_by_id for person in team):
        return [person for person in team if person.pk == slot.created_by_id]
    return team


@transaction.atomic
def book(*, member: User, slot: Slot, message: str = "", staff: User | None = None) -> Appointment:
    """Book `slot` for `member` (by themselves, or by staff over the phone). An earlier
    booked appointment of the member is cancelled: that is re-booking."""
    if staff is not None:
        require(staff, "networks.handle_appointment", slot)
    elif not may(member, "networks.book_appointment"):
        raise PermissionDenied("only members who are not yet verified book appointments")
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.trust_level != TrustLevel.UNVERIFIED:
        raise ValidationError(_("This account does not need verification."), code="not_needed")
    slot = Slot.objects.select_for_update().select_related("contact_point").get(pk=slot.pk)
    if slot.starts_at <= timezone.now():
        raise ValidationError(_("This time has passed. Please choose another."), code="past")
    if slot.appointments.filter(status__in=TAKING_STATUSES).exists():
        raise ValidationError(
            _("Someone has just booked this time. Please choose another."), code="taken"
        )
    earlier = list(
        Appointment.objects.select_for_update()
        .filter(member=member, status=AppointmentStatus.BOOKED)
        .select_related("slot")
    )
    if staff is not None and any(
        old.slot.contact_point_id != slot.contact_point_id for old in earlier
    ):
        # Another team's appointment is not staff's to move: the member moves it, or
        # that team cancels it.
        raise ValidationError(
            _(
                "This person already has an appointment with another contact point. They "
                "can move it themselves, or that contact point can cancel it."
            ),
            code="booked_elsewhere",
        )
    for old in earlier:
        _close(old, AppointmentStatus.CANCELLED, by=staff or member)
    appointment = Appointment(slot=slot, member=member, message=message.strip(), booked_by=staff)
    appointment.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            appointment.save()
    except IntegrityError:
        raise ValidationError(
            _("Someone has just booked this time. Please choose another."), code="taken"
        ) from None
    if staff is None:
        # The member's own booking is also their request to that contact point: it
        # shows in the team's queue, and the team may read the account while it is
        # open. A booking staff make over the phone gives them no such access.
        trust.request_verification(
            member=member,
            contact_point=slot.contact_point,
            preferred_method=slot.mode,
            message=appointment.message,
        )
    if staff is not None:
        audit.record(
            actor=staff,
            action=AuditAction.APPOINTMENT_BOOKED_BY_STAFF,
            subject=member,
            target=appointment,
        )
    _tell_booked(appointment)
    return appointment


def _close(appointment: Appointment, status: str, *, by: User) -> None:
    appointment.status = status
    appointment.closed_at = timezone.now()
    appointment.closed_by = by
    appointment.save(update_fields=["status", "closed_at", "closed_by"])


@transaction.atomic
def cancel(*, actor: User, appointment: Appointment) -> None:
    """The member or the contact point's staff cancel; the other side hears of it."""
    appointment = (
        Appointment.objects.select_for_update()
        .select_related("slot__contact_point", "member")
        .get(pk=appointment.pk)
    )
    own = appointment.member_id == actor.pk
    if not own:
        require(actor, "networks.handle_appointment", appointment)
    if not appointment.is_booked:
        raise ValidationError(_("This appointment is no longer open."), code="closed")
    _close(appointment, AppointmentStatus.CANCELLED, by=actor)
    slot = appointment.slot
    # Without the appointment the team no longer reads the account.
    trust.withdraw_verification_request(member=appointment.member, contact_point=slot.contact_point)
    params = {
        "place": slot.contact_point.name,
        "starts_at": slot.starts_at.isoformat(),
        "mode": slot.mode,
    }
    if own:
        for staff in _team(slot):
            notify(
                staff,
                "networks.appointment_cancelled_staff",
                params=params,
                path=reverse("staff:networks:day")
                + f"?day={local_today(slot.starts_at).isoformat()}",
            )
    else:
        audit.record(
            actor=actor,
            action=AuditAction.APPOINTMENT_CANCELLED_BY_STAFF,
            subject=appointment.member,
            target=appointment,
        )
        notify(
            appointment.member,
            "networks.appointment_cancelled",
            params=params,
            path=reverse("networks:appointments"),
        )


@transaction.atomic
def record_outcome(
    *, staff: User, appointment: Appointment, outcome: str, house_rules_accepted: bool = False
) -> Appointment:
    """After the appointment: verified (the verification decision, with the method and
    place of the appointment), met without a decision, or did not come (counted, never
    held against anyone)."""
    require(staff, "networks.handle_appointment", appointment)
    # The member first, as `book` does: the same order of locks, no deadlock.
    User.objects.select_for_update().get(pk=appointment.member_id)
    appointment = (
        Appointment.objects.select_for_update()
        .select_related("slot__contact_point", "member")
        .get(pk=appointment.pk)
    )
    if not appointment.is_booked:
        raise ValidationError(_("The outcome of this appointment is recorded."), code="closed")
    slot = appointment.slot
    if outcome == Outcome.VERIFIED:
        trust.verify_member(
            member=appointment.member,
            staff=staff,
            method=slot.mode,
            contact_point=slot.contact_point,
            house_rules_accepted=house_rules_accepted,
        )
        status = AppointmentStatus.VERIFIED
    elif outcome == Outcome.MET:
        status = AppointmentStatus.MET
    elif outcome == Outcome.NO_SHOW:
        if slot.starts_at > timezone.now():
            raise ValidationError(
                _("Nobody can miss an appointment that has not begun."), code="not_yet"
            )
        status = AppointmentStatus.NO_SHOW
        trust.withdraw_verification_request(
            member=appointment.member, contact_point=slot.contact_point
        )
    else:
        raise ValidationError(_("Please choose an outcome."), code="outcome")
    _close(appointment, status, by=staff)
    audit.record(
        actor=staff,
        action=AuditAction.APPOINTMENT_OUTCOME,
        subject=appointment.member,
        target=appointment,
        after={"status": status},
    )
    return appointment
