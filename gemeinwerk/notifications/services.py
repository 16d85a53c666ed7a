"""Writes of the notifications app. Every app tells people things through `notify`."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gemeinwerk import audit
from gemeinwerk.core import live
from gemeinwerk.core.permissions import may
from gemeinwerk.notifications import emails, kinds, selectors
from gemeinwerk.notifications.audit_actions import AuditAction
from gemeinwerk.notifications.models import Channel, EmailSettings, Notification, Preference

User = Any  # the account model (accounts sits above this app)


def channel_for(user: User, kind: kinds.Kind) -> Channel:
    if kind.required:
        return Channel.INSTANT
    chosen = Preference.objects.filter(user=user, kind=kind.key).values_list("channel", flat=True)
    return Channel(chosen.first() or kind.default)


def has_email(user: User) -> bool:
    return bool(user.email)


@transaction.atomic
def notify(
    recipient: User, kind: str, *, params: dict[str, Any] | None = None, path: str = ""
) -> Notification:
    """Tell `recipient` something of `kind` (registered with kinds.register_kind). The
    notification shows in their list at once; the e-mail goes out after the commit,
    at once or with the day's digest, as they chose."""
    registered = kinds.get(kind)
    if path and not path.startswith("/"):
        raise ValueError("a notification leads to a path on this site")
    notification = Notification.objects.create(
        recipient=recipient,
        kind=registered.key,
        params=params or {},
        path=path,
        channel=channel_for(recipient, registered),
    )
    # Open pages of the person (the meeting room) show the new unread count at once.
    live.badges_changed(recipient.pk)
    if notification.channel == Channel.INSTANT and has_email(recipient):
        from gemeinwerk.notifications.tasks import send_notification

        transaction.on_commit(lambda: send_notification.enqueue(notification.pk))
    return notification


@transaction.atomic
def send_instant(*, notification_id: int) -> str:
    """Send one notification's e-mail once (the task may run twice)."""
    notification = (
        Notification.objects.select_for_update()
        .select_related("recipient")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None:
        return "gone"
    if notification.emailed_at is not None:
        return "sent already"
    if not has_email(notification.recipient):
        return "no address"
    emails.single(notification).send()
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])
    return "sent"


@transaction.atomic
def send_digests(*, now: datetime | None = None) -> int:
    """One e-mail per person with everything they chose to get by digest and have not
    had yet. Safe to run twice, or in two workers at once: rows are locked and marked
    in the same transaction, so each item goes out once. Returns the e-mails sent."""
    moment = now or timezone.now()
    waiting = (
        Notification.objects.select_for_update()
        .filter(channel=Channel.DIGEST, emailed_at__isnull=True, created_at__lte=moment)
        .exclude(recipient__email="")
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "pk")
    )
    by_person: dict[int, list[Notification]] = defaultdict(list)
    for notification in waiting:
        by_person[notification.recipient_id].append(notification)
    for items in by_person.values():
        emails.digest(items[0].recipient, items).send()
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=moment)
    return len(by_person)


@transaction.atomic
def mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the person's own notifications read: the ones given, or all."""
    # The ones the person can see: kinds of an app that is gone stay as they are.
    unread = selectors.own(user).filter(read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    marked = unread.update(read_at=timezone.now())
    if marked:
        live.badges_changed(user.pk)
    return marked


@transaction.atomic
def set_preferences(
    *, user: User, channels: dict[str, Channel], language: str | None = None
) -> None:
    for key, channel in channels.items():
        kind = kinds.get(key)
        if kind.required:
            raise ValidationError("this kind of notification cannot be switched off")
        Preference.objects.update_or_create(user=user, kind=key, defaults={"channel": channel})
    if language is not None:
        EmailSettings.objects.update_or_create(user=user, defaults={"language": language})


def knows_key(key: str) -> bool:
    return EmailSettings.objects.filter(unsubscribe_key=key).exists()


@transaction.atomic
def unsubscribe(*, key: str, kind: str) -> User:
    """The one-click link of an e-mail: that kind (or every kind that comes by digest)
    now shows only on the platform. Nothing else changes."""
    settings_row = EmailSettings.objects.select_related("user").filter(unsubscribe_key=key).first()
    if settings_row is None:
        raise PermissionDenied("unknown unsubscribe key")
    user = settings_row.user
    if kind == emails.EVERY_DIGEST:
        chosen = selectors.channels(user)
        keys = [key for key, channel in chosen.items() if channel == Channel.DIGEST]
    else:
        registered = kinds.get(kind)
        if registered.required:
            raise PermissionDenied("this kind of notification cannot be switched off")
        keys = [registered.key]
    for key_of_kind in keys:
        Preference.objects.update_or_create(
            user=user, kind=key_of_kind, defaults={"channel": Channel.APP}
        )
    return user


@transaction.atomic
def pass_on(*, staff: User, notification: Notification) -> None:
    """Staff told an assisted member without e-mail by phone or letter."""
    member = notification.recipient
    if not may(staff, "notifications.pass_on", member):
        raise PermissionDenied("only staff who look after the person pass it on")
    if has_email(member):
        raise ValidationError("the person gets e-mails", code="has_email")
    if notification.passed_on_at is not None:
        return
    notification.passed_on_at = timezone.now()
    notification.passed_on_by = staff
    notification.read_at = notification.read_at or notification.passed_on_at
    notification.save(update_fields=["passed_on_at", "passed_on_by", "read_at"])
    audit.record(actor=staff, action=AuditAction.PASSED_ON, target=notification, subject=member)
