"""Reads of the networks app, with the joins that keep query counts flat. Activities
are few per network: which ones are upcoming and their next dates are worked out in
Python (recurrence.py) from one query."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from gemeinwerk.accounts.models import Profile, TrustLevel, User, Visibility
from gemeinwerk.accounts.rules import (
    ProfileAudience,
    in_care_of,
    staff_contact_point_ids,
    visible_to,
)
from gemeinwerk.core.permissions import may
from gemeinwerk.networks import recurrence
from gemeinwerk.networks.models import (
    Activity,
    ActivityStatus,
    Appointment,
    AppointmentStatus,
    ContactLog,
    Initiative,
    InitiativeStatus,
    Network,
    NetworkRole,
    Registration,
    RegistrationStatus,
    RoleKind,
    Slot,
    Welcome,
)
from gemeinwerk.networks.models.activities import ACTIVE_STATUSES
from gemeinwerk.networks.models.appointments import TAKING_STATUSES
from gemeinwerk.places.models import ContactPoint, District
from gemeinwerk.places.selectors import (
    ContactPointCard,
    cards_valid_until,
    contact_point_cards,
    local_today,
)

# How far ahead members see appointment times, and how long newcomers count as new.
BOOKING_DAYS = 30
NEWCOMER_WEEKS = 6
# Ended activities stay in the feed a while, so calendars learn of a cancellation.
FEED_KEEPS_DAYS = 30


def active_networks(*, district: District | None = None) -> QuerySet[Network]:
    networks = Network.objects.filter(is_active=True).select_related("district")
    if district is not None:
        networks = networks.filter(district=district)
    return networks.order_by("district__name", "name")


def network_by_slug(slug: str) -> Network:
    """An active network; Network.DoesNotExist for unknown and hidden ones alike."""
    return active_networks().prefetch_related("contact_points").get(slug=slug)


def not_over(now: datetime) -> Q:
    """Activities with a date to come (or running): a filter that keeps few rows for
    Python to look at."""
    return Q(repeat="once", ends_at__gt=now) | (
        ~Q(repeat="once") & (Q(repeat_until__isnull=True) | Q(repeat_until__gte=local_today(now)))
    )


@dataclass(frozen=True)
class Upcoming:
    activity: Activity
    starts_at: datetime  # the next date's start, local
    ends_at: datetime


def _upcoming(activities: QuerySet[Activity], now: datetime, limit: int | None) -> list[Upcoming]:
    found = []
    for activity in activities:
        start = recurrence.next_start(activity, after=now)
        if start is not None:
            found.append(Upcoming(activity, start, start + activity.duration))
    found.sort(key=lambda item: (item.starts_at, item.activity.pk))
    return found[:limit] if limit else found


def upcoming_activities(
    *, network: Network, now: datetime | None = None, limit: int | None = 12
) -> list[Upcoming]:
    now = now or timezone.now()
    activities = (
        Activity.objects.filter(network=network, status=ActivityStatus.PUBLISHED)
        .filter(not_over(now))
        .select_related("contact_point", "district", "network")
    )
    return _upcoming(activities, now, limit)


@dataclass(frozen=True)
class NetworkPage:
    network: Network
    points: list[ContactPointCard]
    upcoming: list[Upcoming]
    initiatives: list[Initiative]


def network_page(*, network: Network, now: datetime | None = None) -> NetworkPage:
    """Everything the newcomer page shows: a fixed number of queries."""
    now = now or timezone.now()
    ids = [point.pk for point in network.contact_points.all()]
    return NetworkPage(
        network=network,
        points=contact_point_cards(ids=ids, now=now),
        upcoming=upcoming_activities(network=network, now=now),
        initiatives=list(
            Initiative.objects.filter(network=network, status=InitiativeStatus.ACCEPTED)[:10]
        ),
    )


def network_page_valid_until(page: NetworkPage, now: datetime) -> datetime:
    """Until when the page's words hold: the contact points' opening words, and the end
    of the first date on it (then "what is on" moves on to the next)."""
    ends = [item.ends_at for item in page.upcoming]
    return min([cards_valid_until(page.points, now), *ends])


def network_list(*, district: District | None = None) -> list[Network]:
    return list(active_networks(district=district))


def activity_in(network: Network, pk: int) -> Activity:
    return (
        Activity.objects.select_related("network", "contact_point", "district", "organiser")
        .prefetch_related("network__contact_points")
        .get(network=network, pk=pk)
    )


@dataclass(frozen=True)
class Places:
    confirmed: int
    waiting: int
    capacity: int | None

    @property
    def free(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.confirmed, 0)


def places(activity: Activity) -> Places:
    counts = activity.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
    )
    return Places(counts["confirmed"], counts["waiting"], activity.capacity)


def own_registration(activity: Activity, user: Any) -> Registration | None:
    if not user.is_authenticated:
        return None
    return activity.registrations.filter(member=user, status__in=ACTIVE_STATUSES).first()


def waiting_position(registration: Registration) -> int:
    """1 for the first person waiting."""
    return (
        registration.activity.registrations.filter(
            status=RegistrationStatus.WAITING,
        )
        .filter(
            Q(created_at__lt=registration.created_at)
            | Q(created_at=registration.created_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


def participants(activity: Activity) -> list[Registration]:
    """The people with a place or on the waiting list, each with `shown_as`: the display
    name where its owner shows it to verified members, else the user name; a caller's
    name for a registration over the phone."""
    registrations = list(
        activity.registrations.filter(status__in=ACTIVE_STATUSES)
        .select_related("member__profile", "registered_by")
        .order_by("created_at", "pk")
    )
    shown = (Visibility.VERIFIED, Visibility.PUBLIC)
    for registration in registrations:
        member = registration.member
        if member is None:
            registration.shown_as = registration.name  # type: ignore[attr-defined]
            continue
        profile = getattr(member, "profile", None)
        display = (
            profile.display_name if profile and profile.display_name_visibility in shown else ""
        )
        registration.shown_as = display or member.username  # type: ignore[attr-defined]
    return registrations


def feed_activities(*, network: Network, now: datetime | None = None) -> QuerySet[Activity]:
    now = now or timezone.now()
    return (
        Activity.objects.filter(network=network)
        .filter(not_over(now - timedelta(days=FEED_KEEPS_DAYS)))
        .select_related("contact_point", "network")
        .order_by("starts_at", "pk")
    )


@dataclass
class Mine:
    registrations: list[Registration] = field(default_factory=list)
    roles: list[NetworkRole] = field(default_factory=list)
    invitations: list[NetworkRole] = field(default_factory=list)
    organised: list[Upcoming] = field(default_factory=list)


def mine(user: Any, *, now: datetime | None = None) -> Mine:
    now = now or timezone.now()
    registrations = list(
        Registration.objects.filter(member=user, status__in=ACTIVE_STATUSES)
        .filter(activity__in=Activity.objects.filter(not_over(now)))
        .select_related("activity__network")
        .order_by("activity__starts_at", "pk")
    )
    roles = list(
        NetworkRole.objects.filter(user=user).select_related("network").order_by("network__name")
    )
    organised = (
        Activity.objects.filter(organiser=user, status=ActivityStatus.PUBLISHED)
        .filter(not_over(now))
        .select_related("network", "contact_point", "district")
    )
    return Mine(
        registrations=registrations,
        roles=[role for role in roles if role.is_accepted],
        invitations=[role for role in roles if not role.is_accepted],
        organised=_upcoming(organised, now, None),
    )


def role_on(network: Network, user: Any) -> NetworkRole | None:
    """The user's networker role or invitation there (facilitators are staff)."""
    if not user.is_authenticated:
        return None
    return NetworkRole.objects.filter(network=network, user=user, role=RoleKind.NETWORKER).first()


# --- Appointments ------------------------------------------------------------------


def bookable_slots(*, now: datetime | None = None) -> QuerySet[Slot]:
    """Times still free in the next weeks at active contact points."""
    now = now or timezone.now()
    return (
        Slot.objects.filter(
            starts_at__gt=now,
            starts_at__lte=now + timedelta(days=BOOKING_DAYS),
            contact_point__is_active=True,
        )
        .exclude(appointments__status__in=TAKING_STATUSES)
        .select_related("contact_point__district")
    )


def free_slots(*, now: datetime | None = None) -> list[Slot]:
    """The bookable times, by contact point and soonest first."""
    return list(bookable_slots(now=now).order_by("contact_point__name", "starts_at", "pk"))


def booked_appointment(member: Any) -> Appointment | None:
    if not member.is_authenticated:
        return None
    return (
        Appointment.objects.filter(member=member, status=AppointmentStatus.BOOKED)
        .select_related("slot__contact_point")
        .first()
    )


def own_appointment(member: Any, pk: int) -> Appointment:
    return Appointment.objects.select_related("slot__contact_point").get(pk=pk, member=member)


def staff_points(staff: Any) -> QuerySet[ContactPoint]:
    return ContactPoint.objects.filter(pk__in=staff_contact_point_ids(staff)).order_by("name")


@dataclass(frozen=True)
class DayRow:
    slot: Slot
    appointment: Appointment | None
    missed_before: int  # the member's earlier no-shows: counted, not held against them
    # Whether the staff member may open the member's page (the person is in the care
    # of their contact points: a booking made over the phone gives no such access).
    member_page: bool = False


def day_plan(*, staff: Any, day: date) -> list[DayRow]:
    """The day's times at the staff member's contact points with what is booked."""
    zone = timezone.get_default_timezone()
    start = datetime.combine(day, time(0), tzinfo=zone)
    taking = Appointment.objects.filter(status__in=TAKING_STATUSES).select_related(
        "member__profile"
    )
    slots = list(
        Slot.objects.filter(
            contact_point_id__in=staff_contact_point_ids(staff),
            starts_at__gte=start,
            starts_at__lt=start + timedelta(days=1),
        )
        .select_related("contact_point")
        .prefetch_related(Prefetch("appointments", queryset=taking, to_attr="taking"))
        .order_by("starts_at", "contact_point__name", "pk")
    )
    members = [slot.taking[0].member_id for slot in slots if slot.taking]
    missed = Counter(
        Appointment.objects.filter(
            member_id__in=members, status=AppointmentStatus.NO_SHOW
        ).values_list("member_id", flat=True)
    )
    in_care = set(
        User.objects.filter(in_care_of(staff_contact_point_ids(staff)), pk__in=members)
        .values_list("pk", flat=True)
        .distinct()
    )
    rows = []
    for slot in slots:
        appointment = slot.taking[0] if slot.taking else None
        count = missed[appointment.member_id] if appointment else 0
        if appointment is not None and appointment.status == AppointmentStatus.NO_SHOW:
            count -= 1  # this one is shown as it is
        linked = appointment is not None and appointment.member_id in in_care
        rows.append(DayRow(slot, appointment, count, linked))
    return rows


def upcoming_slots(*, staff: Any, now: datetime | None = None) -> list[Slot]:
    now = now or timezone.now()
    taking = Appointment.objects.filter(status__in=TAKING_STATUSES)
    return list(
        Slot.objects.filter(contact_point_id__in=staff_contact_point_ids(staff), starts_at__gt=now)
        .select_related("contact_point")
        .prefetch_related(Prefetch("appointments", queryset=taking, to_attr="taking"))
        .order_by("starts_at", "pk")[:200]
    )


def slots_for_staff(staff: Any) -> QuerySet[Slot]:
    """The times at the staff member's contact points (others are "not found")."""
    return Slot.objects.select_related("contact_point").filter(
        contact_point_id__in=staff_contact_point_ids(staff)
    )


def appointments_for_staff(staff: Any) -> QuerySet[Appointment]:
    return Appointment.objects.select_related("slot__contact_point", "member").filter(
        slot__contact_point_id__in=staff_contact_point_ids(staff)
    )


# --- The offline channel -------------------------------------------------------------


def contact_log(*, staff: Any, member: Any) -> list[ContactLog]:
    """The notes about `member` written at the staff member's contact points."""
    return list(
        ContactLog.objects.filter(
            member=member, contact_point_id__in=staff_contact_point_ids(staff)
        ).select_related("contact_point", "logged_by", "done_by")[:50]
    )


def open_follow_ups(*, staff: Any) -> list[ContactLog]:
    return list(
        ContactLog.objects.filter(
            contact_point_id__in=staff_contact_point_ids(staff), done_at__isnull=True
        )
        .exclude(follow_up="")
        .select_related("contact_point", "member__profile", "logged_by")
        .order_by("follow_up_due", "logged_at", "pk")
    )


def log_entries_for_staff(staff: Any) -> QuerySet[ContactLog]:
    return ContactLog.objects.select_related("member", "contact_point").filter(
        contact_point_id__in=staff_contact_point_ids(staff)
    )


@dataclass(frozen=True)
class Newcomer:
    member: User
    district: District
    display_name: str  # only if the member shows it to verified members
    welcome: Welcome | None


def staff_districts(staff: Any) -> list[int]:
    return sorted(
        set(
            ContactPoint.objects.filter(pk__in=staff_contact_point_ids(staff)).values_list(
                "district_id", flat=True
            )
        )
    )


def _newcomer_profiles(staff: Any, now: datetime) -> QuerySet[Profile]:
    shown = [Visibility.VERIFIED, Visibility.PUBLIC]
    return (
        Profile.objects.filter(
            district_id__in=staff_districts(staff),
            district_visibility__in=shown,
            no_contact=False,
            user__is_active=True,
            user__trust_level=TrustLevel.UNVERIFIED,
            user__date_joined__gte=now - timedelta(weeks=NEWCOMER_WEEKS),
        )
        .select_related("user", "district")
        .order_by("-user__date_joined", "pk")
    )


def _newcomer_rows(profiles: list[Profile]) -> list[Newcomer]:
    welcomes = {
        greeting.member_id: greeting
        for greeting in Welcome.objects.filter(
            member_id__in=[profile.user_id for profile in profiles]
        ).select_related("sent_by")
    }
    return [
        Newcomer(
            member=profile.user,
            district=profile.district,
            display_name=profile.display_name if shows_display_name(profile) else "",
            welcome=welcomes.get(profile.user_id),
        )
        for profile in profiles
        if profile.district is not None
    ]


def newcomers(*, staff: Any, now: datetime | None = None) -> list[Newcomer]:
    """Members who joined in the last weeks, are not yet verified, live in one of the
    staff member's districts (a district they show to verified members or everyone)
    and did not ask for no contact."""
    return _newcomer_rows(list(_newcomer_profiles(staff, now or timezone.now())[:200]))


def newcomer_for_staff(staff: Any, public_id: Any) -> Newcomer:
    """One of the staff member's newcomers; User.DoesNotExist for anyone else."""
    profiles = _newcomer_profiles(staff, timezone.now()).filter(user__public_id=public_id)
    rows = _newcomer_rows(list(profiles[:1]))
    if not rows:
        raise User.DoesNotExist
    return rows[0]


def shows_display_name(profile: Profile) -> bool:
    """Staff and networkers see a display name as verified members do."""
    return visible_to(ProfileAudience.MEMBERS, profile, "display_name")


def greeting_for(district: District, staff: Any) -> tuple[Network | None, ContactPoint | None]:
    """The district's network and the staff member's contact point in it."""
    network = active_networks(district=district).first()
    point = staff_points(staff).filter(district=district).first()
    return network, point


# --- The console ---------------------------------------------------------------------


def console_networks(user: Any) -> QuerySet[Network]:
    """Admins see every network; staff those they facilitate or whose contact points
    they work at."""
    networks = Network.objects.select_related("district").order_by("district__name", "name")
    if may(user, "networks.create_network"):
        return networks
    own = staff_contact_point_ids(user)
    mine = Network.objects.filter(
        Q(roles__user=user, roles__role=RoleKind.FACILITATOR) | Q(contact_points__in=own)
    )
    return networks.filter(pk__in=mine.values("pk"))


def facilitators_of(network: Network) -> list[User]:
    return list(
        User.objects.filter(
            network_roles__network=network, network_roles__role=RoleKind.FACILITATOR
        ).order_by("pk")
    )


def network_roles_of(network: Network) -> list[NetworkRole]:
    return list(
        NetworkRole.objects.filter(network=network)
        .select_related("user__profile")
        .order_by("role", "accepted_at", "pk")
    )


def proposed_initiatives(network: Network) -> list[Initiative]:
    return list(
        Initiative.objects.filter(network=network, status=InitiativeStatus.PROPOSED)
        .select_related("proposed_by")
        .order_by("created_at", "pk")
    )
