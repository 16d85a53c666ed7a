"""What apps above groups do when someone loses a group's host powers.

groups names no app above it: the meetings app, which runs the rooms, registers a
callback here from its AppConfig.ready() and takes that person's host seats out of the
group's running rooms (meetings/revoke.py)."""

import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

HostPowersLostCallback = Callable[..., None]
_on_host_powers_lost: list[HostPowersLostCallback] = []


def on_host_powers_lost(callback: HostPowersLostCallback) -> HostPowersLostCallback:
    """Register `callback(*, group, user)`; registering the same callback twice keeps one."""
    if callback not in _on_host_powers_lost:
        _on_host_powers_lost.append(callback)
    return callback


def host_powers_lost(*, group: Any, user: Any) -> None:
    """Called by groups' services after the change is committed. Each listener on its
    own: one that fails is logged (one line, nothing about the person) and the others
    still hear it."""
    for callback in list(_on_host_powers_lost):
        try:
            callback(group=group, user=user)
        except Exception as error:
            logger.warning("a listener for lost host powers failed (%s)", type(error).__name__)
