"""Listings (services/listings.py and their pages): only verified members create them;
a draft waits for publishing; pausing hides a listing from everybody else and keeps it
whole; closing ends the responses still waiting, kindly; one click extends; the daily
housekeeping reminds a week before the end date (once per date) and expires what ended;
staff acting for an assisted member write listings that stay the member's."""

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from gemeinwerk.accounts.models import TrustLevel
from gemeinwerk.accounts.services.assisted import ACTING_FOR_KEY
from gemeinwerk.accounts.tests.more_factories import (
    assisted_member,
    make_contact_point,
    make_user,
    signed_in,
    staff_of,
    url,
)
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.core.housekeeping import jobs
from gemeinwerk.market.models import Category, Kind, Listing, ResponseStatus, Status
from gemeinwerk.market.services import listings, responses
from gemeinwerk.market.tests.factories import category, district, listing, member, response
from gemeinwerk.notifications.models import Notification
from gemeinwerk.places.models import Weekday

pytestmark = pytest.mark.django_db


def form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": Kind.REQUEST,
        "title": "Mathe-Hausaufgaben am Montag",
        "description": "Mein Sohn braucht Hilfe bei den Hausaufgaben in Mathematik.",
        "category": category("learning").pk,
        "district": district("Südstadt").pk,
        "when": "Montagnachmittag",
        "expires_on": "",
    }
    data.update(overrides)
    return data


def told(user: Any, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=kind))


# --- Creating -------------------------------------------------------------------------------


def test_a_verified_member_publishes_a_listing_with_its_weekdays():
    owner = member()
    client = signed_in(owner)
    assert client.get(url("market:create")).status_code == 200
    ends = timezone.localdate() + timedelta(days=20)

    answer = client.post(
        url("market:create"),
        form_data(
            weekdays=[Weekday.MONDAY.value, Weekday.THURSDAY.value], expires_on=ends.isoformat()
        ),
    )

    item = Listing.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == url("market:listing", item.pk)
    assert (item.owner, item.created_by, item.status) == (owner, None, Status.ACTIVE)
    assert item.published_at is not None
    assert item.weekdays == (1 << 0) | (1 << 3)
    assert item.weekday_list == [Weekday.MONDAY, Weekday.THURSDAY]
    assert item.expires_on == ends
    assert "hausaufgaben" in item.search_document  # what search reads, normalised
    html = client.get(answer["Location"]).content.decode()
    assert "Mathe-Hausaufgaben am Montag" in html
    assert "Monday, Thursday" in html


def test_the_form_shows_the_weekdays_of_a_listing_being_changed():
    item = listing(member(), weekdays=(1 << Weekday.SATURDAY))
    html = signed_in(item.owner).get(url("market:edit", item.pk)).content.decode()
    assert re.search(r'name="weekdays" value="5"[^>]*checked', html)
    assert not re.search(r'name="weekdays" value="0"[^>]*checked', html)


@pytest.mark.parametrize("trust", [TrustLevel.UNVERIFIED, TrustLevel.SUSPENDED])
def test_only_verified_members_create_listings(trust: str):
    person = make_user(trust_level=trust)
    client = signed_in(person)

    assert client.get(url("market:create")).status_code == 403
    assert client.post(url("market:create"), form_data()).status_code == 403
    with pytest.raises(PermissionDenied):
        listing(person)
    assert not Listing.objects.exists()


def test_signing_in_comes_first():
    answer = Client().get(url("market:create"))
    assert answer.status_code == 302
    assert "login" in answer["Location"]


def test_a_retired_category_is_not_offered_for_new_listings():
    retired = category("pets")
    Category.objects.filter(pk=retired.pk).update(active=False)
    retired.refresh_from_db()
    client = signed_in(member())

    answer = client.post(url("market:create"), form_data(category=retired.pk))

    assert answer.status_code == 200
    assert "Select a valid choice" in answer.content.decode()
    assert "Tiere" not in client.get(url("market:create")).content.decode()
    with pytest.raises(ValidationError, match="no longer offered"):
        listing(member(), category=retired)
    assert not Listing.objects.exists()


def test_a_listing_keeps_its_retired_category_but_cannot_move_to_one():
    item = listing(member(), category=category("pets"))
    Category.objects.filter(slug__in=["pets", "children"]).update(active=False)
    data = {"title": "Katze füttern", "category": category("pets")}

    assert listings.update_listing(user=item.owner, listing=item, data=data).title == (
        "Katze füttern"
    )
    with pytest.raises(ValidationError, match="no longer offered"):
        listings.update_listing(
            user=item.owner, listing=item, data={"category": category("children")}
        )
    item.refresh_from_db()
    assert item.category == category("pets")
    # The form offers the listing's own retired category, and no other.
    html = signed_in(item.owner).get(url("market:edit", item.pk)).content.decode()
    assert "Pets" in html
    assert "Looking after children" not in html


def test_an_end_date_in_the_past_is_refused():
    client = signed_in(member())
    yesterday = timezone.localdate() - timedelta(days=1)

    answer = client.post(url("market:create"), form_data(expires_on=yesterday.isoformat()))

    assert answer.status_code == 200
    assert "The end date cannot be in the past." in answer.content.decode()
    assert not Listing.objects.exists()
    # Today is fine: it ends tonight.
    client.post(url("market:create"), form_data(expires_on=timezone.localdate().isoformat()))
    assert Listing.objects.count() == 1


def test_title_and_description_are_needed():
    answer = signed_in(member()).post(url("market:create"), form_data(title="", description=""))
    assert answer.status_code == 200
    assert answer.content.decode().count("This field is required.") == 2
    assert not Listing.objects.exists()


# --- Drafts and changes -----------------------------------------------------------------------


def test_a_draft_is_seen_by_its_owner_only_until_it_is_published():
    owner = member()
    client = signed_in(owner)

    client.post(url("market:create"), {**form_data(), "draft": "1"})
    item = Listing.objects.get()
    assert (item.status, item.published_at) == (Status.DRAFT, None)
    assert Client().get(url("market:listing", item.pk)).status_code == 404
    assert signed_in(member()).get(url("market:listing", item.pk)).status_code == 404
    assert "Publish" in client.get(url("market:listing", item.pk)).content.decode()

    answer = client.post(url("market:status", item.pk), {"action": "publish"})

    assert answer.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.ACTIVE
    assert item.published_at is not None
    assert Client().get(url("market:listing", item.pk)).status_code == 200


def test_a_draft_whose_end_date_passed_is_not_published():
    item = listing(member(), publish=False, expires_on=timezone.localdate())
    Listing.objects.filter(pk=item.pk).update(expires_on=timezone.localdate() - timedelta(1))

    with pytest.raises(ValidationError, match="cannot be in the past"):
        listings.publish(user=item.owner, listing=item)

    item.refresh_from_db()
    assert item.status == Status.DRAFT


def test_the_owner_changes_a_listing_and_nobody_else_can():
    item = listing(member(), title="Alter Titel")
    changed = form_data(title="Neuer Titel", weekdays=[Weekday.FRIDAY.value])

    for other in (signed_in(member()), signed_in(make_user(trust_level=TrustLevel.UNVERIFIED))):
        assert other.get(url("market:edit", item.pk)).status_code == 404
        assert other.post(url("market:edit", item.pk), changed).status_code == 404
    item.refresh_from_db()
    assert item.title == "Alter Titel"

    answer = signed_in(item.owner).post(url("market:edit", item.pk), changed)

    assert answer.status_code == 302
    item.refresh_from_db()
    assert item.title == "Neuer Titel"
    assert item.weekday_list == [Weekday.FRIDAY]
    assert "neuer titel" in item.search_document
    assert item.updated_at > item.created_at


def test_a_closed_listing_cannot_be_changed():
    item = listing(member())
    listings.close(user=item.owner, listing=item, fulfilled=True)

    with pytest.raises(ValidationError, match="closed listing cannot be changed"):
        listings.update_listing(user=item.owner, listing=item, data={"title": "Anders"})

    answer = signed_in(item.owner).post(url("market:edit", item.pk), form_data(title="Anders"))
    assert answer.status_code == 200
    item.refresh_from_db()
    assert item.title == "Hilfe beim Einkaufen"


# --- Pausing ----------------------------------------------------------------------------------


def test_a_paused_listing_is_gone_for_others_kept_whole_and_back_with_one_click():
    item = listing(member(), title="Rasen mähen im Sommer", category=category("household"))
    waiting = response(item)
    owner = signed_in(item.owner)
    someone = signed_in(member())

    answer = owner.post(url("market:status", item.pk), {"action": "pause"})

    assert answer.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.PAUSED
    assert "Rasen mähen" not in Client().get(url("market:browse")).content.decode()
    assert Client().get(url("market:listing", item.pk)).status_code == 404
    assert someone.get(url("market:listing", item.pk)).status_code == 404
    # The owner still sees it, with its responses and the way back.
    html = owner.get(url("market:listing", item.pk)).content.decode()
    assert "Show it again" in html
    assert "Ich helfe gern." in html
    waiting.refresh_from_db()
    assert waiting.status == ResponseStatus.OPEN
    # Nobody responds to what is paused.
    with pytest.raises(PermissionDenied):
        response(item)

    owner.post(url("market:status", item.pk), {"action": "resume"})

    item.refresh_from_db()
    assert item.status == Status.ACTIVE
    assert "Rasen mähen" in Client().get(url("market:browse")).content.decode()
    assert someone.get(url("market:listing", item.pk)).status_code == 200


def test_only_the_owner_pauses_and_only_what_is_active():
    item = listing(member())

    assert (
        signed_in(member()).post(url("market:status", item.pk), {"action": "pause"}).status_code
        == 404
    )
    with pytest.raises(PermissionDenied):
        listings.pause(user=member(), listing=item)
    item.refresh_from_db()
    assert item.status == Status.ACTIVE

    draft = listing(item.owner, publish=False)
    with pytest.raises(ValidationError):
        listings.pause(user=draft.owner, listing=draft)
    # Pausing twice is harmless.
    listings.pause(user=item.owner, listing=item)
    assert listings.pause(user=item.owner, listing=item).status == Status.PAUSED


# --- Closing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "status"), [("fulfilled", Status.FULFILLED), ("withdrawn", Status.WITHDRAWN)]
)
def test_closing_ends_the_waiting_responses_and_tells_their_authors(action: str, status: str):
    item = listing(member(), expires_on=timezone.localdate() + timedelta(days=5))
    waiting_one, waiting_two = response(item), response(item)
    agreed = response(item)
    responses.decide(owner=item.owner, response=agreed, accept=True)

    answer = signed_in(item.owner).post(url("market:status", item.pk), {"action": action})

    assert answer.status_code == 302
    item.refresh_from_db()
    assert item.status == status
    assert item.closed_at is not None
    for waiting in (waiting_one, waiting_two):
        waiting.refresh_from_db()
        assert (waiting.status, waiting.ended_by) == (ResponseStatus.ENDED, "owner")
        assert waiting.ended_at is not None
        (note,) = told(waiting.responder, "market.listing_closed")
        assert note.params == {"title": item.title}
        assert note.path == url("market:listing", item.pk)
    # An agreement already made stays; its side is not told the listing closed.
    agreed.refresh_from_db()
    assert agreed.status == ResponseStatus.ACCEPTED
    assert told(agreed.responder, "market.listing_closed") == []
    assert Client().get(url("market:listing", item.pk)).status_code == 404
    # Closed is closed: no way back by resuming or publishing.
    with pytest.raises(ValidationError):
        listings.resume(user=item.owner, listing=item)
    with pytest.raises(ValidationError):
        listings.extend(user=item.owner, listing=item)


def test_an_unknown_action_changes_nothing():
    item = listing(member())
    answer = signed_in(item.owner).post(url("market:status", item.pk), {"action": "delete"})
    assert answer.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.ACTIVE
    assert signed_in(item.owner).get(url("market:status", item.pk)).status_code == 405


# --- Extending and the daily housekeeping -------------------------------------------------------


def test_one_click_extends_the_end_date_by_thirty_days():
    today = timezone.localdate()
    item = listing(member(), expires_on=today + timedelta(days=3))

    answer = signed_in(item.owner).post(url("market:status", item.pk), {"action": "extend"})

    assert answer.status_code == 302
    item.refresh_from_db()
    assert item.expires_on == today + timedelta(days=33)
    # An end date already passed counts from today.
    assert listings.extend(
        user=item.owner, listing=item, today=today + timedelta(days=40)
    ).expires_on == today + timedelta(days=70)


def test_a_listing_without_an_end_date_is_left_as_it_is():
    item = listing(member())
    assert listings.extend(user=item.owner, listing=item).expires_on is None


def test_an_expired_listing_extended_is_active_again():
    today = timezone.localdate()
    item = listing(member(), expires_on=today)

    assert listings.expire_listings(today=today + timedelta(days=1)) == 1
    item.refresh_from_db()
    assert item.status == Status.EXPIRED
    assert item.closed_at is not None
    assert Client().get(url("market:listing", item.pk)).status_code == 404
    assert (
        "Run longer" in signed_in(item.owner).get(url("market:listing", item.pk)).content.decode()
    )

    signed_in(item.owner).post(url("market:status", item.pk), {"action": "extend"})

    item.refresh_from_db()
    assert item.status == Status.ACTIVE
    assert item.closed_at is None
    assert item.expires_on == today + timedelta(days=30)
    assert Client().get(url("market:listing", item.pk)).status_code == 200


def test_an_expired_draft_extended_stays_a_draft():
    today = timezone.localdate()
    draft = listing(member(), publish=False, expires_on=today)
    listings.expire_listings(today=today + timedelta(days=1))

    listings.extend(user=draft.owner, listing=draft)

    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert Client().get(url("market:listing", draft.pk)).status_code == 404


def test_the_owner_is_reminded_a_week_before_once_per_end_date():
    today = timezone.localdate()
    item = listing(member(), expires_on=today + timedelta(days=7))
    later = listing(member(), expires_on=today + timedelta(days=8))

    assert listings.daily() == "1 reminded, 0 expired"
    assert listings.daily() == "0 reminded, 0 expired"

    (note,) = told(item.owner, "market.listing_expiring")
    assert note.params == {"title": item.title, "ends_on": f"{today + timedelta(days=7):%Y-%m-%d}"}
    assert note.path == url("market:listing", item.pk)
    assert told(later.owner, "market.listing_expiring") == []

    # Extended: the new end date is a new reminder, due a week before it.
    extended = listings.extend(user=item.owner, listing=item)
    assert extended.expires_on == today + timedelta(days=37)
    assert listings.remind_expiring(today=today + timedelta(days=29)) == 0  # 8 days before
    assert listings.remind_expiring(today=today + timedelta(days=30)) == 1
    assert listings.remind_expiring(today=today + timedelta(days=30)) == 0
    assert len(told(item.owner, "market.listing_expiring")) == 2


def test_paused_listings_are_reminded_but_drafts_and_closed_ones_are_not():
    today = timezone.localdate()
    soon = today + timedelta(days=2)
    paused = listing(member(), expires_on=soon)
    listings.pause(user=paused.owner, listing=paused)
    draft = listing(member(), publish=False, expires_on=soon)
    closed = listing(member(), expires_on=soon)
    listings.close(user=closed.owner, listing=closed, fulfilled=False)

    assert listings.remind_expiring() == 1

    assert len(told(paused.owner, "market.listing_expiring")) == 1
    assert told(draft.owner, "market.listing_expiring") == []
    assert told(closed.owner, "market.listing_expiring") == []


def test_listings_expire_the_day_after_their_end_date_and_waiting_responses_end():
    today = timezone.localdate()
    item = listing(member(), expires_on=today + timedelta(days=1))
    waiting = response(item)
    no_end = listing(member())
    closed = listing(member(), expires_on=today)
    listings.close(user=closed.owner, listing=closed, fulfilled=True)

    assert listings.expire_listings(today=today + timedelta(days=1)) == 0
    assert listings.expire_listings(today=today + timedelta(days=2)) == 1

    item.refresh_from_db()
    assert item.status == Status.EXPIRED
    waiting.refresh_from_db()
    assert waiting.status == ResponseStatus.ENDED
    assert len(told(waiting.responder, "market.listing_closed")) == 1
    no_end.refresh_from_db()
    closed.refresh_from_db()
    assert (no_end.status, closed.status) == (Status.ACTIVE, Status.FULFILLED)
    assert listings.expire_listings(today=today + timedelta(days=3)) == 0


def test_the_daily_housekeeping_runs_reminders_and_expiry():
    assert listings.daily in [job.run for job in jobs()]


def test_an_expired_listing_is_not_reminded():
    item = listing(member(), expires_on=timezone.localdate())
    Listing.objects.filter(pk=item.pk).update(expires_on=date(2020, 1, 1))
    assert listings.daily() == "0 reminded, 1 expired"
    assert told(item.owner, "market.listing_expiring") == []


# --- Acting for an assisted member --------------------------------------------------------------


def acting_client(staff: Any, person: Any) -> Client:
    client = signed_in(staff)
    session = client.session
    session[ACTING_FOR_KEY] = person.pk
    session.save()
    return client


def test_staff_acting_for_an_assisted_member_write_a_listing_that_stays_the_members():
    home = make_contact_point()
    staff = staff_of(home)
    person = assisted_member(home, username="oma_jadwiga")
    client = acting_client(staff, person)

    answer = client.post(url("market:create"), form_data(title="Begleitung zum Markt"))

    assert answer.status_code == 302
    item = Listing.objects.get()
    assert (item.owner, item.created_by, item.status) == (person, staff, Status.ACTIVE)
    acted = AuditEvent.objects.get(action="assisted.acted")
    assert (acted.actor, acted.on_behalf_of) == (staff, person)
    assert acted.after == {"view": "market:create"}
    # The member's own list shows it; staff manage it for them.
    assert "Begleitung zum Markt" in client.get(url("market:mine")).content.decode()
    client.post(url("market:status", item.pk), {"action": "pause"})
    item.refresh_from_db()
    assert item.status == Status.PAUSED
    assert not Listing.objects.filter(owner=staff).exists()
