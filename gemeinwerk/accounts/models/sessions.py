"""Sessions in a table of their own, tied to the account: a member can list and end
their other sessions, and leaving removes them all."""

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone


class Session(AbstractBaseSession):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        related_name="sessions",
    )
    # A coarse description such as "Firefox on Android": enough to recognise a
    # device, less than the full user agent. No IP address.
    device = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_activity = models.DateTimeField(default=timezone.now)

    class Meta(AbstractBaseSession.Meta):
        db_table = "accounts_session"

    @classmethod
    def get_session_store_class(cls) -> type:
        from gemeinwerk.accounts.sessions import SessionStore

        return SessionStore
