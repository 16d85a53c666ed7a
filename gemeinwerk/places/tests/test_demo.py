import pytest

from gemeinwerk.places import demo
from gemeinwerk.places.models import Closure, ContactPoint, District, OpeningHours, Weekday
from gemeinwerk.places.selectors import contact_point_details

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (District, ContactPoint, OpeningHours, Closure)
    }


def test_demo_city_has_districts_and_contact_points_and_no_logins():
    assert demo.seed() == []

    assert 8 <= District.objects.count() <= 12
    assert ContactPoint.objects.filter(is_active=True).count() >= 3
    assert Closure.objects.count() == 1
    # One has a lunch break, one opens on Saturday.
    assert OpeningHours.objects.filter(weekday=Weekday.SATURDAY).count() == 1
    assert any(
        len(day.intervals) == 2
        for point in ContactPoint.objects.all()
        for day in contact_point_details(slug=point.slug).week
    )


def test_seeding_twice_changes_nothing():
    demo.seed()
    first = counts()
    point = ContactPoint.objects.get(slug="stadtteilbuero-nordstadt")
    point.name = "Changed by a visitor"
    point.save()

    demo.seed()

    assert counts() == first
    point.refresh_from_db()
    assert point.name == "Stadtteilbüro Nordstadt"


def test_demo_data_passes_model_validation():
    demo.seed()

    for model in (District, ContactPoint, OpeningHours, Closure):
        for row in model.objects.all():
            row.full_clean()
