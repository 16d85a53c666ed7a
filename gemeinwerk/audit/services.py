from collections.abc import Mapping
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models

from gemeinwerk.audit import context
from gemeinwerk.audit.models import AuditEvent

# Keys that would put secrets or people's own words into the trail.
FORBIDDEN_KEYS = frozenset(
    {"password", "token", "secret", "code", "key", "body", "message", "text", "reason", "note"}
)
JSON_SCALARS = (str, int, float, bool, type(None))


def _clean(value: Any, path: str) -> Any:
    if isinstance(value, Mapping):
        cleaned = {}
        for key, item in value.items():
            name = str(key)
            if FORBIDDEN_KEYS & set(name.lower().split("_")):
                raise ValueError(f"audit data must not hold {path}{name}")
            cleaned[name] = _clean(item, f"{path}{name}.")
        return cleaned
    if isinstance(value, list | tuple | set | frozenset):
        return [_clean(item, path) for item in value]
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, JSON_SCALARS):
        return value
    return str(value)


def _user(user: AbstractBaseUser | AnonymousUser | None) -> Any:
    return user if user is not None and user.is_authenticated else None


def record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    target: models.Model | None = None,
    subject: Any = None,
    on_behalf_of: Any = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit row. Call it inside the transaction of the change it records."""
    acting = context.current()
    if acting is not None:
        # A change made while staff act for someone: the staff member made it.
        if actor is None or getattr(actor, "pk", None) == acting.member.pk:
            actor = acting.staff
        on_behalf_of = on_behalf_of or acting.member
        acting.recorded.append(action)
    return AuditEvent.objects.create(
        action=action,
        actor=_user(actor),
        subject=subject,
        on_behalf_of=on_behalf_of,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        before=_clean(before or {}, ""),
        after=_clean(after or {}, ""),
    )
