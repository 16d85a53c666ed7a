"""What can be reported: each app that owns reportable things registers a kind (from its
AppConfig.ready()) saying how moderation finds the object, who is responsible for it,
what staff see of it, who may report it and what staff may do with it.

Moderation sits below the apps that register here: it never imports them, it only calls
the functions of their kinds."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ReportKind:
    key: str  # "<app>.<thing>": "chat.message", "market.listing", "accounts.member"
    label: Any  # a lazy translated noun: _("Listing")
    load: Callable[[int], Any | None]  # the object by pk, or None if gone
    author: Callable[[Any], Any | None]  # the person responsible (the reported person)
    # The text copied into the report when it is made: staff judge it even after changes.
    snapshot: Callable[[Any], str]
    # Asked as may(reporter, permission, obj) before a report is accepted.
    permission: str
    # hide(obj, staff): the "hide" decision; None: not offered for this kind.
    hide: Callable[[Any, Any], None] | None = None
    # restore(obj, staff): undoes a hide.
    restore: Callable[[Any, Any], None] | None = None
    is_hidden: Callable[[Any], bool] | None = None
    # A path staff may open to see the object in context; None when there is none (staff
    # never read conversations).
    staff_link: Callable[[Any], str] | None = None

    def hidden(self, obj: Any) -> bool:
        return obj is not None and self.is_hidden is not None and bool(self.is_hidden(obj))


_kinds: dict[str, ReportKind] = {}


def register_kind(kind: ReportKind) -> None:
    if kind.key in _kinds:
        raise ValueError(f"report kind {kind.key!r} registered twice")
    if "." not in kind.key:
        raise ValueError(f"report kind {kind.key!r}: name it <app>.<what>")
    _kinds[kind.key] = kind


def get(key: str) -> ReportKind:
    """The registered kind; KeyError for an unknown key (views answer 404)."""
    return _kinds[key]


def all_kinds() -> list[ReportKind]:
    return list(_kinds.values())
