"""Registering for activities: places while they are free, then a waiting list; who
moves up hears of it (or the staff member who registered a caller does); cancelling an
activity tells everyone registered; callers' names and numbers are forgotten later."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.tests.more_factories import make_user, make_verified, staff_of
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.networks.models import (
    Activity,
    ActivityStatus,
    Admission,
    Network,
    Registration,
    RegistrationStatus,
)
from gemeinwerk.networks.services import activities
from gemeinwerk.networks.tests.factories import (
    make_activity,
    make_network,
    phone_registration,
    point_of,
)
from gemeinwerk.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def network() -> Network:
    return make_network(name="Netzwerk Bilk")


@pytest.fixture
def staff(network: Network) -> User:
    return staff_of(point_of(network), username="sabine_staff")


@pytest.fixture
def walk(network: Network) -> Activity:
    return make_activity(network, title="Spaziergang", capacity=2)


def told(kind: str) -> list[str]:
    notes = Notification.objects.filter(kind=kind).order_by("recipient__username")
    return list(notes.values_list("recipient__username", flat=True))


def registered(activity: Activity, name: str) -> Registration:
    return activities.register(member=make_verified(username=name), activity=activity)


def test_places_first_then_the_waiting_list(walk: Activity):
    first = registered(walk, "anna")
    second = registered(walk, "bernd")
    third = registered(walk, "carla")

    assert first.status == RegistrationStatus.CONFIRMED
    assert second.status == RegistrationStatus.CONFIRMED
    assert third.status == RegistrationStatus.WAITING


def test_a_freed_place_goes_to_the_first_person_waiting_who_hears_of_it(walk: Activity):
    first = registered(walk, "anna")
    registered(walk, "bernd")
    carla = registered(walk, "carla")
    dora = registered(walk, "dora")
    assert first.member is not None

    moved = activities.cancel_registration(actor=first.member, registration=first)

    assert [registration.pk for registration in moved] == [carla.pk]
    carla.refresh_from_db()
    dora.refresh_from_db()
    first.refresh_from_db()
    assert carla.status == RegistrationStatus.CONFIRMED
    assert carla.moved_up_at is not None
    assert dora.status == RegistrationStatus.WAITING
    assert first.status == RegistrationStatus.CANCELLED
    assert first.cancelled_at is not None
    assert told("networks.moved_up") == ["carla"]
    note = Notification.objects.get(kind="networks.moved_up")
    assert note.params["activity"] == "Spaziergang"
    assert note.path == walk.get_absolute_url()


def test_registering_twice_gives_back_the_first_registration(walk: Activity):
    member = make_verified()

    first = activities.register(member=member, activity=walk)
    again = activities.register(member=member, activity=walk)

    assert again.pk == first.pk
    assert walk.registrations.count() == 1


def test_an_unverified_member_cannot_register(walk: Activity):
    with pytest.raises(PermissionDenied):
        activities.register(member=make_user(), activity=walk)
    assert not walk.registrations.exists()


def test_a_cancelled_activity_takes_no_registrations(network: Network):
    cancelled = make_activity(network, status=ActivityStatus.CANCELLED, cancelled_at=timezone.now())

    with pytest.raises(ValidationError) as refused:
        activities.register(member=make_verified(), activity=cancelled)

    assert refused.value.code == "cancelled"
    assert not cancelled.registrations.exists()


def test_a_past_activity_takes_no_registrations(network: Network):
    past = make_activity(network, starts_at=timezone.now() - timedelta(days=3))

    with pytest.raises(ValidationError) as refused:
        activities.register(member=make_verified(), activity=past)

    assert refused.value.code == "over"
    assert not past.registrations.exists()


def test_nobody_registers_for_a_drop_in_activity(network: Network):
    cafe = make_activity(network, admission=Admission.DROP_IN, capacity=None)

    with pytest.raises(ValidationError) as refused:
        activities.register(member=make_verified(), activity=cafe)

    assert refused.value.code == "drop_in"
    assert not cafe.registrations.exists()


def test_staff_register_a_caller_by_name_and_phone_and_are_told_when_they_move_up(
    network: Network, staff: User
):
    walk = make_activity(network, capacity=1)
    anna = registered(walk, "anna")

    caller = activities.register_by_phone(
        staff=staff, activity=walk, name="  Frau Berg ", phone="0211 123 45"
    )

    assert caller.status == RegistrationStatus.WAITING
    assert caller.member is None
    assert (caller.name, caller.phone, caller.registered_by) == ("Frau Berg", "0211 123 45", staff)
    assert AuditEvent.objects.filter(action="activity.registered_by_staff", actor=staff).exists()

    assert anna.member is not None
    activities.cancel_registration(actor=anna.member, registration=anna)

    caller.refresh_from_db()
    assert caller.status == RegistrationStatus.CONFIRMED
    assert caller.moved_up_at is not None
    assert told("networks.call_moved_up") == ["sabine_staff"]
    note = Notification.objects.get(kind="networks.call_moved_up")
    # The caller's name and number stay on the list of people (deleted with it), out of
    # the notification, which leads there.
    assert "Frau Berg" not in str(note.params)
    assert "0211" not in str(note.params)
    assert note.path.endswith(f"/networks/{walk.network.slug}/activities/{walk.pk}/people/")
    assert told("networks.moved_up") == []


def test_a_caller_needs_a_name(walk: Activity, staff: User):
    with pytest.raises(ValidationError):
        activities.register_by_phone(staff=staff, activity=walk, name=" ", phone="0211 1")
    assert not walk.registrations.exists()


def test_only_staff_of_the_network_register_callers(walk: Activity):
    elsewhere = staff_of(make_network().contact_points.get())

    with pytest.raises(PermissionDenied):
        activities.register_by_phone(staff=elsewhere, activity=walk, name="Herr Kaya")
    assert not walk.registrations.exists()


def test_cancelling_an_activity_tells_everyone_registered_and_is_audited(
    network: Network, staff: User
):
    walk = make_activity(network, capacity=2)
    registered(walk, "anna")
    registered(walk, "bernd")
    registered(walk, "carla")  # waiting: told as well
    colleague = staff_of(point_of(network), username="tom_staff")
    activities.register_by_phone(staff=colleague, activity=walk, name="Frau Berg", phone="1")
    activities.register_by_phone(staff=colleague, activity=walk, name="Herr Kaya", phone="2")

    told_count = activities.cancel_activity(actor=staff, activity=walk)

    walk.refresh_from_db()
    assert walk.status == ActivityStatus.CANCELLED
    assert walk.cancelled_at is not None
    assert told_count == 5
    assert told("networks.activity_cancelled") == ["anna", "bernd", "carla"]
    assert told("networks.call_activity_cancelled") == ["tom_staff"]
    call = Notification.objects.get(kind="networks.call_activity_cancelled")
    assert call.params["count"] == 2
    assert "Frau Berg" not in str(call.params)
    event = AuditEvent.objects.get(action="activity.cancelled")
    assert event.actor == staff
    assert event.target_id == str(walk.pk)
    # A second time changes nothing and tells nobody.
    assert activities.cancel_activity(actor=staff, activity=walk) == 0
    assert Notification.objects.filter(kind="networks.activity_cancelled").count() == 3


def test_more_places_let_people_move_up(network: Network, staff: User):
    walk = make_activity(network, capacity=1)
    registered(walk, "anna")
    bernd = registered(walk, "bernd")
    carla = registered(walk, "carla")
    dora = registered(walk, "dora")

    activities.save_activity(actor=staff, network=network, data={"capacity": 3}, activity=walk)

    for registration in (bernd, carla, dora):
        registration.refresh_from_db()
    assert bernd.status == carla.status == RegistrationStatus.CONFIRMED
    assert bernd.moved_up_at is not None
    assert dora.status == RegistrationStatus.WAITING
    assert told("networks.moved_up") == ["bernd", "carla"]


def test_a_new_activity_is_saved_with_its_organiser(network: Network, staff: User):
    start = timezone.now() + timedelta(days=3)
    data = {
        "title": "Computer-Sprechstunde",
        "description": "Hilfe mit dem Telefon.",
        "starts_at": start,
        "ends_at": start + timedelta(hours=1),
        "contact_point": point_of(network),
        "address": "ignored when a contact point is chosen",
        "district": network.district,
        "admission": Admission.REGISTER,
        "capacity": 5,
    }

    activity = activities.save_activity(actor=staff, network=network, data=data)

    assert activity.pk is not None
    assert activity.organiser == staff
    assert activity.address == ""


def test_a_member_without_a_role_cannot_post(network: Network):
    start = timezone.now() + timedelta(days=3)
    data = {"title": "x", "starts_at": start, "ends_at": start + timedelta(hours=1)}

    with pytest.raises(PermissionDenied):
        activities.save_activity(actor=make_verified(), network=network, data=data)
    assert not Activity.objects.exists()


def test_callers_are_forgotten_thirty_days_after_the_last_date(network: Network, staff: User):
    now = timezone.now()
    old = make_activity(
        network, starts_at=now - timedelta(days=40), ends_at=now - timedelta(days=40, hours=-2)
    )
    recent = make_activity(
        network, starts_at=now - timedelta(days=5), ends_at=now - timedelta(days=5, hours=-2)
    )
    old_series = make_activity(
        network,
        starts_at=now - timedelta(days=90),
        ends_at=now - timedelta(days=90, hours=-2),
        repeat="weekly",
        repeat_until=(now - timedelta(days=10)).date(),
    )
    gone = phone_registration(old, staff)
    kept = phone_registration(recent, staff)
    series_kept = phone_registration(old_series, staff)  # its last date is 10 days ago
    member = make_verified()
    with_account = Registration.objects.create(
        activity=old, member=member, status=RegistrationStatus.CONFIRMED
    )

    deleted = activities.forget_phone_registrations(now=now)

    assert deleted == 1
    remaining = set(Registration.objects.values_list("pk", flat=True))
    assert gone.pk not in remaining
    assert {kept.pk, series_kept.pk, with_account.pk} <= remaining


def test_callers_of_an_activity_cancelled_long_ago_are_forgotten(network: Network, staff: User):
    now = timezone.now()
    series = make_activity(
        network,
        repeat="weekly",
        status=ActivityStatus.CANCELLED,
        cancelled_at=now - timedelta(days=31),
    )
    caller = phone_registration(series, staff)

    assert activities.forget_phone_registrations(now=now) == 1
    assert not Registration.objects.filter(pk=caller.pk).exists()
