"""What the meeting room keeps in the database: only who the host removed, so that a
removal survives a restart of the server (the room's state lives in the cache, which a
restart of a single process empties)."""

from django.db import models
from django.utils import timezone


class RoomRemoval(models.Model):
    """A seat the host sent away from one meeting. The seat is a random value from the
    guest's join cookie (a bearer value): only a keyed hash of it is stored, and nothing
    about the person. Rows go with their meeting date, or once the date is over."""

    occurrence = models.ForeignKey(
        "groups.Occurrence",
        on_delete=models.CASCADE,
        related_name="+",
    )
    seat_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # Not in the admin: nothing here is for people to read.
        constraints = [
            # Removing twice (two hosts at once) is removing once.
            models.UniqueConstraint(
                fields=["occurrence", "seat_hash"], name="meetings_remove_a_seat_once"
            )
        ]

    def __str__(self) -> str:
        return f"Room removal #{self.pk}"
