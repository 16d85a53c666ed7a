from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import translation

from gemeinwerk.places.models import OpeningHours, Weekday
from gemeinwerk.places.tests.factories import (
    ClosureFactory,
    ContactPointFactory,
    DistrictFactory,
    OpeningHoursFactory,
)

pytestmark = pytest.mark.django_db


def test_opening_hours_must_close_after_they_open():
    point = ContactPointFactory.create()

    with pytest.raises(IntegrityError), transaction.atomic():
        OpeningHoursFactory.create(contact_point=point, opens=time(12), closes=time(9))
    with pytest.raises(IntegrityError), transaction.atomic():
        OpeningHoursFactory.create(contact_point=point, opens=time(9), closes=time(9))


def test_opening_hours_validation_explains_the_order():
    hours = OpeningHours(
        contact_point=ContactPointFactory.create(),
        weekday=Weekday.MONDAY,
        opens=time(14),
        closes=time(9),
    )

    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="closing time must be after"),
    ):
        hours.full_clean()


def test_weekday_outside_monday_to_sunday_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        OpeningHoursFactory.create(weekday=7)


def test_several_intervals_per_day_are_allowed_but_not_two_with_the_same_start():
    point = ContactPointFactory.create()
    OpeningHoursFactory.create(contact_point=point, opens=time(9), closes=time(12))
    OpeningHoursFactory.create(contact_point=point, opens=time(14), closes=time(17))

    with pytest.raises(IntegrityError), transaction.atomic():
        OpeningHoursFactory.create(contact_point=point, opens=time(9), closes=time(10))
    assert point.opening_hours.count() == 2


def test_closure_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        ClosureFactory.create(first_day=date(2026, 8, 10), last_day=date(2026, 8, 9))


def test_a_one_day_closure_is_fine():
    closure = ClosureFactory.create(first_day=date(2026, 10, 3), last_day=date(2026, 10, 3))

    assert closure.pk is not None


def test_slugs_are_unique():
    ContactPointFactory.create(slug="treff")
    DistrictFactory.create(slug="mitte")

    with pytest.raises(IntegrityError), transaction.atomic():
        ContactPointFactory.create(slug="treff")


def test_a_district_with_contact_points_cannot_be_deleted():
    point = ContactPointFactory.create()

    with pytest.raises(ProtectedError):
        point.district.delete()


def test_deleting_a_contact_point_removes_its_hours_and_closures():
    point = ContactPointFactory.create()
    OpeningHoursFactory.create(contact_point=point)
    ClosureFactory.create(contact_point=point)

    point.delete()

    assert OpeningHours.objects.count() == 0


def test_the_districts_page_address_cannot_be_a_contact_point_slug():
    point = ContactPointFactory.build(district=DistrictFactory.create(), slug="districts")

    with pytest.raises(ValidationError) as error:
        point.full_clean()
    assert "slug" in error.value.message_dict


@pytest.mark.parametrize(
    ("phone", "uri"),
    [
        ("0711 000 111", "tel:0711000111"),
        ("0711 / 000-111", "tel:0711000111"),
        ("+49 711 000111", "tel:+49711000111"),
        ("", ""),
    ],
)
def test_phone_link_keeps_only_digits_and_plus(phone: str, uri: str):
    assert ContactPointFactory.build(phone=phone).phone_uri == uri
