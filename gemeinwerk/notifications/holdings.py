"""The notifications app's entries in the personal data registry. The registry belongs
to accounts, the app above; accounts calls `register_all` with its `register` function
from AccountsConfig.ready()."""

from collections.abc import Callable
from typing import Any

from gemeinwerk.notifications.models import EmailSettings, Notification, Preference


def export_notifications(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "kind": row.kind,
            "details": row.params,
            "link": row.path,
            "at": row.created_at,
            "read_at": row.read_at,
            "emailed_at": row.emailed_at,
            "passed_on_at": row.passed_on_at,
        }
        for row in Notification.objects.filter(recipient=user)
    ]


def register_all(register: Callable[..., None]) -> None:
    register(Notification, "recipient", section="notifications", export=export_notifications)
    register(
        Notification,
        "passed_on_by",
        note="another member's notification that this staff member passed on; link emptied",
    )
    register(
        Preference,
        "user",
        section="notification_settings",
        export=lambda user: dict(
            Preference.objects.filter(user=user).values_list("kind", "channel")
        ),
    )
    register(
        EmailSettings,
        "user",
        section="email_settings",
        export=lambda user: list(EmailSettings.objects.filter(user=user).values("language")),
    )
