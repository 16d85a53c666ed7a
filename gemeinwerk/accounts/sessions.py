"""Session engine: Django's database sessions, stored in accounts.Session with the account
they belong to (SESSION_ENGINE points here)."""

import re
from datetime import UTC, datetime
from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone

from gemeinwerk.core import live

# Session keys this engine and the session middleware keep.
STARTED_KEY = "_gw_started"  # epoch seconds of sign-in
SEEN_KEY = "_gw_seen"  # epoch seconds of the last request that counted
DEVICE_KEY = "_gw_device"

BROWSERS = [
    ("Edge", r"Edg/"),
    ("Opera", r"OPR/"),
    ("Samsung Internet", r"SamsungBrowser/"),
    ("Firefox", r"Firefox/|FxiOS/"),
    ("Chrome", r"Chrome/|CriOS/|Chromium/"),
    ("Safari", r"Safari/"),
]
SYSTEMS = [
    ("Android", r"Android"),
    ("iPhone", r"iPhone"),
    ("iPad", r"iPad"),
    ("Windows", r"Windows"),
    ("macOS", r"Mac OS X|Macintosh"),
    ("ChromeOS", r"CrOS"),
    ("Linux", r"Linux"),
]


def describe_device(user_agent: str) -> str:
    """ "Firefox on Android": enough for a person to recognise their device, no more."""
    browser = next((name for name, pattern in BROWSERS if re.search(pattern, user_agent)), "")
    system = next((name for name, pattern in SYSTEMS if re.search(pattern, user_agent)), "")
    if browser and system:
        return f"{browser} / {system}"
    return browser or system


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls) -> Any:
        from gemeinwerk.accounts.models import Session

        return Session

    def delete(self, session_key: str | None = None) -> None:
        """Signing out deletes the session: the person's open connections (a chat in
        another tab) hear of it and close theirs if it was this one."""
        key = session_key or self.session_key
        model: Any = self.model  # accounts.Session, which has the account
        user_id = (
            model.objects.filter(session_key=key).values_list("user_id", flat=True).first()
            if key
            else None
        )
        super().delete(session_key)
        if user_id is not None:
            live.sessions_ended(user_id)

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        instance: Any = super().create_model_instance(data)
        try:
            instance.user_id = int(data["_auth_user_id"])
        except (KeyError, TypeError, ValueError):
            instance.user_id = None
        instance.device = data.get(DEVICE_KEY, "")[:100]
        # Each save writes the whole row, so the start time comes from the data.
        started = data.get(STARTED_KEY)
        now = timezone.now()
        instance.created_at = datetime.fromtimestamp(started, tz=UTC) if started else now
        instance.last_activity = now
        return instance
