"""While staff act for an assisted member, every audit row written in that request names
the staff member as actor and the member as the person acted for."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Acting:
    staff: Any
    member: Any
    recorded: list[str] = field(default_factory=list)


_acting: ContextVar[Acting | None] = ContextVar("gemeinwerk_acting", default=None)


@contextmanager
def acting_for(*, staff: Any, member: Any) -> Iterator[Acting]:
    state = Acting(staff, member)
    token = _acting.set(state)
    try:
        yield state
    finally:
        _acting.reset(token)


def current() -> Acting | None:
    return _acting.get()
