"""The contact point lists as kept for anonymous visitors (core/pagecache.py): a change
shows at once, the opening words never go stale, signed-in visitors never meet a kept
page, every language and district has its own, and the page is the same without it."""

import re
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from django.test import Client

from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.tests.more_factories import signed_in
from gemeinwerk.core import pagecache
from gemeinwerk.core.tests.test_pagecache import TimeoutSpy
from gemeinwerk.places.models import ContactPoint, Weekday
from gemeinwerk.places.tests.factories import (
    ClosureFactory,
    ContactPointFactory,
    DistrictFactory,
    OpeningHoursFactory,
)

pytestmark = pytest.mark.django_db

# Monday, 2 March 2026, 10:00 in Germany.
MONDAY_MORNING = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LISTS = ["/en/places/", "/en/places/?district=mitte", "/en/places/districts/mitte/"]


@pytest.fixture(autouse=True)
def frozen_now(monkeypatch, settings) -> datetime:
    settings.TIME_ZONE = "Europe/Berlin"
    monkeypatch.setattr("django.utils.timezone.now", lambda: MONDAY_MORNING)
    return MONDAY_MORNING


@pytest.fixture
def point() -> ContactPoint:
    mitte = DistrictFactory.create(name="Mitte", slug="mitte")
    point = ContactPointFactory.create(name="Treffpunkt Mitte", district=mitte)
    OpeningHoursFactory.create(
        contact_point=point, weekday=Weekday.TUESDAY, opens=time(9), closes=time(12)
    )
    return point


def main(path: str, client: Client | None = None) -> str:
    response = (client or Client()).get(path)
    assert response.status_code == 200
    found = re.search(r"<main\b.*?</main>", response.content.decode(), re.S)
    assert found is not None
    return found.group(0)


@pytest.mark.parametrize("path", LISTS)
def test_a_changed_contact_point_shows_at_once(point: ContactPoint, path: str):
    assert "Opens tomorrow at 9 a.m." in main(path)

    point.name = "Nachbarschaftsbüro Mitte"
    point.save()
    assert "Nachbarschaftsbüro Mitte" in main(path)

    OpeningHoursFactory.create(
        contact_point=point, weekday=Weekday.MONDAY, opens=time(8), closes=time(17)
    )
    assert "Open now" in main(path)

    ClosureFactory.create(
        contact_point=point, first_day=date(2026, 3, 2), last_day=date(2026, 3, 4), reason="Umzug"
    )
    html = main(path)
    assert "Open now" not in html
    assert "Closed until 4 March 2026: Umzug" in html

    point.is_active = False
    point.save()
    assert "Nachbarschaftsbüro Mitte" not in main(path)


def test_a_renamed_district_shows_at_once(point: ContactPoint):
    assert "District: Mitte" in main("/en/places/")

    district = point.district
    district.name = "Stadtmitte"
    district.save()

    assert "District: Stadtmitte" in main("/en/places/")


@pytest.mark.parametrize("path", LISTS)
def test_signed_in_visitors_never_get_a_kept_list(point: ContactPoint, path: str):
    member = signed_in(User.objects.create_user("mila", "mila@example.org", "x-Passwort-1"))
    assert "Treffpunkt Mitte" in main(path, member)  # rendered for them, not kept
    ContactPoint.objects.filter(pk=point.pk).update(name="Büro Mitte")  # no signal

    assert "Büro Mitte" in main(path)  # kept now, with what the database says
    ContactPoint.objects.filter(pk=point.pk).update(name="Treff am Markt")
    assert "Büro Mitte" in main(path)  # the kept one: proof that it is kept
    assert "Treff am Markt" in main(path, member)


def test_each_language_and_district_has_its_own_list(point: ContactPoint):
    ContactPointFactory.create(name="Hafenbüro", district__name="Hafen", district__slug="hafen")
    for _ in range(2):
        assert "Closed now" in main("/en/places/")
        assert "Jetzt geschlossen" in main("/places/")
        assert "Hafenbüro" in main("/places/")
        hafen = main("/places/?district=hafen")
        assert "Hafenbüro" in hafen
        assert "Treffpunkt Mitte" not in hafen
        assert re.search(r'<option value="hafen"\s+selected', hafen)
        assert "Treffpunkt Mitte" not in main("/pl/places/districts/hafen/")


def test_an_unknown_district_is_shown_but_not_kept(point: ContactPoint):
    assert "Select a valid choice" in main("/en/places/?district=atlantis")
    ContactPoint.objects.filter(pk=point.pk).update(name="Büro Mitte")  # no signal

    assert "Büro Mitte" in main("/en/places/?district=atlantis")


@pytest.mark.parametrize(
    ("closes", "seconds"),
    [
        (time(10, 2), 120),  # open now: until it closes
        (time(12), pagecache.MAX_SECONDS),
    ],
)
def test_a_list_is_kept_only_until_an_opening_state_changes(
    monkeypatch, point: ContactPoint, closes: time, seconds: int
):
    OpeningHoursFactory.create(
        contact_point=point, weekday=Weekday.MONDAY, opens=time(8), closes=closes
    )
    spy = TimeoutSpy()
    monkeypatch.setattr(pagecache, "cache", spy)

    main("/en/places/")

    assert spy.timeouts == [seconds]


def test_a_list_that_opens_soon_is_kept_until_it_opens(monkeypatch, point: ContactPoint):
    OpeningHoursFactory.create(
        contact_point=point, weekday=Weekday.MONDAY, opens=time(10, 1), closes=time(12)
    )
    spy = TimeoutSpy()
    monkeypatch.setattr(pagecache, "cache", spy)

    assert "Opens today at 10:01 a.m." in main("/en/places/districts/mitte/")
    assert spy.timeouts == [60]


def without_tokens(html: str) -> str:
    html = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1-", html)
    html = re.sub(r'("X-CSRFToken": ")[^"]+', r"\1-", html)
    return re.sub(r'nonce="[^"]+"', 'nonce="-"', html)


@pytest.mark.parametrize("path", [*LISTS, "/pl/places/?district=mitte&page=1"])
def test_the_list_is_the_same_with_and_without_the_cache(
    point: ContactPoint, settings: Any, path: str
):
    ClosureFactory.create(
        contact_point=point, first_day=date(2026, 3, 2), last_day=date(2026, 3, 2), reason="<Fest>"
    )
    client = Client()
    rendered, kept = client.get(path), client.get(path)
    settings.GEMEINWERK_PAGE_CACHE = False
    uncached = client.get(path)

    texts = [without_tokens(response.content.decode()) for response in (rendered, kept, uncached)]
    assert texts[0] == texts[1] == texts[2]
    assert "&lt;Fest&gt;" in texts[0]
