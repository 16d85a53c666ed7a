"""Larger text and plain language follow a signed-in person to every device; staff who act
for someone change only their own browser's view."""

import pytest
from django.test import Client

from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.personal_data import export_data
from gemeinwerk.accounts.tests.more_factories import (
    assisted_member,
    make_contact_point,
    make_verified,
    signed_in,
    staff_of,
)
from gemeinwerk.accounts.tests.test_acting_allowed import acting_client

pytestmark = pytest.mark.django_db


def test_a_choice_made_signed_in_follows_the_person_to_another_device():
    member = make_verified(username="mila")
    phone = signed_in(member)
    phone.post("/plain-language/", {"plain": "on"})
    phone.post("/text-size/", {"size": "large"})

    stored = User.objects.get(pk=member.pk)
    assert (stored.plain_language, stored.large_text) == (True, True)
    laptop = signed_in(stored)  # no cookies of its own
    page = laptop.get("/")
    assert page.context["plain_language"] is True
    assert 'class="gw-text-large"' in page.content.decode()
    assert export_data(stored)["data"]["account"]["plain_language"] is True

    laptop.post("/plain-language/", {"plain": "off"})
    assert User.objects.get(pk=member.pk).plain_language is False
    assert phone.get("/").context["plain_language"] is False  # the account's choice wins


def test_without_a_choice_on_the_account_the_browser_decides():
    member = make_verified()
    browser = signed_in(member)
    browser.cookies["gw_plain"] = "1"
    assert browser.get("/").context["plain_language"] is True
    assert Client().get("/").context["plain_language"] is False


def test_staff_acting_for_a_person_do_not_change_the_persons_choice():
    home = make_contact_point()
    staff = staff_of(home)
    member = assisted_member(home)
    client = acting_client(staff, member)

    response = client.post("/plain-language/", {"plain": "on"})

    assert response.status_code == 302
    assert response.cookies["gw_plain"].value == "1"  # in the staff member's browser
    assert User.objects.get(pk=member.pk).plain_language is None
    assert User.objects.get(pk=staff.pk).plain_language is None
