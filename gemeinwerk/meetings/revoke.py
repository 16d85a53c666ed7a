"""Taking host seats away in running rooms, when an account loses its host role or its
trust: a co-host removed from the group, a host handed over, an account suspended or
no longer verified. The groups and accounts services call `revoke_host_seats` in the
same transaction as the change."""

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.utils import timezone

from gemeinwerk.groups.models import Group, Occurrence
from gemeinwerk.meetings import selectors

logger = logging.getLogger(__name__)


def revoke_host_seats(*, group: Group, user: Any) -> None:
    """After the commit: if `user` may no longer host `group` (the role is gone, or the
    account is suspended or not verified), every running room of the group drops that
    account's host seat and sends its connection away. An account that still hosts the
    group keeps its seat, so calling this after any change of hosts is safe."""
    group_id, user_id = group.pk, user.pk
    transaction.on_commit(lambda: _revoke(group_id=group_id, user_id=user_id))


def _revoke(*, group_id: int, user_id: int) -> None:
    from gemeinwerk.accounts.models import User

    group = Group.objects.filter(pk=group_id).first()
    user = User.objects.filter(pk=user_id).first()
    if group is None:
        return
    if user is not None and selectors.host_role(user, group) is not None:
        return
    running = (
        Occurrence.objects.running_at(timezone.now())
        .filter(meeting__group_id=group_id)
        .values_list("pk", flat=True)
    )
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        for occurrence_id in running:
            # Each connection in the room hears this; the first takes the seats away
            # under the room's lock (consumers.RoomConsumer.room_revoke).
            async_to_sync(layer.group_send)(
                f"room.{occurrence_id}", {"type": "room.revoke", "account": user_id}
            )
    except Exception as error:
        # The change that called for this is committed and must stand (the channel
        # layer down: Redis). The seat still goes at its next connect, which checks
        # the role afresh. One line, nothing about the person.
        logger.warning(
            "host seats could not be taken out of running rooms (%s)", type(error).__name__
        )
