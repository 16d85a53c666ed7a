"""Live counts in the header: a signed-in person's open WebSocket connections (the meeting
room now, chat next; core.consumers.JsonConsumer.follow_person) hear when the counts
beside their personal links change (the notifications' unread count), and the page puts
the new words in place. Without a connection the next page load shows them anyway."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def person_group(user_id: int) -> str:
    return f"person.{user_id}"


def badges_changed(user_id: int) -> None:
    """After the commit: the person's connections send the header's counts anew."""

    def send() -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        try:
            async_to_sync(layer.group_send)(person_group(user_id), {"type": "person.badges"})
        except Exception as error:
            # Redis away: the count is right on the next page load; never fail the writer.
            logger.warning("a live count could not be sent (%s)", type(error).__name__)

    transaction.on_commit(send)
