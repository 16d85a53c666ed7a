"""Reads of districts and contact points, with the joins that keep query counts flat.

A list of contact points costs three queries however long it is: the points with their
district, their opening hours, and their closures from today on (a page of them one more,
the paginator's count).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.paginator import Page
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from gemeinwerk.core.pagination import page_of
from gemeinwerk.places.models import Closure, ContactPoint, District
from gemeinwerk.places.opening import DayHours, OpeningState, opening_state, weekly_hours


def local_today(now: datetime | None = None) -> date:
    """Today's date in the city's time zone (settings.TIME_ZONE)."""
    return (now or timezone.now()).astimezone(timezone.get_default_timezone()).date()


def active_contact_points(
    *, district: District | None = None, today: date | None = None
) -> QuerySet[ContactPoint]:
    """Active contact points with district, opening hours and the closures that are not
    over yet (enough for the opening state and the "closed on" list)."""
    upcoming_closures = Closure.objects.filter(last_day__gte=today or local_today())
    points = (
        ContactPoint.objects.filter(is_active=True)
        .select_related("district")
        .prefetch_related(
            "opening_hours",
            Prefetch("closures", queryset=upcoming_closures.order_by("first_day")),
        )
        .order_by("name", "pk")  # the pk keeps pages apart when two points share a name
    )
    if district is not None:
        points = points.filter(district=district)
    return points


def contact_point_opening_state(
    contact_point: ContactPoint, *, now: datetime | None = None
) -> OpeningState:
    """Open now, until when, or when next: uses prefetched hours and closures if present."""
    return opening_state(contact_point.opening_hours.all(), contact_point.closures.all(), now=now)


@dataclass(frozen=True)
class ContactPointSummary:
    contact_point: ContactPoint
    state: OpeningState


def _summaries(points: Iterable[ContactPoint], now: datetime) -> list[ContactPointSummary]:
    return [
        ContactPointSummary(point, contact_point_opening_state(point, now=now)) for point in points
    ]


def contact_point_summaries(
    *, district: District | None = None, now: datetime | None = None
) -> list[ContactPointSummary]:
    now = now or timezone.now()
    return _summaries(active_contact_points(district=district, today=local_today(now)), now)


def contact_point_summary_page(
    *,
    district: District | None = None,
    number: str | int | None = None,
    now: datetime | None = None,
) -> Page[ContactPointSummary]:
    """One page of `contact_point_summaries`: the database returns only the page's points
    (with their hours and closures), and only they get an opening state."""
    now = now or timezone.now()
    page = page_of(active_contact_points(district=district, today=local_today(now)), number)
    return Page(_summaries(page.object_list, now), page.number, page.paginator)


@dataclass(frozen=True)
class ContactPointDetails:
    contact_point: ContactPoint
    state: OpeningState
    week: list[DayHours]
    closures: list[Closure]


def contact_point_details(*, slug: str, now: datetime | None = None) -> ContactPointDetails:
    """Everything the public page of one contact point shows.

    Raises ContactPoint.DoesNotExist for unknown and for inactive contact points alike.
    """
    now = now or timezone.now()
    today = local_today(now)
    point = active_contact_points(today=today).get(slug=slug)
    return ContactPointDetails(
        contact_point=point,
        state=contact_point_opening_state(point, now=now),
        week=weekly_hours(point.opening_hours.all(), today),
        closures=list(point.closures.all()),
    )


def all_districts() -> QuerySet[District]:
    return District.objects.order_by("name")


@dataclass(frozen=True)
class DistrictSummary:
    district: District
    contact_point_count: int  # active contact points only


def district_summaries() -> list[DistrictSummary]:
    """Every district with the number of its active contact points, in one query."""
    districts = District.objects.annotate(
        active_count=Count("contact_points", filter=Q(contact_points__is_active=True))
    ).order_by("name")
    return [DistrictSummary(district, district.active_count) for district in districts]
