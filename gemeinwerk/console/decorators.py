"""The one gate of every console view, whichever app the view belongs to."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

# A rule of accounts (its roles decide who works in the console), named as a string so
# that the console imports no app above it. The second factor is not asked here: the
# roles' powers require it wherever they are used (accounts.rules), and accounts'
# middleware leads those who lack it to setting it up.
USE_CONSOLE = "accounts.use_staff_console"


def console[View: Callable[..., HttpResponse]](view: View) -> View:
    """Signed in and allowed to use the staff console; everyone else signed in gets 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(USE_CONSOLE):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper  # type: ignore[return-value]
