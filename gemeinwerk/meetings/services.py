"""Writes of the meeting room: the removals that must outlive the cache."""

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from gemeinwerk.meetings.models import RoomRemoval

SEAT_SALT = "gemeinwerk.meetings.removal"


def seat_hash(seat: str) -> str:
    return salted_hmac(SEAT_SALT, seat, algorithm="sha256").hexdigest()


@transaction.atomic
def record_removal(*, occurrence_id: int, seat: str) -> None:
    """Keep that the host removed `seat` from this meeting. No audit row: the room is
    anonymous and keeps no trace of who was there (docs/privacy.md); the row holds no
    person, only a hash of a random seat."""
    RoomRemoval.objects.get_or_create(occurrence_id=occurrence_id, seat_hash=seat_hash(seat))
    prune_room_removals()


def prune_room_removals() -> int:
    """Removals of meeting dates that are over have done their work: deleted here and
    in the daily housekeeping (a group whose host removes nobody again keeps none)."""
    deleted, _ = RoomRemoval.objects.filter(occurrence__ends_at__lt=timezone.now()).delete()
    return deleted
