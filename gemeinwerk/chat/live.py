"""Messages in real time: each signed-in person's chat connections (every open tab) are
in one channel-layer group; a stored message is sent to the groups of the people in its
conversation after the commit. With several server processes the groups live in Redis.

When the channel layer cannot be reached the message is stored all the same; pages
fetch what they missed when they reconnect (consumers.ChatConsumer.on_since)."""

import asyncio
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
        if layer is None or not recipients:
            return
        try:
            async_to_sync(_send_all)(layer, recipients, event)
        except Exception as error:
            # Redis away: stored is stored; the page catches up on reconnecting.
            logger.warning("a chat event could not be sent (%s)", type(error).__name__)

    transaction.on_commit(send)


async def _send_all(layer: Any, recipients: list[int], event: dict[str, Any]) -> None:
    # All at once: the writer's thread waits for one round trip, not one per person.
    results = await asyncio.gather(
        *(layer.group_send(chat_group(user_id), event) for user_id in recipients),
        return_exceptions=True,
    )
    for result in results:
        if isinstance(result, BaseException):
            raise result
