from datetime import UTC, date, datetime, time

import pytest
from django.db.models import QuerySet
from django.urls import reverse

from gemeinwerk.places import selectors
from gemeinwerk.places.models import ContactPoint, Weekday
from gemeinwerk.places.opening import OpeningStatus
from gemeinwerk.places.tests.factories import (
    ClosureFactory,
    ContactPointFactory,
    DistrictFactory,
    OpeningHoursFactory,
)

pytestmark = pytest.mark.django_db

# Monday, 2 March 2026, 10:00 in Germany.
MONDAY_MORNING = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _berlin(settings):
    settings.TIME_ZONE = "Europe/Berlin"


def test_active_contact_points_leave_out_inactive_ones_and_filter_by_district():
    district = DistrictFactory.create()
    shown = ContactPointFactory.create(district=district, name="B")
    other = ContactPointFactory.create(name="A")
    ContactPointFactory.create(district=district, is_active=False)

    assert list(selectors.active_contact_points()) == [other, shown]
    assert list(selectors.active_contact_points(district=district)) == [shown]


def test_opening_state_of_a_contact_point_uses_its_rows():
    point = ContactPointFactory.create()
    OpeningHoursFactory.create(
        contact_point=point, weekday=Weekday.MONDAY, opens=time(9), closes=time(12)
    )

    state = selectors.contact_point_opening_state(point, now=MONDAY_MORNING)

    assert state.is_open
    assert state.until == datetime(2026, 3, 2, 11, 0, tzinfo=UTC)


def test_summaries_cost_three_queries_and_no_more_per_contact_point(
    django_assert_num_queries,
):
    for _ in range(5):
        point = ContactPointFactory.create()
        OpeningHoursFactory.create(contact_point=point)
        ClosureFactory.create(
            contact_point=point, first_day=date(2026, 3, 2), last_day=date(2026, 3, 2)
        )

    with django_assert_num_queries(3):
        summaries = selectors.contact_point_summaries(now=MONDAY_MORNING)
        states = [summary.state for summary in summaries]

    assert len(states) == 5
    assert all(state.status is OpeningStatus.OPENS_LATER for state in states)


def test_past_closures_are_not_loaded_but_current_and_future_ones_are():
    point = ContactPointFactory.create()
    ClosureFactory.create(
        contact_point=point, first_day=date(2026, 2, 1), last_day=date(2026, 3, 1)
    )
    current = ClosureFactory.create(
        contact_point=point, first_day=date(2026, 2, 20), last_day=date(2026, 3, 2)
    )
    future = ClosureFactory.create(
        contact_point=point, first_day=date(2026, 4, 3), last_day=date(2026, 4, 6)
    )

    details = selectors.contact_point_details(slug=point.slug, now=MONDAY_MORNING)

    assert details.closures == [current, future]
    assert details.state.closure == current


def test_details_hold_the_week_and_the_state():
    point = ContactPointFactory.create()
    OpeningHoursFactory.create(
        contact_point=point, weekday=Weekday.TUESDAY, opens=time(14), closes=time(18)
    )

    details = selectors.contact_point_details(slug=point.slug, now=MONDAY_MORNING)

    assert details.contact_point == point
    assert details.state.status is OpeningStatus.OPENS_TOMORROW
    assert [day.is_today for day in details.week][Weekday.MONDAY]
    assert details.week[Weekday.TUESDAY].intervals == [(time(14), time(18))]


def test_details_of_an_inactive_or_unknown_contact_point_do_not_exist():
    hidden = ContactPointFactory.create(is_active=False)

    with pytest.raises(ContactPoint.DoesNotExist):
        selectors.contact_point_details(slug=hidden.slug)
    with pytest.raises(ContactPoint.DoesNotExist):
        selectors.contact_point_details(slug="nowhere")


def test_district_summaries_count_only_active_contact_points(django_assert_num_queries):
    busy = DistrictFactory.create(name="Altstadt")
    DistrictFactory.create(name="Zollviertel")
    ContactPointFactory.create_batch(2, district=busy)
    ContactPointFactory.create(district=busy, is_active=False)

    with django_assert_num_queries(1):
        counts = {s.district.name: s.contact_point_count for s in selectors.district_summaries()}

    assert counts == {"Altstadt": 2, "Zollviertel": 0}


def test_local_today_is_the_date_in_the_city():
    assert selectors.local_today(datetime(2026, 3, 2, 23, 30, tzinfo=UTC)) == date(2026, 3, 3)


def test_cards_cost_four_queries_and_no_query_set_per_contact_point(
    monkeypatch, django_assert_num_queries
):
    # A prefetch into the related managers would build a query set for each point.
    made: list[object] = []
    original = QuerySet.__init__

    def counting(self, *args, **kwargs):
        made.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "__init__", counting)
    reverse("places:list")  # the first use of the URLs imports every view and form

    def cards_for(count: int) -> int:
        for _ in range(count):
            point = ContactPointFactory.create()
            OpeningHoursFactory.create(contact_point=point)
            ClosureFactory.create(
                contact_point=point, first_day=date(2026, 3, 2), last_day=date(2026, 3, 9)
            )
        made.clear()
        # The count, the points with their districts, their hours, their closures.
        with django_assert_num_queries(4):
            page = selectors.contact_point_card_page(now=MONDAY_MORNING)
        assert all(card.opening.closure for card in page)
        return len(made)

    assert cards_for(2) == cards_for(18)


def test_cards_hold_until_the_first_change_or_midnight():
    early = ContactPointFactory.create(name="A")
    OpeningHoursFactory.create(
        contact_point=early, weekday=Weekday.MONDAY, opens=time(9), closes=time(11)
    )
    late = ContactPointFactory.create(name="B")
    OpeningHoursFactory.create(
        contact_point=late, weekday=Weekday.MONDAY, opens=time(15), closes=time(18)
    )
    ContactPointFactory.create(name="C")  # never open

    cards = selectors.contact_point_cards(now=MONDAY_MORNING)
    assert [card.changes_at for card in cards] == [
        datetime(2026, 3, 2, 10, 0, tzinfo=UTC),  # closes at 11:00 in Germany
        datetime(2026, 3, 2, 14, 0, tzinfo=UTC),  # opens at 15:00
        None,
    ]
    assert selectors.cards_valid_until(cards, MONDAY_MORNING) == cards[0].changes_at
    # Without a change ahead, the words for "today" and "tomorrow" hold until midnight.
    assert selectors.cards_valid_until(cards[2:], MONDAY_MORNING) == datetime(
        2026, 3, 2, 23, 0, tzinfo=UTC
    )
