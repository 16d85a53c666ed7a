"""Reads of the groups app, with the joins that keep query counts flat."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import Page
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.rules import staff_contact_point_ids
from gemeinwerk.core.pagination import page_of
from gemeinwerk.core.permissions import may
from gemeinwerk.core.search import search
from gemeinwerk.groups.models import (
    Follower,
    Format,
    Group,
    GroupHost,
    GroupStatus,
    HostInvitation,
    InvitationStatus,
    JoinRequest,
    JoinRequestStatus,
    Meeting,
    Occurrence,
    Topic,
)


def directory(
    *,
    query: str = "",
    topic: str = "",
    district: Any = None,
    language: str = "",
    format: str = "",
) -> QuerySet[Group]:
    groups = Group.objects.filter(status=GroupStatus.ACTIVE).select_related(
        "district", "contact_point"
    )
    if topic:
        groups = groups.filter(topic=topic)
    if district is not None:
        groups = groups.filter(district=district)
    if language:
        # The JSON list as text, e.g. ["de", "pl"]: works on SQLite and PostgreSQL alike.
        groups = groups.filter(languages__icontains=f'"{language}"')
    if format:
        groups = groups.filter(format__in=[format, "both"])
    # The pk keeps the directory's pages apart when two groups share a name.
    return search(groups, query) if query else groups.order_by("name", "pk")


@dataclass(frozen=True, slots=True)
class GroupCard:
    """What a directory card shows, labels already translated: the template only places
    plain strings, with no model instances, lookups or translations per card."""

    name: str
    url: str
    topic: str
    description: str  # the first 24 words
    format: str
    district: str  # "" for groups of the whole city
    open_to_newcomers: bool
    rhythm: str


CARD_FIELDS = (
    "slug",
    "name",
    "topic",
    "description",
    "format",
    "district__name",
    "open_to_newcomers",
    "rhythm",
)


def directory_page(*, number: str | int | None = None, **filters: Any) -> Page[GroupCard]:
    """One page of `directory(**filters)` as cards: the page's rows as plain values (two
    queries: the count and the page), each label translated once per call."""
    page = page_of(directory(**filters).values(*CARD_FIELDS), number)
    topics = {value: str(label) for value, label in Topic.choices}
    formats = {value: str(label) for value, label in Format.choices}
    cards = [
        GroupCard(
            name=row["name"],
            url=reverse("groups:detail", args=[row["slug"]]),
            topic=topics.get(row["topic"], row["topic"]),
            description=Truncator(row["description"]).words(24, truncate=" …"),
            format=formats.get(row["format"], row["format"]),
            district=row["district__name"] or "",
            open_to_newcomers=row["open_to_newcomers"],
            rhythm=row["rhythm"],
        )
        for row in page.object_list
    ]
    return Page(cards, page.number, page.paginator)


def public_group(slug: str) -> Group:
    """An active group by its slug; raises Group.DoesNotExist otherwise."""
    return Group.objects.select_related("district", "contact_point").get(
        slug=slug, status=GroupStatus.ACTIVE
    )


def upcoming_occurrences(
    group: Group, *, now: datetime | None = None, limit: int = 6
) -> list[Occurrence]:
    now = now or timezone.now()
    return list(
        Occurrence.objects.filter(meeting__group=group, ends_at__gt=now, cancelled_at__isnull=True)
        .select_related("meeting")
        .order_by("starts_at")[:limit]
    )


@dataclass(frozen=True)
class HostDashboard:
    group: Group
    hosts: list[GroupHost]
    meetings: Sequence[Meeting]
    requests: list[JoinRequest]
    invitations: list[HostInvitation]


def host_dashboard(group: Group) -> HostDashboard:
    now = timezone.now()
    meetings = list(
        Meeting.objects.filter(group=group, ended_at__isnull=True).prefetch_related(
            Prefetch(
                "occurrences",
                queryset=Occurrence.objects.filter(ends_at__gt=now).order_by("starts_at"),
                to_attr="upcoming",
            )
        )
    )
    return HostDashboard(
        group=group,
        hosts=list(GroupHost.objects.filter(group=group).select_related("user")),
        meetings=meetings,
        requests=list(JoinRequest.objects.filter(group=group, status=JoinRequestStatus.FORWARDED)),
        invitations=list(
            HostInvitation.objects.filter(
                group=group, status=InvitationStatus.PENDING
            ).select_related("user")
        ),
    )


def open_invitations(user: User) -> QuerySet[HostInvitation]:
    """Invitations to host or co-host that the person has not answered yet."""
    return (
        HostInvitation.objects.filter(user=user, status=InvitationStatus.PENDING)
        .select_related("group", "group__contact_point", "invited_by")
        .order_by("created_at", "pk")
    )


def groups_of(user: User) -> QuerySet[Group]:
    """Groups the person hosts or co-hosts, or proposed."""
    return (
        Group.objects.filter(hosts__user=user)
        .select_related("district", "contact_point")
        .distinct()
        .order_by("name")
    )


def office_work(staff: User) -> dict[str, Any]:
    """The contact point's part: proposed groups and open requests of its groups."""
    groups = Group.objects.select_related("contact_point", "district")
    requests = JoinRequest.objects.select_related("group__contact_point")
    offices = staff_contact_point_ids(staff)
    every_office = may(staff, "accounts.oversee_every_contact_point")
    if not every_office:
        groups = groups.filter(contact_point_id__in=offices)
        requests = requests.filter(group__contact_point_id__in=offices)
    moves = Group.objects.select_related("contact_point", "requested_contact_point").filter(
        requested_contact_point__isnull=False
    )
    if not every_office:
        moves = moves.filter(requested_contact_point_id__in=offices)
    # What the rules refuse them is not offered either: nobody finds a host for, or takes
    # on, a group they proposed or host, nor approves the move they asked for.
    own = Q(proposed_by=staff) | Q(pk__in=GroupHost.objects.filter(user=staff).values("group_id"))
    moves = moves.exclude(own).exclude(move_requested_by=staff)
    return {
        "proposals": groups.filter(status=GroupStatus.PROPOSED).order_by("proposed_at"),
        "requests": requests.filter(status=JoinRequestStatus.NEW).order_by("created_at"),
        # Listed groups that ask to move to this office: it reviews them first.
        "moves": moves.order_by("name"),
        "groups": groups.filter(status=GroupStatus.ACTIVE).exclude(own).order_by("name"),
    }


def is_following(user: Any, group_id: int) -> bool:
    """Whether the person asked for the group's reminders."""
    return bool(
        user.is_authenticated and Follower.objects.filter(group_id=group_id, user=user).exists()
    )


def followed_groups(user: User) -> QuerySet[Group]:
    return Group.objects.filter(followers__user=user).order_by("name", "pk")


def followers_of(group: Group) -> QuerySet[Follower]:
    """Who asked for the group's reminders, for its hosts: their display names."""
    return Follower.objects.filter(group=group).select_related("user__profile")
