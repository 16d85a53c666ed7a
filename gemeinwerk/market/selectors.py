"""Reads of neighbourhood help: the browse page, a listing with what its reader may
see, a person's own listings and responses, search calls and their report, incidents."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import get_language

from gemeinwerk.accounts.rules import staff_contact_point_ids
from gemeinwerk.core.pagination import PER_PAGE
from gemeinwerk.core.permissions import may
from gemeinwerk.core.search import search
from gemeinwerk.market.models import (
    Category,
    Interest,
    Kind,
    Listing,
    Outcome,
    Response,
    ResponseStatus,
    SearchCall,
    Status,
    Visit,
    name_in,
)
from gemeinwerk.places.models import ContactPoint, District

# "New this week".
NEW_DAYS = 7
# Search calls shown above the results.
CALLS_ON_TOP = 3
# Browsing counts at most this many listings ("more than 1,000"); a page that asks
# for a page beyond them gets the last one.
COUNT_LIMIT = 1000


@dataclass(frozen=True)
class Card:
    url: str
    kind: str
    kind_label: str
    title: str
    excerpt: str
    category: str
    district: str
    when: str
    published_at: datetime | None


def categories() -> QuerySet[Category]:
    return Category.objects.filter(active=True).order_by("position", "name_de")


def visible() -> QuerySet[Listing]:
    return Listing.objects.filter(status=Status.ACTIVE, hidden_at__isnull=True)


def browse(
    *,
    query: str = "",
    kind: str = "",
    category: Category | None = None,
    district: District | None = None,
    new: bool = False,
    sort: str = "relevance",
    now: datetime | None = None,
) -> QuerySet[Listing]:
    listings = visible()
    if kind:
        listings = listings.filter(kind=kind)
    if category is not None:
        listings = listings.filter(category=category)
    if district is not None:
        listings = listings.filter(district=district)
    if new:
        listings = listings.filter(published_at__gte=(now or timezone.now()) - timedelta(NEW_DAYS))
    if query.strip():
        listings = search(listings, query)
        if sort != "recent":
            return listings
    return listings.order_by("-published_at", "-pk")


CARD_FIELDS = (
    "pk",
    "kind",
    "title",
    "description",
    "when",
    "published_at",
    "category__name_de",
    "category__name_pl",
    "category__name_en",
    "district__name",
)


def browse_page(*, number: str | int | None = None, **filters: Any) -> Page[Card]:
    """One page of `browse(**filters)` as cards, in two queries whatever the data.

    Without words: a count that stops at COUNT_LIMIT (counting 100,000 visible
    listings would read the whole table for a number nobody pages through), then the
    page. With words: the page's rows of the ranked matches (at most
    search.MAX_RESULTS), each carrying the number of all matches (a window count) in
    one query; the paginator would run the search twice, once to count and once for
    the page. Only a page beyond the last (an old link) asks again for the last."""
    listings = browse(**filters)
    if filters.get("query", "").strip():
        counted = listings.annotate(matches=Window(Count("*"))).values(*CARD_FIELDS, "matches")
        paginator = Paginator(counted, PER_PAGE)
        wanted = _page_number(number)
        found = list(counted[(wanted - 1) * PER_PAGE : wanted * PER_PAGE])
        paginator.count = found[0]["matches"] if found else listings.count()
        page = paginator.get_page(wanted)
        if page.number != wanted:
            found = list(page.object_list)
    else:
        paginator = Paginator(listings.values(*CARD_FIELDS), PER_PAGE)
        # Set before anything reads it: `count` is a cached property.
        paginator.count = listings.order_by().values("pk")[: COUNT_LIMIT + 1].count()
        page = paginator.get_page(number)
        found = list(page.object_list)
    return Page(_cards(found), page.number, page.paginator)


def _page_number(number: str | int | None) -> int:
    """The page asked for; the first for anything that is not a page number."""
    try:
        return max(1, int(number or 1))
    except (TypeError, ValueError):
        return 1


def more_than_counted(page: Page[Any]) -> bool:
    """Whether the count stopped at COUNT_LIMIT: the page says "more than"."""
    return bool(page.paginator.count > COUNT_LIMIT)


def _cards(rows: list[dict[str, Any]]) -> list[Card]:
    language = (get_language() or "de").split("-")[0]
    kinds = {value: str(label) for value, label in Kind.choices}
    return [
        Card(
            url=reverse("market:listing", args=[row["pk"]]),
            kind=row["kind"],
            kind_label=kinds.get(row["kind"], row["kind"]),
            title=row["title"],
            excerpt=Truncator(row["description"]).words(30, truncate=" …"),
            category=row[f"category__name_{language}"] or row["category__name_de"],
            district=row["district__name"],
            when=row["when"],
            published_at=row["published_at"],
        )
        for row in rows
    ]


def open_calls(
    *,
    query: str = "",
    category: Category | None = None,
    district: District | None = None,
    limit: int = CALLS_ON_TOP,
) -> list[SearchCall]:
    """Open search calls that match a search: shown above its results."""
    calls = SearchCall.objects.filter(outcome=Outcome.OPEN)
    if category is not None:
        calls = calls.filter(category=category)
    if district is not None:
        calls = calls.filter(district=district)
    if query.strip():
        calls = search(calls, query, limit=limit)
    return list(calls.select_related("district", "contact_point", "category")[:limit])


def listing_for(user: Any, pk: int) -> Listing:
    """A listing its reader may see (visible, or their own); DoesNotExist otherwise."""
    listing = Listing.objects.select_related("category", "district", "owner__profile").get(pk=pk)
    if listing.visible or (user.is_authenticated and listing.owner_id == user.pk):
        return listing
    raise Listing.DoesNotExist


def responses_to(listing: Listing) -> list[Response]:
    return list(
        listing.responses.select_related("responder__profile", "conversation").prefetch_related(
            "visits"
        )
    )


def response_of(user: Any, listing: Listing) -> Response | None:
    if not user.is_authenticated:
        return None
    return (
        listing.responses.filter(responder=user)
        .select_related("conversation")
        .prefetch_related("visits")
        .first()
    )


def listings_of(user: Any) -> list[Listing]:
    return list(
        Listing.objects.filter(owner=user)
        .select_related("category", "district")
        .annotate(waiting=Count("responses", filter=Q(responses__status=ResponseStatus.OPEN)))
        .order_by("status", "-created_at")
    )


def responses_of(user: Any) -> list[Response]:
    return list(
        Response.objects.filter(responder=user)
        .select_related("listing", "conversation")
        .order_by("-created_at")
    )


def agreements_between(user: Any, conversation: Any) -> list[Response]:
    """The responses whose chat is this conversation and that the reader is part of:
    the chat page shows them with their buttons."""
    return list(
        Response.objects.filter(conversation=conversation)
        .filter(Q(responder=user) | Q(listing__owner=user))
        .select_related("listing", "responder")
        .order_by("-created_at")
    )


def interests_of(user: Any) -> list[Interest]:
    return list(Interest.objects.filter(user=user).select_related("category", "district"))


def visits_of(user: Any) -> list[Visit]:
    return list(
        Visit.objects.filter(person=user)
        .select_related("response__listing", "trusted_member", "trusted_contact_point")
        .order_by("-check_out_by")[:20]
    )


def visit_for(user: Any, pk: int) -> Visit:
    return Visit.objects.select_related(
        "response__listing", "trusted_member", "trusted_contact_point"
    ).get(pk=pk, person=user)


def public_call(pk: int) -> SearchCall:
    return SearchCall.objects.select_related("district", "contact_point", "category").get(
        pk=pk, outcome=Outcome.OPEN
    )


def calls_for(staff: Any) -> QuerySet[SearchCall]:
    """The calls of the staff member's contact points (all, for an admin)."""
    calls = SearchCall.objects.select_related("district", "contact_point", "category")
    if may(staff, "accounts.oversee_every_contact_point"):
        return calls
    return calls.filter(contact_point_id__in=staff_contact_point_ids(staff))


def publishing_points(staff: Any) -> QuerySet[ContactPoint]:
    points = ContactPoint.objects.order_by("name")
    if may(staff, "accounts.oversee_every_contact_point"):
        return points
    return points.filter(pk__in=staff_contact_point_ids(staff))


@dataclass(frozen=True)
class CallReportRow:
    contact_point: str
    published: int
    matched: int
    not_matched: int
    open: int


def call_report(staff: Any) -> list[CallReportRow]:
    """Calls and their outcomes per contact point: one query."""
    rows = (
        calls_for(staff)
        .order_by()
        .values("contact_point__name")
        .annotate(
            published=Count("pk"),
            matched=Count("pk", filter=Q(outcome=Outcome.MATCHED)),
            not_matched=Count("pk", filter=Q(outcome=Outcome.NOT_MATCHED)),
            still_open=Count("pk", filter=Q(outcome=Outcome.OPEN)),
        )
        .order_by("contact_point__name")
    )
    return [
        CallReportRow(
            row["contact_point__name"],
            row["published"],
            row["matched"],
            row["not_matched"],
            row["still_open"],
        )
        for row in rows
    ]


def incidents_for(staff: Any) -> QuerySet[Visit]:
    """Open incidents (a missed check-out) staff care for: their contact point is the
    trusted contact, or one of their contact points is in the listing's district."""
    visits = Visit.objects.filter(alerted_at__isnull=False, settled_at__isnull=True).select_related(
        "person", "trusted_member", "trusted_contact_point", "response__listing__district"
    )
    if may(staff, "accounts.oversee_every_contact_point"):
        return visits.order_by("alerted_at")
    mine = staff_contact_point_ids(staff)
    districts = ContactPoint.objects.filter(pk__in=mine).values("district_id")
    return visits.filter(
        Q(trusted_contact_point_id__in=mine) | Q(response__listing__district_id__in=districts)
    ).order_by("alerted_at")


def category_name(category: Category) -> str:
    return name_in(category, get_language())
