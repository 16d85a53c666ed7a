"""Live counts in the header: a signed-in person's open WebSocket connections (the
meeting room and the chat; core.consumers.JsonConsumer.follow_person) hear when the
counts beside their personal links change (the notifications' unread count, the chat's
unread conversations), and the page puts the new words in place. Without a connection
the next page load shows them anyway. The same connections hear when one of the
person's sessions ended, so that a chat left open in another tab stops at once."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def person_group(user_id: int) -> str:
    return f"person.{user_id}"


def badges_changed(user_id: int) -> None:
    """After the commit: the person's connections send the header's counts anew (with
    Redis away, the count is right on the next page load)."""
    _tell_person_after_commit(user_id, "person.badges", "a live count")


def sessions_ended(user_id: int) -> None:
    """After the commit: a session of the person ended (signed out, ended from another
    device, expired). Their open connections check whether theirs is still valid
    (JsonConsumer.sessions_changed): a chat left open in another tab stops at once (with
    Redis away, the connections' own periodic check notices it later)."""
    _tell_person_after_commit(user_id, "person.sessions", "a session's end")


def _tell_person_after_commit(user_id: int, event_type: str, what: str) -> None:
    def send() -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        try:
            async_to_sync(layer.group_send)(person_group(user_id), {"type": event_type})
        except Exception as error:
            # Never fail the writer: what it wrote is stored.
            logger.warning("%s could not be sent (%s)", what, type(error).__name__)

    transaction.on_commit(send)
