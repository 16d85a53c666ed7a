"""Who else may use the chat, and with whom. Verified members write to each other: the
chat's own rule. An app above the chat lets another circle of people in by registering a
predicate (user -> bool) from its AppConfig.ready(), as the facility programme does for
its facility accounts. People of a circle write only to people of the same circle: a
conversation is allowed when one circle (the verified members' included) holds everyone
in it. The chat names no app above it."""

from collections.abc import Callable, Iterable
from typing import Any

Circle = Callable[[Any], bool]

_circles: list[Circle] = []


def register(circle: Circle) -> None:
    if circle not in _circles:
        _circles.append(circle)


def circles() -> list[Circle]:
    return list(_circles)


def in_a_circle(user: Any) -> bool:
    """Belongs to a registered circle (asked only for people who are not verified)."""
    return bool(getattr(user, "is_authenticated", False)) and any(
        circle(user) for circle in _circles
    )


def share_a_circle(people: Iterable[Any], *, verified: Circle) -> bool:
    """One circle holds all of them: the verified members (the chat's rule, passed in by
    rules.py) or a registered one. all() stops at the first person outside a circle."""
    people = list(people)
    return any(all(circle(person) for person in people) for circle in [verified, *_circles])
