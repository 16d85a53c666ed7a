"""Reads of the meeting room: who was removed, and who may sit as host."""

from typing import Any

from gemeinwerk.accounts.models import TrustLevel
from gemeinwerk.accounts.rules import ProfileAudience, visible_to
from gemeinwerk.core.text import clean_name
from gemeinwerk.groups.models import Group, GroupHost, HostRole
from gemeinwerk.meetings.joining import NICKNAME_MAX_LENGTH
from gemeinwerk.meetings.models import RoomRemoval
from gemeinwerk.meetings.services import seat_hash


def is_removed(*, occurrence_id: int, seat: str) -> bool:
    return RoomRemoval.objects.filter(
        occurrence_id=occurrence_id, seat_hash=seat_hash(seat)
    ).exists()


def host_role(user: Any, group: Group) -> str | None:
    """The role (host or co-host) `user` holds in `group` right now, if they may use
    it: an active, verified (so not suspended) account. Read afresh on each call, never
    from a cache on the user object: this is the check at token and connect time."""
    if not (user is not None and user.is_authenticated and user.is_active and user.is_verified):
        return None
    role: str | None = (
        GroupHost.objects.filter(group=group, user_id=user.pk)
        .values_list("role", flat=True)
        .first()
    )
    return role


def host_accounts(group: Group) -> int:
    """How many accounts may host the group now: the room keeps that many seats for
    them. A suspended, unverified or inactive host cannot enter as host (host_role), so
    no seat is held back for them."""
    return GroupHost.objects.filter(
        group=group, user__is_active=True, user__trust_level=TrustLevel.VERIFIED
    ).count()


def host_label(role: str) -> str:
    return str(HostRole(role).label)


def host_seat_name(user: Any, role: str) -> str:
    """The name the room shows for a host's seat. Guests in the room are anonymous, so
    the display name shows only if its owner shows it to everyone; otherwise the role
    ("Host", "Co-host") stands in its place."""
    profile = getattr(user, "profile", None)
    if (
        profile is not None
        and profile.display_name
        and visible_to(ProfileAudience.PUBLIC, profile, "display_name")
    ):
        # Cleaned as every nickname in the room is (meetings.joining.JoinTicket.issue): a name
        # saved before names were cleaned may hold control or look-alike characters.
        shown = clean_name(str(profile.display_name))[:NICKNAME_MAX_LENGTH]
        if shown:
            return shown
    return host_label(role)
