"""What apps above groups do when someone loses a group's host powers.

groups names no app above it: the meetings app, which runs the rooms, registers a
callback here from its AppConfig.ready() and takes that person's host seats out of the
group's running rooms (meetings/revoke.py)."""

from collections.abc import Callable
from typing import Any

HostPowersLostCallback = Callable[..., None]
_on_host_powers_lost: list[HostPowersLostCallback] = []


def on_host_powers_lost(callback: HostPowersLostCallback) -> HostPowersLostCallback:
    """Register `callback(*, group, user)`; registering the same callback twice keeps one."""
    if callback not in _on_host_powers_lost:
        _on_host_powers_lost.append(callback)
    return callback


def host_powers_lost(*, group: Any, user: Any) -> None:
    """Called by groups' services after the change is committed."""
    for callback in list(_on_host_powers_lost):
        callback(group=group, user=user)
