"""What the chat brings to the staff console: the reported messages. Registered from
ChatConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from gemeinwerk.console.registry import register_nav, register_urls


def register() -> None:
    register_urls("chat/", "gemeinwerk.chat.office_urls")
    register_nav(
        "staff:chat:reports",
        _("Reported messages"),
        permission="chat.moderate",
        current_for="staff:chat:",
        order=68,
    )
