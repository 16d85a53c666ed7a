"""Neighbourhood help in the personal data (holdings.py): the export holds a member's
listings, responses, followed search calls and safe visits; deleting the account removes
them, and empties the links others' records have to the person."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gemeinwerk.accounts.personal_data import export_data
from gemeinwerk.accounts.services.leaving import delete_account
from gemeinwerk.accounts.tests.more_factories import make_contact_point, staff_of
from gemeinwerk.market.models import Interest, Listing, Response, SearchCall, Status, Visit
from gemeinwerk.market.services import listings, visits
from gemeinwerk.market.tests.factories import (
    agreement,
    category,
    district,
    listing,
    member,
    response,
    search_call,
    visit,
)
from gemeinwerk.places.models import Weekday

pytestmark = pytest.mark.django_db


def test_the_export_holds_listings_responses_interests_and_visits():
    person = member(username="mila")
    ends = timezone.localdate() + timedelta(days=10)
    own = listing(
        person,
        title="Getränkekisten tragen",
        description="Einmal in der Woche.",
        category=category("shopping"),
        district=district("Südstadt"),
        when="Samstagvormittag",
        weekdays=1 << Weekday.SATURDAY,
        expires_on=ends,
    )
    listings.pause(user=person, listing=own)
    others = listing(member(), title="Hilfe mit dem Tablet")
    agreed = agreement(others, person)
    friend = member(username="freundin")
    planned = visit(agreed, trusted_member=friend)
    visits.check_in(person=person, visit=planned)
    Interest.objects.create(user=person, category=category("pets"), district=None)
    # Someone else's response to Mila's listing is theirs, not hers.
    response(listing(person), member())

    data = export_data(person)["data"]

    by_title = {row["title"]: row for row in data["listings"]}
    row = by_title["Getränkekisten tragen"]
    assert row["kind"] == "Offer"
    assert row["description"] == "Einmal in der Woche."
    assert row["category"] == "Shopping and errands"
    assert row["district"] == "Südstadt"
    assert row["when"] == "Samstagvormittag"
    assert row["weekdays"] == 1 << Weekday.SATURDAY
    assert row["expires_on"] == ends
    assert row["status"] == "Paused (booked out)"
    assert set(by_title) == {"Getränkekisten tragen", "Hilfe beim Einkaufen"}
    (mine,) = data["responses"]
    assert mine["listing"] == "Hilfe mit dem Tablet"
    assert mine["message"] == "Ich helfe gern."
    assert mine["status"] == "Agreed"
    assert data["followed_search_calls"] == [
        {"category": "Pets", "district": "", "since": Interest.objects.get(user=person).created_at}
    ]
    (safe,) = data["safe_visits"]
    assert safe["listing"] == "Hilfe mit dem Tablet"
    assert safe["trusted_contact"] == "freundin"
    assert safe["check_out_by"] == planned.check_out_by
    assert safe["checked_in_at"] is not None
    assert safe["contact_told_at"] is None
    # The trusted friend's export does not hold Mila's visit.
    assert export_data(friend)["data"]["safe_visits"] == []


def test_someone_new_exports_empty_sections():
    data = export_data(member())["data"]
    for section in ("listings", "responses", "followed_search_calls", "safe_visits"):
        assert data[section] == []


def test_deleting_the_account_removes_the_members_help_and_empties_others_links():
    person = member()
    own = listing(person)
    answer_to_own = response(own)  # goes with Mila's listing
    others = listing(member())
    agreed = agreement(others, person)
    visit(agreed)  # Mila's own visit
    Interest.objects.create(user=person, category=category("pets"), district=None)
    # Mila is the trusted contact of someone else's visit.
    trusting = visit(agreement(), trusted_member=person)

    delete_account(user=person)

    assert not Listing.objects.filter(pk=own.pk).exists()
    assert not Response.objects.filter(pk__in=[answer_to_own.pk, agreed.pk]).exists()
    assert not Interest.objects.exists()
    assert list(Visit.objects.all()) == [trusting]
    trusting.refresh_from_db()
    assert trusting.trusted_member is None
    # The others' listing stays as it was.
    others.refresh_from_db()
    assert others.status == Status.ACTIVE


def test_staff_who_leave_leave_the_listings_and_calls_they_wrote():
    point = make_contact_point()
    staff = staff_of(point)
    person = member()
    written = listings.create_listing(
        owner=person,
        data={
            "kind": "offer",
            "title": "Vorlesen",
            "description": "Ich lese gern vor.",
            "category": category("company"),
            "district": point.district,
        },
        created_by=staff,
    )
    call = search_call(staff, point)
    incident = visit(agreement(), trusted_contact_point=point)
    visits.alert_if_missed(visit_id=incident.pk, now=incident.check_out_by + timedelta(hours=1))
    visits.settle(staff=staff, visit=incident, note="Alles gut.")

    delete_account(user=staff)

    written.refresh_from_db()
    assert (written.owner, written.created_by) == (person, None)
    call = SearchCall.objects.get(pk=call.pk)
    assert call.created_by is None
    incident.refresh_from_db()
    assert incident.settled_by is None
    assert incident.settled_note == "Alles gut."
