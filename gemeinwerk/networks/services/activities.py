"""Writes about activities: posting and changing them, registering (a waiting list
once the places are taken), cancelling a registration (the next person moves up and
hears of it) and cancelling the activity (everyone registered hears of it)."""

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gemeinwerk import audit
from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.selectors import staff_at
from gemeinwerk.core.permissions import may, require
from gemeinwerk.networks import recurrence
from gemeinwerk.networks.audit_actions import AuditAction
from gemeinwerk.networks.models import (
    Activity,
    ActivityStatus,
    Network,
    Registration,
    RegistrationStatus,
)
from gemeinwerk.networks.models.activities import ACTIVE_STATUSES
from gemeinwerk.networks.selectors import facilitators_of
from gemeinwerk.notifications.services import notify

ACTIVITY_FIELDS = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "repeat",
    "repeat_until",
    "contact_point",
    "address",
    "district",
    "admission",
    "capacity",
)


def _params(activity: Activity, start: datetime | None = None) -> dict[str, Any]:
    when = start or recurrence.next_start(activity, after=timezone.now()) or activity.starts_at
    return {
        "activity": activity.title,
        "network": activity.network.name,
        "starts_at": when.isoformat(),
    }


@transaction.atomic
def save_activity(
    *, actor: User, network: Network, data: dict[str, Any], activity: Activity | None = None
) -> Activity:
    if activity is None:
        require(actor, "networks.post_activity", network)
        activity = Activity(network=network, organiser=actor)
    else:
        require(actor, "networks.manage_activity", activity)
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        if activity.is_cancelled:
            raise ValidationError(_("A cancelled activity cannot be changed."), code="cancelled")
    for name in ACTIVITY_FIELDS:
        if name in data:
            setattr(activity, name, data[name])
    if activity.contact_point is not None:
        activity.address = ""
    if activity.repeat == "once":
        activity.repeat_until = None
    elif (
        activity.repeat_until
        and activity.repeat_until < recurrence.local(activity.starts_at).date()
    ):
        raise ValidationError(
            {"repeat_until": _("The last date cannot be before the first.")}, code="until"
        )
    activity.full_clean()
    activity.save()
    # More places (or none limited any more) let people from the waiting list move up.
    _fill_places(activity)
    return activity


def _confirmed(activity: Activity) -> QuerySet[Registration]:
    return activity.registrations.filter(status=RegistrationStatus.CONFIRMED)


def _fill_places(activity: Activity) -> list[Registration]:
    """Move people up from the waiting list while places are free (activity locked):
    all of them when places are no longer limited or nobody needs to register any more.
    Not for an activity that is over: nobody is told of a place in the past."""
    if not recurrence.is_upcoming(activity, now=timezone.now()):
        return []
    waiting = activity.registrations.filter(status=RegistrationStatus.WAITING).order_by(
        "created_at", "pk"
    )
    if activity.needs_registration and activity.capacity is not None:
        free = activity.capacity - _confirmed(activity).count()
        waiting = waiting[: max(free, 0)]
    moved = list(waiting.select_related("member", "registered_by"))
    now = timezone.now()
    for registration in moved:
        registration.status = RegistrationStatus.CONFIRMED
        registration.moved_up_at = now
        registration.save(update_fields=["status", "moved_up_at"])
        _tell_moved_up(activity, registration)
    return moved


def _callers_staff(activity: Activity, registration: Registration) -> list[User]:
    """Who calls a caller without an account: the staff member who registered them, or,
    if that account is gone, the staff of the activity's contact point or the
    network's facilitators."""
    if registration.registered_by is not None:
        return [registration.registered_by]
    if activity.contact_point is not None:
        team = list(staff_at(activity.contact_point))
        if team:
            return team
    return facilitators_of(activity.network)


def _tell_moved_up(activity: Activity, registration: Registration) -> None:
    if registration.member is not None:
        notify(
            registration.member,
            "networks.moved_up",
            params=_params(activity),
            path=activity.get_absolute_url(),
        )
        return
    # Registered over the phone without an account: staff call them. Their name and
    # number stay on the list of people (deleted with it), not in the notification.
    for staff in _callers_staff(activity, registration):
        notify(
            staff,
            "networks.call_moved_up",
            params=_params(activity),
            path=people_path(activity),
        )


def people_path(activity: Activity) -> str:
    return reverse(
        "networks:participants", kwargs={"slug": activity.network.slug, "pk": activity.pk}
    )


def _lock(activity: Activity) -> Activity:
    return Activity.objects.select_for_update().select_related("network").get(pk=activity.pk)


def _check_open(activity: Activity) -> None:
    if activity.is_cancelled:
        raise ValidationError(_("This activity has been cancelled."), code="cancelled")
    if not activity.needs_registration:
        raise ValidationError(_("Nobody needs to register: just drop in."), code="drop_in")
    if not recurrence.is_upcoming(activity, now=timezone.now()):
        raise ValidationError(_("This activity is over."), code="over")


def _new_registration(activity: Activity, **fields: Any) -> Registration:
    full = activity.capacity is not None and _confirmed(activity).count() >= activity.capacity
    registration = Registration(
        activity=activity,
        status=RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED,
        **fields,
    )
    registration.full_clean()
    registration.save()
    return registration


@transaction.atomic
def register(*, member: User, activity: Activity) -> Registration:
    """The member's own registration: a place, or the waiting list when all are taken.
    Registering twice gives back the first registration."""
    activity = _lock(activity)
    if not may(member, "networks.register", activity):
        _check_open(activity)
        raise PermissionDenied("only verified members register themselves")
    existing = activity.registrations.filter(member=member, status__in=ACTIVE_STATUSES).first()
    if existing is not None:
        return existing
    return _new_registration(activity, member=member)


@transaction.atomic
def register_by_phone(
    *,
    staff: User,
    activity: Activity,
    member: User | None = None,
    name: str = "",
    phone: str = "",
) -> Registration:
    """Staff register someone who called: with their account, or with a name and a
    number for someone without one."""
    require(staff, "networks.register_others", activity)
    activity = _lock(activity)
    _check_open(activity)
    if member is not None:
        if activity.registrations.filter(member=member, status__in=ACTIVE_STATUSES).exists():
            raise ValidationError(_("This person is already registered."), code="already")
        registration = _new_registration(activity, member=member, registered_by=staff)
    else:
        if not name.strip():
            raise ValidationError({"name": _("Please give the person's name.")}, code="name")
        registration = _new_registration(
            activity, name=name.strip(), phone=phone.strip(), registered_by=staff
        )
    audit.record(
        actor=staff,
        action=AuditAction.REGISTERED_BY_STAFF,
        subject=member,
        target=activity,
        after={"status": registration.status},
    )
    return registration


@transaction.atomic
def cancel_registration(*, actor: User, registration: Registration) -> list[Registration]:
    """The person cancels their own, or staff cancel one they may manage. A freed
    place goes to the first person waiting. Returns who moved up."""
    activity = _lock(registration.activity)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    own = registration.member_id is not None and registration.member_id == actor.pk
    if not own:
        require(actor, "networks.register_others", activity)
    if not registration.is_active:
        return []
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if not own:
        audit.record(
            actor=actor,
            action=AuditAction.REGISTRATION_CANCELLED_BY_STAFF,
            subject=registration.member,
            target=activity,
        )
    if activity.is_cancelled:
        return []
    return _fill_places(activity)


@transaction.atomic
def cancel_activity(*, actor: User, activity: Activity) -> int:
    """Cancel the activity (every date of a series); tell everyone registered. Returns
    how many people were told."""
    require(actor, "networks.manage_activity", activity)
    activity = _lock(activity)
    if activity.is_cancelled:
        return 0
    activity.status = ActivityStatus.CANCELLED
    activity.cancelled_at = timezone.now()
    activity.save(update_fields=["status", "cancelled_at"])
    audit.record(actor=actor, action=AuditAction.ACTIVITY_CANCELLED, target=activity)
    told = 0
    registrations = list(
        activity.registrations.filter(status__in=ACTIVE_STATUSES).select_related(
            "member", "registered_by"
        )
    )
    params = _params(activity)
    callers = 0
    for registration in registrations:
        if registration.member is None:
            callers += 1
        elif registration.member.pk != actor.pk:
            notify(
                registration.member,
                "networks.activity_cancelled",
                params=params,
                path=activity.get_absolute_url(),
            )
            told += 1
    # Staff who registered people over the phone are asked to call them; the names
    # and numbers are on the list of people, not in the notification.
    if callers:
        staff = {
            person.pk: person
            for registration in registrations
            if registration.member is None
            for person in _callers_staff(activity, registration)
        }
        for person in staff.values():
            notify(
                person,
                "networks.call_activity_cancelled",
                params=params | {"count": callers},
                path=people_path(activity),
            )
        told += callers
    return told


# Names and numbers of callers without an account are kept this long after the
# activity's last date, then deleted (docs/privacy.md).
PHONE_REGISTRATIONS_KEPT_DAYS = 30


def forget_phone_registrations(*, now: datetime | None = None) -> int:
    """Daily: delete the registrations of callers without an account once their
    activity is over for a while (cancelled ones count from the cancellation)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=PHONE_REGISTRATIONS_KEPT_DAYS)
    candidates = Registration.objects.filter(member__isnull=True).select_related("activity")
    gone = []
    for registration in candidates.iterator():
        activity = registration.activity
        if activity.is_cancelled and activity.cancelled_at and activity.cancelled_at < cutoff:
            gone.append(registration.pk)
            continue
        end = recurrence.last_end(activity)
        if end is not None and end < cutoff:
            gone.append(registration.pk)
    deleted, _rows = Registration.objects.filter(pk__in=gone).delete()
    return deleted


def leave_activities(user: User) -> None:
    """Before an account is deleted: its places go to the next people waiting, who hear
    of it (a deletion that only cascaded would free the place without a word)."""
    active = Registration.objects.filter(member=user, status__in=ACTIVE_STATUSES)
    for registration in active.select_related("activity"):
        cancel_registration(actor=user, registration=registration)
