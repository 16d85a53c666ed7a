"""Reads of districts and contact points, with the joins that keep query counts flat.

A list of contact points costs three queries however long it is: the points with their
district, their opening hours, and their closures from today on (a page of them one more,
the paginator's count). Hours and closures arrive as plain lists on each point
(`to_attr`): a prefetch into the related managers would build a query set per point.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.paginator import Page
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from gemeinwerk.core.pagination import page_of
from gemeinwerk.places.models import Closure, ContactPoint, District, OpeningHours
from gemeinwerk.places.opening import DayHours, OpeningState, opening_state, weekly_hours
from gemeinwerk.places.opening_text import Messages, OpeningText, opening_text, translated

# Where active_contact_points() puts each point's rows.
HOURS = "hours_list"
CLOSURES = "closures_ahead"


def local_today(now: datetime | None = None) -> date:
    """Today's date in the city's time zone (settings.TIME_ZONE)."""
    return (now or timezone.now()).astimezone(timezone.get_default_timezone()).date()


def active_contact_points(
    *,
    district: District | None = None,
    today: date | None = None,
    ids: Iterable[int] | None = None,
) -> QuerySet[ContactPoint]:
    """Active contact points with district, opening hours and the closures that are not
    over yet (enough for the opening state and the "closed on" list)."""
    upcoming_closures = Closure.objects.filter(last_day__gte=today or local_today())
    points = (
        ContactPoint.objects.filter(is_active=True)
        .select_related("district")
        .prefetch_related(
            Prefetch("opening_hours", queryset=OpeningHours.objects.all(), to_attr=HOURS),
            Prefetch(
                "closures", queryset=upcoming_closures.order_by("first_day"), to_attr=CLOSURES
            ),
        )
        .order_by("name", "pk")  # the pk keeps pages apart when two points share a name
    )
    if district is not None:
        points = points.filter(district=district)
    if ids is not None:
        points = points.filter(pk__in=list(ids))
    return points


def contact_point_opening_state(
    contact_point: ContactPoint, *, now: datetime | None = None
) -> OpeningState:
    """Open now, until when, or when next: uses the hours and closures of
    `active_contact_points` if present."""
    hours = getattr(contact_point, HOURS, None)
    closures = getattr(contact_point, CLOSURES, None)
    return opening_state(
        contact_point.opening_hours.all() if hours is None else hours,
        contact_point.closures.all() if closures is None else closures,
        now=now,
    )


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


# The badges of a card, in this order; only what a contact point has.
FEATURES = (
    ("step_free", _("Step-free access")),
    ("hearing_loop", _("Hearing loop")),
    ("equipment_phone", _("Phone for visitors")),
    ("equipment_computer", _("Computer for visitors")),
    ("equipment_internet", _("Internet for visitors")),
)


@dataclass(frozen=True, slots=True)
class ContactPointCard:
    """What a list card shows, ready to place: no model lookups or translations per card
    in the template."""

    name: str
    url: str
    district_line: SafeString  # "District: Altstadt"
    street: str
    postal_code: str
    city: str
    phone: str
    phone_uri: str
    features: list[str]
    opening: OpeningText
    # When the opening words change by themselves: closing time or next opening.
    changes_at: datetime | None


def _cards(points: Iterable[ContactPoint], now: datetime) -> list[ContactPointCard]:
    features = [(field, str(label)) for field, label in FEATURES]
    messages = Messages()
    cards = []
    for point in points:
        state = contact_point_opening_state(point, now=now)
        cards.append(
            ContactPointCard(
                name=point.name,
                url=point.get_absolute_url(),
                district_line=translated(
                    gettext_noop("District: %(district)s"),
                    messages.__getitem__,
                    district=point.district.name,
                ),
                street=point.street,
                postal_code=point.postal_code,
                city=point.city,
                phone=point.phone,
                phone_uri=point.phone_uri,
                features=[label for field, label in features if getattr(point, field)],
                opening=opening_text(state, messages.__getitem__),
                changes_at=state.until or state.next_opening,
            )
        )
    return cards


def contact_point_cards(
    *,
    district: District | None = None,
    now: datetime | None = None,
    ids: Iterable[int] | None = None,
) -> list[ContactPointCard]:
    """Cards of the active contact points (of a district, or the ones in `ids`)."""
    now = now or timezone.now()
    return _cards(active_contact_points(district=district, today=local_today(now), ids=ids), now)


def contact_point_card_page(
    *,
    district: District | None = None,
    number: str | int | None = None,
    now: datetime | None = None,
) -> Page[ContactPointCard]:
    """One page of `contact_point_cards`: only the page's points are loaded and get an
    opening state."""
    now = now or timezone.now()
    page = page_of(active_contact_points(district=district, today=local_today(now)), number)
    return Page(_cards(page.object_list, now), page.number, page.paginator)


def cards_valid_until(cards: Iterable[ContactPointCard], now: datetime) -> datetime:
    """Until when the cards' words hold: the first closing or opening among them, or the
    next midnight, when "today" and "tomorrow" move on and closures begin or end.

    Not foreseen: a point with no opening in the next two weeks shows one once the
    two-week window reaches it (core.pagecache keeps a page at most a few minutes).
    """
    zone = timezone.get_default_timezone()
    midnight = datetime.combine(local_today(now) + timedelta(days=1), time(0), tzinfo=zone)
    return min([midnight, *(card.changes_at for card in cards if card.changes_at)])


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
        week=weekly_hours(getattr(point, HOURS), today),
        closures=list(getattr(point, CLOSURES)),
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
