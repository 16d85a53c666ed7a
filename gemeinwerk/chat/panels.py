"""What apps above the chat show on a conversation's page, above the messages: the
neighbourhood help's agreements with their buttons, for example. An app registers a
function (request, conversation) -> HTML (empty when it has nothing to show) from its
AppConfig.ready(); the chat names no app above it."""

from collections.abc import Callable
from typing import Any

from django.utils.safestring import SafeString, mark_safe

Panel = Callable[[Any, Any], str]

_panels: list[Panel] = []


def register(panel: Panel) -> None:
    _panels.append(panel)


def render_all(request: Any, conversation: Any) -> SafeString:
    # Each panel renders its own template (escaped there); joined as they come.
    return mark_safe("".join(panel(request, conversation) for panel in _panels))  # noqa: S308
