"""Which views staff may use while they act for an assisted member (accounts' middleware
enforces it). Deny by default: a view is refused while acting unless it is marked here, so
a new page, a new app or a library's view is safe without anyone remembering a list."""

from collections.abc import Callable
from enum import Enum
from typing import Any, overload

MARK = "gemeinwerk_while_acting"


class WhileActing(Enum):
    # A change made here is made for the person: recorded in the audit trail as such.
    CHANGES_FOR_THE_PERSON = "changes_for_the_person"
    # Stopping, keeping the session alive, the text size: never a change made for the person.
    NO_CHANGE_FOR_THE_PERSON = "no_change_for_the_person"


@overload
def allowed_while_acting[View: Callable[..., Any]](view: View, /) -> View: ...
@overload
def allowed_while_acting[View: Callable[..., Any]](
    *, changes_for_the_person: bool
) -> Callable[[View], View]: ...
def allowed_while_acting(view: Any = None, /, *, changes_for_the_person: bool = True) -> Any:
    """Mark a view staff may use while acting for someone. `functools.wraps` copies the
    mark, so the decorator may sit anywhere in the stack."""
    mark = (
        WhileActing.CHANGES_FOR_THE_PERSON
        if changes_for_the_person
        else WhileActing.NO_CHANGE_FOR_THE_PERSON
    )

    def decorate[View: Callable[..., Any]](function: View) -> View:
        setattr(function, MARK, mark)
        return function

    return decorate(view) if view is not None else decorate


def while_acting(view: Callable[..., Any]) -> WhileActing | None:
    """How a view may be used while acting; None: it is refused."""
    mark = getattr(view, MARK, None)
    return mark if isinstance(mark, WhileActing) else None
