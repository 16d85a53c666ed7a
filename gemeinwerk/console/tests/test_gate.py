"""Every console route is behind the console's gate, or says where it is defined that it
is not: a new app's console view that forgets @console fails here, not in production."""

from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from gemeinwerk.console.decorators import GATED

# Said at the view with @outside_the_gate; nothing else.
OUTSIDE = {"staff:act_stop"}


def routes(resolver: URLResolver, namespace: str = "") -> Iterator[tuple[str, Any]]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            yield from routes(pattern, f"{namespace}{inner}:" if inner else namespace)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", pattern.callback


def console_routes() -> dict[str, Any]:
    return {name: view for name, view in routes(get_resolver()) if name.startswith("staff:")}


def test_the_walk_finds_the_console_routes_of_several_apps():
    names = set(console_routes())

    assert {"staff:queue", "staff:member", "staff:groups:overview"} <= names


def test_every_console_route_is_behind_the_gate_or_says_why_not():
    marks = {name: getattr(view, GATED, None) for name, view in console_routes().items()}

    assert [name for name, mark in marks.items() if mark is None] == []
    assert {name for name, mark in marks.items() if mark is False} == OUTSIDE
