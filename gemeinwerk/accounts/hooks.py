"""What other apps do when the platform takes trust back from someone.

accounts never names an app above it: an app that hands out powers (a group's host
seats, say) registers a callback here in its AppConfig.ready(), and the trust services
call every callback after their transaction commits, with the member and the reason.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from functools import partial
from typing import Any

from django.db import transaction


class TrustRevoked(StrEnum):
    # The account was suspended: it keeps no power anywhere.
    SUSPENDED = "suspended"


TrustRevokedCallback = Callable[..., None]
_on_trust_revoked: list[TrustRevokedCallback] = []


def on_trust_revoked(callback: TrustRevokedCallback) -> TrustRevokedCallback:
    """Register `callback(*, member, reason)`; usable as a decorator. Registering the
    same callback twice keeps one."""
    if callback not in _on_trust_revoked:
        _on_trust_revoked.append(callback)
    return callback


def remove_trust_revoked(callback: TrustRevokedCallback) -> None:
    if callback in _on_trust_revoked:
        _on_trust_revoked.remove(callback)


@contextmanager
def trust_revoked_callback(callback: TrustRevokedCallback) -> Iterator[TrustRevokedCallback]:
    """Registered for the duration of a block (tests)."""
    on_trust_revoked(callback)
    try:
        yield callback
    finally:
        remove_trust_revoked(callback)


def trust_revoked(*, member: Any, reason: TrustRevoked) -> None:
    """Called by the service that revoked trust, inside its transaction: the callbacks
    run only once the change is committed (nothing happens if it rolls back). Each runs
    on its own (robust): one app's failure neither stops another's nor undoes the
    suspension."""
    for callback in list(_on_trust_revoked):
        transaction.on_commit(partial(callback, member=member, reason=reason), robust=True)


# --- Signing in to an account that is not active yet ------------------------------
# allauth refuses an inactive account whose password is right with a bare "this account
# is inactive". An app whose accounts wait for someone's decision (a facility's, say)
# registers a responder that explains where the account stands; the first that answers
# is shown, else allauth's page.

InactiveResponder = Callable[[Any, Any], Any]
_inactive_responders: list[InactiveResponder] = []


def on_inactive_sign_in(responder: InactiveResponder) -> InactiveResponder:
    """Register `responder(request, user)`, returning an HttpResponse for accounts it
    knows or None; usable as a decorator. Registering it twice keeps one."""
    if responder not in _inactive_responders:
        _inactive_responders.append(responder)
    return responder


def respond_inactive(request: Any, user: Any) -> Any:
    for responder in list(_inactive_responders):
        response = responder(request, user)
        if response is not None:
            return response
    return None


# --- Where a sign-in leads ----------------------------------------------------------------
# An app may send some of its people somewhere first after they sign in (a facility to its
# unfinished self-evaluation, say): it registers a callback returning a path or None; the
# first path given wins, else allauth's usual destination.

SignInDestination = Callable[[Any, Any], str | None]
_after_sign_in: list[SignInDestination] = []


def after_sign_in(callback: SignInDestination) -> SignInDestination:
    """Register `callback(request, user)`; usable as a decorator. Registering it twice
    keeps one."""
    if callback not in _after_sign_in:
        _after_sign_in.append(callback)
    return callback


def sign_in_destination(request: Any, user: Any) -> str | None:
    for callback in list(_after_sign_in):
        destination = callback(request, user)
        if destination:
            return destination
    return None
