"""What the chat tells people (gemeinwerk/notifications): that a message is waiting
(never what it says). The outcome of a report is moderation's to tell."""

from django.utils.translation import gettext_lazy as _

from gemeinwerk.notifications.kinds import register_kind
from gemeinwerk.notifications.models import Channel


def register() -> None:
    register_kind(
        "chat.new_message",
        _("A new message in one of my conversations"),
        default=Channel.INSTANT,
        template="chat/notifications/new_message",
    )
