"""Notification e-mails: plain text and HTML, in the recipient's language, with a
one-click unsubscribe for the kind (RFC 8058) and no images or tracking of any kind."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from gemeinwerk.notifications import kinds
from gemeinwerk.notifications.models import EmailSettings, Notification
from gemeinwerk.notifications.texts import Words, path_in, words


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def link(notification: Notification, language: str) -> str:
    """Where the notification leads, in the language of the e-mail."""
    if not notification.path:
        return ""
    return absolute(path_in(notification.path, language))


def email_settings(user: Any) -> EmailSettings:
    found, _created = EmailSettings.objects.get_or_create(user=user)
    return found


def unsubscribe_url(settings_row: EmailSettings, kind: str) -> str:
    with translation.override(settings_row.language):
        return absolute(
            reverse("notifications:unsubscribe", args=[settings_row.unsubscribe_key, kind])
        )


def _message(
    user: Any,
    subject: str,
    context: Mapping[str, object],
    template: str,
    unsubscribe: str | None,
) -> EmailMultiAlternatives:
    operator = settings.GEMEINWERK_OPERATOR["name"]
    context = {**context, "operator": operator, "unsubscribe_url": unsubscribe}
    text = render_to_string(f"notifications/email/{template}.txt", context)
    html = render_to_string(f"notifications/email/{template}.html", context)
    headers = {}
    if unsubscribe:
        headers = {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    message = EmailMultiAlternatives(
        f"{operator}: {subject}", text.strip() + "\n", None, [user.email], headers=headers
    )
    message.attach_alternative(html, "text/html")
    return message


def single(notification: Notification) -> EmailMultiAlternatives:
    user = notification.recipient
    settings_row = email_settings(user)
    kind = kinds.get(notification.kind)
    unsubscribe = None if kind.required else unsubscribe_url(settings_row, kind.key)
    with translation.override(settings_row.language):
        text: Words = words(notification, settings_row.language)
        context = {
            "words": text,
            "link": link(notification, settings_row.language),
            "settings_link": absolute(reverse("notifications:settings")),
        }
        message = _message(user, text.subject, context, "single", unsubscribe)
        if kind.attachments is not None:
            for name, content, media_type in kind.attachments(notification, settings_row.language):
                message.attach(name, content, media_type)
        return message


# The digest's own one-click link: every kind that comes by digest, only on the platform.
EVERY_DIGEST = "digest"


def digest(user: Any, notifications: Sequence[Notification]) -> EmailMultiAlternatives:
    settings_row = email_settings(user)
    with translation.override(settings_row.language):
        items = [
            {
                "words": words(notification, settings_row.language),
                "link": link(notification, settings_row.language),
                "label": kinds.get(notification.kind).label,
                "unsubscribe_url": unsubscribe_url(settings_row, notification.kind),
            }
            for notification in notifications
        ]
        subject = ngettext(
            "%(count)d new notification", "%(count)d new notifications", len(items)
        ) % {"count": len(items)}
        context = {
            "items": items,
            "settings_link": absolute(reverse("notifications:settings")),
            "list_link": absolute(reverse("notifications:list")),
        }
        return _message(
            user, subject, context, "digest", unsubscribe_url(settings_row, EVERY_DIGEST)
        )
