"""The offline channel: notes of calls and visits only by and for the staff of that
contact point, their follow-ups; newcomers of the staff's districts, greeted once."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gemeinwerk.accounts.models import TrustLevel, User
from gemeinwerk.accounts.tests.more_factories import make_user, make_verified, staff_of
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.networks import selectors
from gemeinwerk.networks.models import ContactKind, ContactLog, Network, Welcome
from gemeinwerk.networks.services import care
from gemeinwerk.networks.tests.factories import (
    equipped_point,
    make_district,
    make_network,
    newcomer,
    point_of,
)
from gemeinwerk.notifications.models import Notification
from gemeinwerk.places.models import ContactPoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def network() -> Network:
    return make_network(name="Netzwerk Bilk")


@pytest.fixture
def point(network: Network) -> ContactPoint:
    return point_of(network)


@pytest.fixture
def staff(point: ContactPoint) -> User:
    return staff_of(point, username="sabine_staff")


def note(staff: User, point: ContactPoint, member: User, **kwargs: object) -> ContactLog:
    return care.log_contact(
        staff=staff,
        member=member,
        contact_point=point,
        kind=ContactKind.CALL,
        need=str(kwargs.pop("need", "Braucht Hilfe mit dem Tablet.")),
        **kwargs,  # type: ignore[arg-type]
    )


# --- Notes of calls and visits ------------------------------------------------------------


def test_staff_note_a_call_with_a_follow_up(point: ContactPoint, staff: User):
    member = make_user()

    entry = note(
        staff, point, member, follow_up=" Rückruf wegen Kurs ", follow_up_due=date(2030, 1, 5)
    )

    assert entry.pk is not None
    assert entry.logged_by == staff
    assert entry.follow_up == "Rückruf wegen Kurs"
    assert entry.is_open
    event = AuditEvent.objects.get(action="care.contact_logged")
    # The trail says that a note was written, not what it says.
    assert "Tablet" not in str(event.after)
    assert event.after == {"kind": "call", "follow_up": True}


def test_only_staff_of_that_contact_point_write_notes(point: ContactPoint):
    elsewhere = staff_of(equipped_point())

    with pytest.raises(PermissionDenied):
        note(elsewhere, point, make_user())
    with pytest.raises(PermissionDenied):
        note(make_verified(), point, make_user())
    assert not ContactLog.objects.exists()


def test_a_date_needs_a_follow_up(point: ContactPoint, staff: User):
    with pytest.raises(ValidationError):
        note(staff, point, make_user(), follow_up_due=date(2030, 1, 5))
    assert not ContactLog.objects.exists()


def test_a_follow_up_is_done_once(point: ContactPoint, staff: User):
    entry = note(staff, point, make_user(), follow_up="Rückruf")
    colleague = staff_of(point)

    done = care.follow_up_done(staff=colleague, entry=entry)
    again = care.follow_up_done(staff=staff, entry=entry)

    assert done.done_at is not None
    assert done.done_by == colleague
    assert again.done_by == colleague
    assert not done.is_open
    assert AuditEvent.objects.filter(action="care.follow_up_done").count() == 1
    assert selectors.open_follow_ups(staff=staff) == []


def test_staff_elsewhere_cannot_close_a_follow_up(point: ContactPoint, staff: User):
    entry = note(staff, point, make_user(), follow_up="Rückruf")

    with pytest.raises(PermissionDenied):
        care.follow_up_done(staff=staff_of(equipped_point()), entry=entry)
    entry.refresh_from_db()
    assert entry.is_open


def test_open_follow_ups_are_those_of_the_staffs_contact_points(point: ContactPoint, staff: User):
    other_point = equipped_point()
    other_staff = staff_of(other_point)
    member = make_user()
    ours = note(staff, point, member, follow_up="Rückruf")
    note(staff, point, member)  # nothing follows
    theirs = note(other_staff, other_point, member, follow_up="Besuch")

    assert selectors.open_follow_ups(staff=staff) == [ours]
    assert selectors.open_follow_ups(staff=other_staff) == [theirs]
    assert selectors.contact_log(staff=staff, member=member) == list(
        ContactLog.objects.filter(contact_point=point)
    )
    assert selectors.open_follow_ups(staff=make_verified()) == []


# --- Newcomers ---------------------------------------------------------------------------


def test_newcomers_of_the_staffs_districts(point: ContactPoint, staff: User):
    district = point.district
    shown = newcomer(district, username="neu_verified", profile_display_name="Ruth")
    public = newcomer(district, username="neu_public", profile_district_visibility="public")
    newcomer(district, username="no_contact", profile_no_contact=True)
    newcomer(district, username="hidden", profile_district_visibility="nobody")
    newcomer(district, username="verified", trust_level=TrustLevel.VERIFIED)
    newcomer(district, username="old", date_joined=timezone.now() - timedelta(weeks=7))
    newcomer(make_district(), username="elsewhere")
    newcomer(None, username="no_district")
    newcomer(district, username="inactive", is_active=False)

    found = selectors.newcomers(staff=staff)

    assert {row.member.username for row in found} == {"neu_verified", "neu_public"}
    rows = {row.member.pk: row for row in found}
    assert rows[shown.pk].district == district
    assert rows[shown.pk].welcome is None
    # The display name only if the member shows it (here: to nobody, the default).
    assert rows[shown.pk].display_name == ""
    assert rows[public.pk].display_name == ""
    assert selectors.newcomers(staff=staff_of(equipped_point())) == []


def test_a_newcomer_shows_the_display_name_they_share(point: ContactPoint, staff: User):
    newcomer(
        point.district, profile_display_name="Ruth", profile_display_name_visibility="verified"
    )

    (row,) = selectors.newcomers(staff=staff)

    assert row.display_name == "Ruth"


def test_a_newcomer_is_greeted_once(network: Network, point: ContactPoint, staff: User):
    member = newcomer(point.district, username="ruth")

    greeting = care.welcome(staff=staff, member=member, network=network, contact_point=point)

    assert greeting.sent_by == staff
    (told,) = Notification.objects.filter(kind="networks.welcome")
    assert told.recipient == member
    assert told.params["network"] == "Netzwerk Bilk"
    assert told.params["place"] == point.name
    assert told.path == network.get_absolute_url()
    (row,) = selectors.newcomers(staff=staff)
    assert row.welcome == greeting

    colleague = staff_of(point)
    with pytest.raises(ValidationError) as refused:
        care.welcome(staff=colleague, member=member, network=network, contact_point=point)

    assert refused.value.code == "already"
    assert Welcome.objects.count() == 1
    assert Notification.objects.filter(kind="networks.welcome").count() == 1


def test_where_there_is_no_network_the_greeting_leads_to_the_contact_point(
    point: ContactPoint, staff: User
):
    member = newcomer(point.district)

    care.welcome(staff=staff, member=member, network=None, contact_point=point)

    told = Notification.objects.get(kind="networks.welcome")
    assert told.path == point.get_absolute_url()
    assert told.params["network"] == ""


def test_only_staff_of_the_contact_point_greet(point: ContactPoint, network: Network):
    member = newcomer(point.district)

    with pytest.raises(PermissionDenied):
        care.welcome(
            staff=staff_of(equipped_point()), member=member, network=network, contact_point=point
        )
    assert not Welcome.objects.exists()
    assert not Notification.objects.filter(kind="networks.welcome").exists()
