"""What a member's page offers the person looking at it ("Send a message"), registered
by the apps above accounts from their AppConfig.ready(): a template to include and the
rule that decides, asked with the viewer and the member whose page it is."""

from dataclasses import dataclass
from typing import Any

from gemeinwerk.core.permissions import may


@dataclass(frozen=True)
class Action:
    template: str
    permission: str


_actions: list[Action] = []


def register(template: str, *, permission: str) -> None:
    if any(action.template == template for action in _actions):
        raise ValueError(f"profile action {template!r} registered twice")
    _actions.append(Action(template, permission))


def for_viewer(viewer: Any, member: Any) -> list[str]:
    """The templates of the actions the viewer may take on the member's page."""
    return [action.template for action in _actions if may(viewer, action.permission, member)]
