"""What notifications bring to the staff console: on the page of an assisted member
without e-mail, what the platform has told the person, for staff to pass on by phone or
letter. Registered from NotificationsConfig.ready()."""

from typing import Any

from django.http import HttpRequest

from gemeinwerk.console.registry import register_member_panel, register_urls
from gemeinwerk.notifications import selectors, texts


def pass_on_panel(request: HttpRequest, member: Any) -> dict[str, Any]:
    waiting = list(selectors.to_pass_on(member))
    return {
        "waiting": [
            {"notification": notification, "words": texts.words(notification)}
            for notification in waiting
        ]
    }


def register() -> None:
    register_urls("notifications/", "gemeinwerk.notifications.office_urls")
    register_member_panel(
        "notifications/office/_pass_on_panel.html",
        context=pass_on_panel,
        permission="notifications.pass_on",
        order=80,
    )
