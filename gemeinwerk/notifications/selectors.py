"""Reads of the notifications app."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import ngettext

from gemeinwerk.notifications import kinds
from gemeinwerk.notifications.models import Channel, EmailSettings, Notification, Preference


def own(user: Any) -> QuerySet[Notification]:
    # Kinds of an app that is no longer installed are not shown.
    known = [kind.key for kind in kinds.all_kinds()]
    return Notification.objects.filter(recipient=user, kind__in=known)


def unread_count(user: Any) -> int:
    return own(user).filter(read_at__isnull=True).count()


def unread_badge(user: Any) -> str:
    count = unread_count(user)
    if not count:
        return ""
    return ngettext("%(count)s unread", "%(count)s unread", count) % {"count": count}


def channels(user: Any) -> dict[str, Channel]:
    """The person's channel for every kind they may choose: their choice or the default."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "channel"))
    return {kind.key: Channel(chosen.get(kind.key, kind.default)) for kind in kinds.choosable()}


def email_language(user: Any) -> str | None:
    return EmailSettings.objects.filter(user=user).values_list("language", flat=True).first()


def to_pass_on(member: Any) -> QuerySet[Notification]:
    """What an assisted member without e-mail has not been told yet."""
    return (
        own(member)
        .filter(passed_on_at__isnull=True, read_at__isnull=True)
        .order_by("created_at", "pk")
    )
