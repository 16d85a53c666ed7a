"""Listings: create and edit, publish, pause and resume, close, extend, expire."""

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gemeinwerk.accounts.models import User
from gemeinwerk.core.permissions import require
from gemeinwerk.core.search import document
from gemeinwerk.market.models import CLOSED, Listing, ResponseStatus, Status
from gemeinwerk.notifications.services import notify

# The owner hears this many days before the end date that the listing will end.
REMIND_DAYS = 7
# "Extend" moves the end date this far from today (or from the old date, if later).
EXTEND_DAYS = 30
# The fields a listing's form edits.
FIELDS = ("kind", "title", "description", "category", "district", "when", "weekdays", "expires_on")


def listing_document(title: str, description: str) -> str:
    """What search reads of a listing."""
    return document(title, description)


def _check_expiry(expires_on: date | None, *, today: date | None = None) -> None:
    if expires_on is not None and expires_on < (today or timezone.localdate()):
        raise ValidationError({"expires_on": _("The end date cannot be in the past.")})


def _fill(listing: Listing, data: dict[str, Any]) -> None:
    for field in FIELDS:
        if field in data:
            setattr(listing, field, data[field])
    listing.title = listing.title.strip()
    listing.description = listing.description.strip()
    listing.search_document = listing_document(listing.title, listing.description)
    listing.full_clean(exclude=["owner", "created_by", "search_vector"])


@transaction.atomic
def create_listing(
    *, owner: User, data: dict[str, Any], publish: bool = True, created_by: User | None = None
) -> Listing:
    """A new listing of `owner` (staff acting for an assisted member pass themselves
    as `created_by`); published at once unless kept as a draft."""
    require(owner, "market.create_listing")
    _check_expiry(data.get("expires_on"))
    if data.get("category") is not None and not data["category"].active:
        raise ValidationError({"category": _("This category is no longer offered.")})
    listing = Listing(owner=owner, created_by=created_by)
    _fill(listing, data)
    if publish:
        listing.status = Status.ACTIVE
        listing.published_at = timezone.now()
    listing.save()
    return listing


def _locked(listing: Listing) -> Listing:
    return Listing.objects.select_for_update().get(pk=listing.pk)


@transaction.atomic
def update_listing(*, user: User, listing: Listing, data: dict[str, Any]) -> Listing:
    require(user, "market.manage_listing", listing)
    listing = _locked(listing)
    if listing.status in CLOSED:
        raise ValidationError(_("A closed listing cannot be changed."))
    if data.get("expires_on") != listing.expires_on:
        _check_expiry(data.get("expires_on"))
    # A listing keeps its retired category; it cannot move to one.
    category = data.get("category")
    if category is not None and category.pk != listing.category_id and not category.active:
        raise ValidationError({"category": _("This category is no longer offered.")})
    _fill(listing, data)
    listing.updated_at = timezone.now()
    listing.save()
    return listing


def _move(user: User, listing: Listing, allowed: tuple[str, ...], to: str) -> Listing:
    require(user, "market.manage_listing", listing)
    listing = _locked(listing)
    if listing.status == to:
        return listing
    if listing.status not in allowed:
        raise ValidationError(_("This listing cannot be changed this way now."))
    listing.status = to
    listing.updated_at = timezone.now()
    return listing


@transaction.atomic
def publish(*, user: User, listing: Listing) -> Listing:
    listing = _move(user, listing, (Status.DRAFT,), Status.ACTIVE)
    _check_expiry(listing.expires_on)
    listing.published_at = listing.published_at or timezone.now()
    listing.save()
    return listing


@transaction.atomic
def pause(*, user: User, listing: Listing) -> Listing:
    """Booked out: hidden from browsing, kept whole, back with one click."""
    listing = _move(user, listing, (Status.ACTIVE,), Status.PAUSED)
    listing.save()
    return listing


@transaction.atomic
def resume(*, user: User, listing: Listing) -> Listing:
    listing = _move(user, listing, (Status.PAUSED,), Status.ACTIVE)
    listing.save()
    return listing


@transaction.atomic
def close(*, user: User, listing: Listing, fulfilled: bool) -> Listing:
    """Closed as fulfilled or withdrawn. Responses still waiting end with it (their
    authors are told kindly); agreements already made stay as they are."""
    status = Status.FULFILLED if fulfilled else Status.WITHDRAWN
    listing = _move(user, listing, (Status.DRAFT, Status.ACTIVE, Status.PAUSED), status)
    listing.closed_at = timezone.now()
    listing.save()
    _end_waiting_responses(listing)
    return listing


def _end_waiting_responses(listing: Listing) -> None:
    waiting = list(listing.responses.filter(status=ResponseStatus.OPEN).select_related("responder"))
    now = timezone.now()
    listing.responses.filter(pk__in=[r.pk for r in waiting]).update(
        status=ResponseStatus.ENDED, ended_at=now, ended_by="owner"
    )
    for response in waiting:
        notify(
            response.responder,
            "market.listing_closed",
            params={"title": listing.title},
            path=listing_path(listing),
        )


def listing_path(listing: Listing) -> str:
    from django.urls import reverse

    return reverse("market:listing", args=[listing.pk])


@transaction.atomic
def extend(*, user: User, listing: Listing, today: date | None = None) -> Listing:
    """One click: the end date moves EXTEND_DAYS on; an expired listing is active again."""
    require(user, "market.manage_listing", listing)
    listing = _locked(listing)
    today = today or timezone.localdate()
    if listing.expires_on is None:
        return listing
    if listing.status not in (Status.ACTIVE, Status.PAUSED, Status.EXPIRED, Status.DRAFT):
        raise ValidationError(_("A closed listing cannot be extended."))
    listing.expires_on = max(listing.expires_on, today) + timedelta(days=EXTEND_DAYS)
    if listing.status == Status.EXPIRED:
        # Back to what it was: a draft that expired was never published, and extending
        # it must not publish it.
        listing.status = Status.ACTIVE if listing.published_at else Status.DRAFT
        listing.closed_at = None
    listing.updated_at = timezone.now()
    listing.save()
    return listing


def remind_expiring(*, today: date | None = None) -> int:
    """Tell owners a week before their listing ends; once per end date."""
    today = today or timezone.localdate()
    due = Listing.objects.filter(
        status__in=(Status.ACTIVE, Status.PAUSED),
        expires_on__isnull=False,
        expires_on__lte=today + timedelta(days=REMIND_DAYS),
        expires_on__gte=today,
    ).select_related("owner")
    told = 0
    for listing in due.iterator():
        if listing.reminded_for == listing.expires_on:
            continue
        with transaction.atomic():
            # Claimed under a lock: two runs of the job tell once.
            claimed = (
                Listing.objects.filter(pk=listing.pk)
                .exclude(reminded_for=listing.expires_on)
                .update(reminded_for=listing.expires_on)
            )
            if claimed and listing.expires_on is not None:
                notify(
                    listing.owner,
                    "market.listing_expiring",
                    params={"title": listing.title, "ends_on": listing.expires_on.isoformat()},
                    path=listing_path(listing),
                )
                told += 1
    return told


def expire_listings(*, today: date | None = None) -> int:
    """Listings whose end date has passed leave browsing; the owner can extend them."""
    today = today or timezone.localdate()
    now = timezone.now()
    ended = 0
    for listing in Listing.objects.filter(
        status__in=(Status.ACTIVE, Status.PAUSED, Status.DRAFT), expires_on__lt=today
    ).iterator():
        with transaction.atomic():
            Listing.objects.filter(pk=listing.pk).update(status=Status.EXPIRED, closed_at=now)
            _end_waiting_responses(listing)
        ended += 1
    return ended


def daily() -> str:
    """The housekeeping job: reminders first, then what ended."""
    return f"{remind_expiring()} reminded, {expire_listings()} expired"


@transaction.atomic
def hide(listing: Listing, staff: User) -> None:
    """Moderation's "hide": gone from browsing and its page, kept whole for a restore.
    Moderation records the decision in the audit trail."""
    listing = _locked(listing)
    if listing.hidden_at is None:
        listing.hidden_at = timezone.now()
        listing.save(update_fields=["hidden_at"])


@transaction.atomic
def restore(listing: Listing, staff: User) -> None:
    listing = _locked(listing)
    if listing.hidden_at is not None:
        listing.hidden_at = None
        listing.save(update_fields=["hidden_at"])
