"""The one gate of every console view, whichever app the view belongs to."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from gemeinwerk.core.permissions import require

# A rule of accounts (its roles decide who works in the console), named as a string so
# that the console imports no app above it. The second factor is not asked here: the
# roles' powers require it wherever they are used (accounts.rules), and accounts'
# middleware leads those who lack it to setting it up.
USE_CONSOLE = "accounts.use_staff_console"


# Marks a view behind the gate; a test walks every console route and requires it
# (console/tests/test_gate.py), so a new app's console view cannot forget it.
GATED = "gemeinwerk_console_gated"


def console[View: Callable[..., HttpResponse]](view: View) -> View:
    """Signed in and allowed to use the staff console; everyone else signed in gets 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require(request.user, USE_CONSOLE)
        return view(request, *args, **kwargs)

    setattr(wrapper, GATED, True)
    return wrapper  # type: ignore[return-value]


def outside_the_gate[View: Callable[..., HttpResponse]](view: View) -> View:
    """For the rare console route that every signed-in person may use (ending acting for
    someone, which only clears that state): says so where the view is defined."""
    setattr(view, GATED, False)
    return view
