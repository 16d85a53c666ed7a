"""Query counts stay flat: the public network page whatever the number of activities,
the staff's day plan whatever the number of appointment times."""

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gemeinwerk.accounts.models import Profile
from gemeinwerk.accounts.tests.more_factories import make_user, staff_of, url
from gemeinwerk.networks import selectors
from gemeinwerk.networks.models import Appointment, AppointmentStatus, Network
from gemeinwerk.networks.tests.factories import (
    equipped_point,
    make_activity,
    make_network,
    make_slot,
    point_of,
)
from gemeinwerk.places.selectors import local_today

pytestmark = pytest.mark.django_db


def activities_for(network: Network, count: int, first: int = 0) -> list[str]:
    titles = []
    for number in range(first, first + count):
        title = f"Aktivität {number}"
        make_activity(
            network,
            title=title,
            starts_at=timezone.now() + timedelta(days=1 + number),
            # Half at a contact point, half elsewhere; every third a series.
            contact_point=point_of(network) if number % 2 else None,
            address="" if number % 2 else "Stadtpark",
            repeat="weekly" if number % 3 == 0 else "once",
        )
        titles.append(title)
    return titles


# The page rendered each time, as a signed-in visitor gets it (anonymous visitors get a
# kept copy while nothing changes: test_pagecache.py).
@override_settings(GEMEINWERK_PAGE_CACHE=False)
def test_the_network_page_costs_the_same_with_2_and_10_activities(
    django_assert_num_queries: Any,
):
    network = make_network()
    network.contact_points.add(equipped_point(district=network.district))
    client = Client()
    page = url("networks:detail", network.slug)
    titles = activities_for(network, 2)
    client.get(page)  # warm-up: sessions, caches of the site
    with CaptureQueriesContext(connection) as two:
        answer = client.get(page)
    assert answer.status_code == 200
    assert all(title in answer.content.decode() for title in titles)

    titles += activities_for(network, 8, first=2)

    with django_assert_num_queries(len(two.captured_queries)):
        answer = client.get(page)
    assert answer.status_code == 200
    assert all(title in answer.content.decode() for title in titles)


def test_the_day_plan_is_flat_in_the_number_of_times(django_assert_num_queries: Any):
    point = equipped_point()
    staff = staff_of(point)
    day = local_today() + timedelta(days=1)
    start = datetime.combine(day, time(9), tzinfo=timezone.get_default_timezone())

    def add_times(first: int, count: int) -> None:
        for number in range(first, first + count):
            slot = make_slot(point, start + timedelta(minutes=20 * number))
            if number % 2:
                member = make_user()
                Profile.objects.create(user=member, display_name=f"Person {number}")
                Appointment.objects.create(slot=slot, member=member)
                # An earlier no-show is counted, not held against them.
                earlier = make_slot(point, start - timedelta(days=3, minutes=-number))
                Appointment.objects.create(
                    slot=earlier,
                    member=member,
                    status=AppointmentStatus.NO_SHOW,
                    closed_at=timezone.now(),
                )

    add_times(0, 2)
    with CaptureQueriesContext(connection) as two:
        rows = selectors.day_plan(staff=staff, day=day)
        names = [row.appointment.member.profile.display_name for row in rows if row.appointment]
    assert len(rows) == 2
    assert names == ["Person 1"]
    assert rows[1].missed_before == 1

    add_times(2, 8)
    staff = type(staff).objects.get(pk=staff.pk)  # as a new request would: roles read again

    with django_assert_num_queries(len(two.captured_queries)):
        rows = selectors.day_plan(staff=staff, day=day)
        names = [row.appointment.member.profile.display_name for row in rows if row.appointment]
    assert len(rows) == 10
    assert len(names) == 5
    assert all(row.missed_before == 1 for row in rows if row.appointment)
