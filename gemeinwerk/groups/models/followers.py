from django.conf import settings
from django.db import models
from django.utils import timezone


class Follower(models.Model):
    """A member who was in the group's room (they knew its code) and asked to be
    reminded before its meetings and told of a cancelled date or a changed code. The
    group's hosts see who asked, and may take someone off the list."""

    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="followers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_groups"
    )
    since = models.DateTimeField(default=timezone.now)
    # Reminded of every date that starts before this: a reminder goes out once, however
    # often the reminder task runs.
    reminded_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["since", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="groups_follower_once")
        ]

    def __str__(self) -> str:
        return f"follower #{self.pk}"
