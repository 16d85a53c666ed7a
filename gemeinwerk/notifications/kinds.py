"""The kinds of notification, registered by the apps that send them (from their
AppConfig.ready()), each with its label on the settings page, its default channel and
its texts: `<template>_subject.txt` (one line: the e-mail's subject and the entry in the
list) and `<template>_body.txt` (the e-mail's text), rendered with the notification's
params in the reader's language."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gemeinwerk.notifications.models import Channel


@dataclass(frozen=True)
class Kind:
    key: str
    label: Any  # a lazy translation
    default: Channel
    template: str
    # Sent to every recipient however they chose (a security notice); not on the
    # settings page and without an unsubscribe link.
    required: bool = False
    # (notification, language) -> files for its own e-mail, as (name, content, media
    # type): an appointment's calendar entry. Digests carry none.
    attachments: Callable[[Any, str], list[tuple[str, bytes, str]]] | None = None


_kinds: dict[str, Kind] = {}


def register_kind(
    key: str,
    label: Any,
    *,
    default: Channel,
    template: str,
    required: bool = False,
    attachments: Callable[[Any, str], list[tuple[str, bytes, str]]] | None = None,
) -> None:
    if key in _kinds:
        raise ValueError(f"notification kind {key!r} registered twice")
    if "." not in key:
        raise ValueError(f"notification kind {key!r}: name it <app>.<what>")
    _kinds[key] = Kind(key, label, default, template, required, attachments)


def get(key: str) -> Kind:
    try:
        return _kinds[key]
    except KeyError:
        raise LookupError(f"unknown notification kind {key!r}") from None


def all_kinds() -> list[Kind]:
    return list(_kinds.values())


def choosable() -> list[Kind]:
    return [kind for kind in _kinds.values() if not kind.required]
