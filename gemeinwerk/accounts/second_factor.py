"""Setting up an authenticator app counts as using it, for this session.

Privileged powers need a session whose sign-in went through the second factor
(accounts.rules.completed_two_factor). Someone who sets it up while signed in has just
confirmed their password again (allauth asks before the set-up) and typed a code from
the new app, which is what a two-factor sign-in proves; without this, staff would be
asked for yet another code right after setting it up."""

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added


def record_set_up_as_used(
    *, request: Any, user: Any, authenticator: Authenticator, **kwargs: Any
) -> None:
    if request is None or authenticator.type != Authenticator.Type.TOTP:
        return
    record_authentication(
        request, user, "mfa", id=authenticator.pk, type=authenticator.type, activated=True
    )


def connect() -> None:
    authenticator_added.connect(
        record_set_up_as_used, sender=Authenticator, dispatch_uid="gemeinwerk-mfa-set-up"
    )
