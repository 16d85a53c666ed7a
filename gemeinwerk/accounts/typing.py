"""Types for views that only signed-in people reach."""

from django.http import HttpRequest

from gemeinwerk.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """A request behind `login_required`: `user` is a real account."""

    user: User
