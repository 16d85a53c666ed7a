"""Permissions in one style. Every check names a rule ("app.action"), registered with
`rules.add_perm` in the app's rules.py; views, services, selectors and templates ask
that same name through `may` (and `require`), so that a view and the service behind it
cannot disagree.

`may` asks the rule set itself, never `User.has_perm`: Django lets an active superuser
pass every permission before any rule is asked, and an admin must not, say, choose a
group's co-hosts or review their own group. An admin's powers are therefore explicit in
each rule (`| is_admin`), where the permission matrix sees them."""

from typing import Any

import rules
from django.core.exceptions import ImproperlyConfigured, PermissionDenied


def may(user: Any, name: str, obj: Any = None) -> bool:
    if not rules.perm_exists(name):
        # A misspelt name would be a silent "no" (or, negated, a silent "yes").
        raise ImproperlyConfigured(f"no permission rule named {name!r}")
    return bool(rules.has_perm(name, user, obj))


def require(user: Any, name: str, obj: Any = None) -> None:
    """`may`, or PermissionDenied (a 403 page in views, an error in services)."""
    if not may(user, name, obj):
        raise PermissionDenied
