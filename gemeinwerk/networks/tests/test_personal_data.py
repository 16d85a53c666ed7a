"""What the networks hold about a person is in their export and leaves with their
account: registrations, appointments with their message, notes of calls and visits,
greetings."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gemeinwerk.accounts.personal_data import export_data
from gemeinwerk.accounts.services.leaving import delete_account
from gemeinwerk.accounts.tests.more_factories import staff_of
from gemeinwerk.networks.models import Appointment, ContactLog, Registration, Welcome
from gemeinwerk.networks.services import activities, appointments, care
from gemeinwerk.networks.tests.factories import make_activity, make_network, make_slot, newcomer

pytestmark = pytest.mark.django_db


def test_the_networks_data_is_exported_and_deleted_with_the_account():
    network = make_network(name="Netzwerk Bilk")
    point = network.contact_points.get()
    staff = staff_of(point)
    member = newcomer(point.district, username="ruth")
    care.welcome(staff=staff, member=member, network=network, contact_point=point)
    care.log_contact(
        staff=staff,
        member=member,
        contact_point=point,
        kind="call",
        need="Möchte das Tablet lernen.",
        follow_up="Rückruf",
    )
    slot = make_slot(point, timezone.now() + timedelta(days=1), created_by=staff)
    appointment = appointments.book(member=member, slot=slot, message="Zoom: ruth42")
    appointments.record_outcome(
        staff=staff, appointment=appointment, outcome="verified", house_rules_accepted=True
    )
    member.refresh_from_db()
    walk = make_activity(network, title="Spaziergang am Rhein", capacity=3)
    activities.register(member=member, activity=walk)

    data = export_data(member)["data"]

    (registration,) = data["activity_registrations"]
    assert registration["activity"] == "Spaziergang am Rhein"
    assert registration["network"] == "Netzwerk Bilk"
    (booked,) = data["verification_appointments"]
    assert booked["message"] == "Zoom: ruth42"
    assert booked["contact_point"] == point.name
    (entry,) = data["calls_and_visits"]
    assert entry["need"] == "Möchte das Tablet lernen."
    assert entry["follow_up"] == "Rückruf"
    (greeting,) = data["greetings_received"]
    assert greeting["network"] == "Netzwerk Bilk"
    assert greeting["contact_point"] == point.name

    delete_account(user=member)

    assert not Registration.objects.filter(member_id=member.pk).exists()
    assert not Appointment.objects.filter(member_id=member.pk).exists()
    assert not ContactLog.objects.filter(member_id=member.pk).exists()
    assert not Welcome.objects.filter(member_id=member.pk).exists()
    # The staff member's records stay: the slot is the contact point's.
    slot.refresh_from_db()
    assert slot.created_by == staff


def test_a_staff_member_who_leaves_leaves_their_callers_registrations_without_a_link():
    network = make_network()
    staff = staff_of(network.contact_points.get())
    walk = make_activity(network, capacity=3)
    caller = activities.register_by_phone(staff=staff, activity=walk, name="Frau Berg")

    delete_account(user=staff)

    caller.refresh_from_db()
    assert caller.registered_by is None
    assert caller.name == "Frau Berg"
