"""Messages in real time: each signed-in person's chat connections (every open tab) are
in one channel-layer group; a stored message is sent to the groups of the people in its
conversation after the commit. With several server processes the groups live in Redis.

When the channel layer cannot be reached the message is stored all the same; pages
fetch what they missed when they reconnect (consumers.ChatConsumer.on_since)."""

import logging
from collections.abc import Iterable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def chat_group(user_id: int) -> str:
    return f"chat.{user_id}"


def send_after_commit(user_ids: Iterable[int], event: dict[str, Any]) -> None:
    recipients = sorted(set(user_ids))

    def send() -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        for user_id in recipients:
            try:
                async_to_sync(layer.group_send)(chat_group(user_id), event)
            except Exception as error:
                # Redis away: stored is stored; the page catches up on reconnecting.
                logger.warning("a chat event could not be sent (%s)", type(error).__name__)
                return

    transaction.on_commit(send)
