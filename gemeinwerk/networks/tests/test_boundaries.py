"""Where the networks stop: what staff gain by booking for a caller (nothing beyond the
booking), a facilitator who moved away, the fields only admins change, places that free
up when an account is deleted or nobody needs to register any more, and the pages that
refuse what a URL alone could reach."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from gemeinwerk.accounts.models import Profile, User, VerificationRequest, Visibility
from gemeinwerk.accounts.services.leaving import delete_account
from gemeinwerk.accounts.tests.more_factories import (
    complete_two_factor,
    make_admin,
    make_user,
    make_verified,
    staff_of,
)
from gemeinwerk.core.permissions import may
from gemeinwerk.networks.models import Admission, RegistrationStatus
from gemeinwerk.networks.services import activities, appointments
from gemeinwerk.networks.services import networks as network_services
from gemeinwerk.networks.tests.factories import (
    equipped_point,
    facilitator_of,
    make_activity,
    make_network,
    make_slot,
    networker_of,
    phone_registration,
    point_of,
)
from gemeinwerk.notifications.models import Notification

pytestmark = pytest.mark.django_db


def console_client(user):
    client = Client()
    client.force_login(user)
    complete_two_factor(client, user)
    return client


# --- Appointments --------------------------------------------------------------------


def test_a_booking_by_staff_gives_them_no_access_to_the_account():
    point = equipped_point()
    staff = staff_of(point)
    member = make_user()
    slot = make_slot(point, timezone.now() + timedelta(days=1), created_by=staff)

    appointments.book(member=member, slot=slot, staff=staff)

    assert not VerificationRequest.objects.filter(member=member).exists()
    assert not may(staff, "accounts.view_member_details", member)
    # The day's page names the person without a link to their account.
    page = console_client(staff).get(
        "/en/staff/networks/appointments/", {"day": timezone.localdate(slot.starts_at)}
    )
    assert member.username in page.content.decode()
    assert f"/staff/members/{member.public_id}/" not in page.content.decode()


def test_staff_do_not_move_another_contact_points_appointment():
    elsewhere, here = equipped_point(), equipped_point()
    member = make_user()
    theirs = appointments.book(
        member=member, slot=make_slot(elsewhere, timezone.now() + timedelta(days=1))
    )
    staff = staff_of(here)

    with pytest.raises(ValidationError) as refused:
        appointments.book(
            member=member, slot=make_slot(here, timezone.now() + timedelta(days=2)), staff=staff
        )

    assert refused.value.code == "booked_elsewhere"
    theirs.refresh_from_db()
    assert theirs.is_booked
    assert VerificationRequest.objects.get(member=member, closed_at__isnull=True).contact_point == (
        elsewhere
    )


@pytest.mark.parametrize("by", ["member", "staff"])
def test_a_cancelled_appointment_ends_the_teams_access(by: str):
    point = equipped_point()
    staff = staff_of(point)
    member = make_user()
    appointment = appointments.book(
        member=member, slot=make_slot(point, timezone.now() + timedelta(days=1))
    )
    assert may(staff, "accounts.view_member_details", member)

    appointments.cancel(actor=member if by == "member" else staff, appointment=appointment)

    fresh = User.objects.get(pk=staff.pk)  # roles are read once per user object
    assert not may(fresh, "accounts.view_member_details", member)
    assert not VerificationRequest.objects.filter(member=member, closed_at__isnull=True).exists()


def test_a_missed_appointment_ends_the_teams_access_and_a_new_booking_opens_it():
    point = equipped_point()
    staff = staff_of(point)
    member = make_user()
    slot = make_slot(point, timezone.now() + timedelta(days=1))
    appointment = appointments.book(member=member, slot=slot)
    slot.starts_at = timezone.now() - timedelta(minutes=5)
    slot.save()

    appointments.record_outcome(staff=staff, appointment=appointment, outcome="no_show")

    assert not VerificationRequest.objects.filter(member=member, closed_at__isnull=True).exists()
    appointments.book(member=member, slot=make_slot(point, timezone.now() + timedelta(days=3)))
    assert VerificationRequest.objects.filter(member=member, closed_at__isnull=True).exists()


def test_staff_notifications_name_nobody():
    point = equipped_point()
    staff = staff_of(point)
    member = make_user(username="ruth_private")
    appointment = appointments.book(
        member=member, slot=make_slot(point, timezone.now() + timedelta(days=1), created_by=staff)
    )
    appointments.cancel(actor=member, appointment=appointment)

    for note in Notification.objects.filter(recipient=staff):
        assert "ruth_private" not in str(note.params)


def test_only_bookable_times_open_the_booking_page():
    point = equipped_point()
    member = make_user()
    client = Client()
    client.force_login(member)
    far = make_slot(point, timezone.now() + timedelta(days=60))
    past = make_slot(point, timezone.now() - timedelta(hours=1))
    free = make_slot(point, timezone.now() + timedelta(days=1))

    assert client.get(f"/en/networks/appointments/{far.pk}/book/").status_code == 404
    assert client.get(f"/en/networks/appointments/{past.pk}/book/").status_code == 404
    assert client.get(f"/en/networks/appointments/{free.pk}/book/").status_code == 200


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2026-02-30", "heute"])
def test_the_day_page_shows_today_for_days_out_of_range(day: str):
    staff = staff_of(equipped_point())

    page = console_client(staff).get("/en/staff/networks/appointments/", {"day": day})

    assert page.status_code == 200
    assert timezone.localdate().isoformat() in page.content.decode()


# --- Facilitators and the network's settings -------------------------------------------


def test_a_facilitator_who_moved_to_another_contact_point_keeps_no_power():
    network = make_network()
    facilitator = facilitator_of(network)
    assert may(facilitator, "networks.edit_network", network)
    facilitator.role_assignments.update(contact_point=equipped_point())
    moved = User.objects.get(pk=facilitator.pk)  # roles are read once per user object

    assert not may(moved, "networks.edit_network", network)
    assert not may(moved, "networks.name_networker", network)


def test_a_facilitator_changes_the_texts_but_not_where_the_network_is():
    network = make_network()
    facilitator = facilitator_of(network)
    own = point_of(network)
    other = equipped_point()

    network_services.save_network(
        actor=facilitator,
        network=network,
        data={
            "summary": "Neu.",
            "contact_points": [other],
            "slug": "gekapert",
            "is_active": False,
        },
    )

    network.refresh_from_db()
    assert network.summary == "Neu."
    assert list(network.contact_points.all()) == [own]
    assert network.slug != "gekapert"
    assert network.is_active


def test_admins_change_where_the_network_is():
    network = make_network()
    other = equipped_point()

    network_services.save_network(
        actor=make_admin(), network=network, data={"contact_points": [other]}
    )

    assert list(network.contact_points.all()) == [other]


def test_the_facilitators_form_has_no_admin_fields():
    network = make_network()
    facilitator = facilitator_of(network)

    page = console_client(facilitator).get(f"/en/staff/networks/{network.pk}/edit/")

    html = page.content.decode()
    assert 'name="summary"' in html
    assert 'name="contact_points"' not in html
    assert 'name="slug"' not in html


# --- Places that free up -----------------------------------------------------------------


def test_a_deleted_account_gives_its_place_to_the_next_person_waiting():
    activity = make_activity(make_network(), capacity=1)
    leaving, waiting = make_verified(), make_verified(username="wartende")
    activities.register(member=leaving, activity=activity)
    queued = activities.register(member=waiting, activity=activity)

    delete_account(user=leaving)

    queued.refresh_from_db()
    assert queued.status == RegistrationStatus.CONFIRMED
    assert Notification.objects.filter(recipient=waiting, kind="networks.moved_up").exists()


def test_nobody_moves_up_for_an_activity_that_is_over():
    activity = make_activity(make_network(), capacity=1)
    first, second = make_verified(), make_verified()
    place = activities.register(member=first, activity=activity)
    queued = activities.register(member=second, activity=activity)
    activity.starts_at -= timedelta(days=5)
    activity.ends_at -= timedelta(days=5)
    activity.save()

    activities.cancel_registration(actor=first, registration=place)

    queued.refresh_from_db()
    assert queued.status == RegistrationStatus.WAITING
    assert not Notification.objects.filter(kind="networks.moved_up").exists()


def test_switching_to_drop_in_gives_everyone_waiting_a_place():
    network = make_network()
    facilitator = facilitator_of(network)
    activity = make_activity(network, capacity=1)
    activities.register(member=make_verified(), activity=activity)
    queued = activities.register(member=make_verified(), activity=activity)

    activities.save_activity(
        actor=facilitator,
        network=network,
        activity=activity,
        data={"admission": Admission.DROP_IN, "capacity": None},
    )

    queued.refresh_from_db()
    assert queued.status == RegistrationStatus.CONFIRMED


def test_callers_of_a_deleted_staff_account_are_called_by_the_contact_points_staff():
    network = make_network()
    point = point_of(network)
    activity = make_activity(network, capacity=1, contact_point=point, address="")
    first = make_verified()
    place = activities.register(member=first, activity=activity)
    phone_registration(activity, None, status=RegistrationStatus.WAITING)
    colleague = staff_of(point, username="kollegin")

    activities.cancel_registration(actor=first, registration=place)

    assert Notification.objects.filter(recipient=colleague, kind="networks.call_moved_up").exists()


# --- The list of people ------------------------------------------------------------------


def test_the_organising_networker_sees_names_but_no_phone_numbers():
    network = make_network()
    networker = networker_of(network)
    activity = make_activity(network, organiser=networker, capacity=5)
    phone_registration(activity, staff_of(point_of(network)), name="Frau Berg", phone="0211 777")
    hidden = make_verified(username="hidden_name")
    Profile.objects.create(user=hidden, display_name="Geheim", display_name_visibility="nobody")
    shown = make_verified(username="shown_name")
    Profile.objects.create(
        user=shown, display_name="Sichtbar", display_name_visibility=Visibility.VERIFIED
    )
    activities.register(member=hidden, activity=activity)
    activities.register(member=shown, activity=activity)
    client = Client()
    client.force_login(networker)

    html = client.get(f"/en/networks/{network.slug}/activities/{activity.pk}/people/").content
    page = html.decode()

    assert "Frau Berg" in page
    assert "0211 777" not in page
    assert "hidden_name" in page
    assert "Geheim" not in page
    assert "Sichtbar" in page


def test_a_cancelled_activity_is_not_edited():
    network = make_network()
    facilitator = facilitator_of(network)
    activity = make_activity(network)
    activities.cancel_activity(actor=facilitator, activity=activity)
    client = console_client(facilitator)

    page = client.get(f"/en/networks/{network.slug}/activities/{activity.pk}/edit/")

    assert page.status_code == 302
    assert page["Location"].endswith(f"/activities/{activity.pk}/")


def test_times_are_published_for_the_coming_year_at_most():
    point = equipped_point()
    staff = staff_of(point)

    with pytest.raises(ValidationError) as refused:
        appointments.publish_slots(
            staff=staff,
            contact_point=point,
            day=timezone.localdate() + timedelta(days=400),
            first=time(10),
            count=2,
            minutes=20,
            mode="in_person",
        )

    assert "day" in refused.value.message_dict
