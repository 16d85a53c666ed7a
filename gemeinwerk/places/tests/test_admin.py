"""The admin for districts and contact points. Called directly rather than through the
client: the two-factor requirement for staff is the accounts app's concern and tested there."""

from datetime import time
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib import admin
from django.forms import inlineformset_factory
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.test import RequestFactory

from gemeinwerk.accounts.models import User
from gemeinwerk.places.admin import OpeningHoursFormSet
from gemeinwerk.places.models import ContactPoint, District, OpeningHours
from gemeinwerk.places.tests.factories import ContactPointFactory, OpeningHoursFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_request(rf: RequestFactory):
    user = User.objects.create_superuser(username="root", email="root@example.org", password="x")
    # An admin's powers need two-factor login (outside a request: set up is enough).
    TOTP.activate(user, generate_totp_secret())

    def make(path: str):
        request = rf.get(path)
        request.user = user
        return request

    return make


def test_admin_pages_render_with_their_inlines(superuser_request):
    point = ContactPointFactory.create()
    OpeningHoursFactory.create(contact_point=point)
    point_admin = admin.site.get_model_admin(ContactPoint)
    district_admin = admin.site.get_model_admin(District)

    pages = [
        point_admin.changelist_view(superuser_request("/admin/places/contactpoint/")),
        point_admin.change_view(superuser_request("/admin/"), str(point.pk)),
        point_admin.add_view(superuser_request("/admin/")),
        district_admin.changelist_view(superuser_request("/admin/places/district/")),
    ]

    for response in pages:
        assert isinstance(response, TemplateResponse)
        response.render()
        assert response.status_code == 200
    change_page = pages[1].content.decode()
    assert "opening_hours-TOTAL_FORMS" in change_page
    assert "closures-TOTAL_FORMS" in change_page


HoursFormSet = inlineformset_factory(
    ContactPoint,
    OpeningHours,
    formset=OpeningHoursFormSet,
    fields=["weekday", "opens", "closes"],
    extra=0,
)


def formset(
    rows: list[tuple[int, str, str]], point: ContactPoint
) -> BaseInlineFormSet[OpeningHours, ContactPoint, Any]:
    data: dict[str, object] = {
        "opening_hours-TOTAL_FORMS": len(rows),
        "opening_hours-INITIAL_FORMS": 0,
    }
    for number, (day, opens, closes) in enumerate(rows):
        data |= {
            f"opening_hours-{number}-weekday": day,
            f"opening_hours-{number}-opens": opens,
            f"opening_hours-{number}-closes": closes,
        }
    return HoursFormSet(data, instance=point, prefix="opening_hours")


def test_a_lunch_break_is_two_intervals_on_one_day():
    point = ContactPointFactory.create()
    hours = formset([(0, "09:00", "12:00"), (0, "14:00", "17:00"), (1, "09:00", "12:00")], point)

    assert hours.is_valid(), hours.errors
    hours.save()
    assert point.opening_hours.count() == 3


def test_overlapping_intervals_on_one_day_are_refused():
    hours = formset([(0, "09:00", "13:00"), (0, "12:00", "17:00")], ContactPointFactory.create())

    assert not hours.is_valid()
    assert [error.code for error in hours.non_form_errors().as_data()] == ["overlap"]


def test_the_same_times_on_different_days_do_not_overlap():
    hours = formset([(0, "09:00", "13:00"), (1, "09:00", "13:00")], ContactPointFactory.create())

    assert hours.is_valid(), hours.errors


def test_closing_before_opening_is_refused_by_the_form():
    hours = formset([(0, "17:00", "09:00")], ContactPointFactory.create())

    assert not hours.is_valid()
    assert OpeningHours.objects.filter(opens=time(17)).count() == 0
