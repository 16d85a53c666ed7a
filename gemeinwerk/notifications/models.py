"""What the platform tells a person: one row per notification, the person's choice per
kind (an e-mail at once, a daily digest, or only on the platform), and their e-mail
settings (language, the key of the one-click unsubscribe links)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    INSTANT = "instant", _("An e-mail at once")
    DIGEST = "digest", _("One e-mail a day with everything new")
    APP = "app", _("Only here on the platform")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=64)
    # The values the kind's texts need (a group's name, a date), nothing more: the texts
    # are rendered when shown or sent, in the reader's language.
    params = models.JSONField(default=dict, blank=True)
    # Where it leads: a path on this site, never another site.
    path = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The person's choice for the kind when it was created.
    channel = models.CharField(max_length=10, choices=Channel.choices)
    read_at = models.DateTimeField(null=True, blank=True)
    # Sent on its own or in a digest; a task that runs twice sends nothing twice.
    emailed_at = models.DateTimeField(null=True, blank=True)
    # For assisted members without e-mail: staff passed it on by phone or letter.
    passed_on_at = models.DateTimeField(null=True, blank=True)
    passed_on_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["channel", "emailed_at"], name="notification_to_send"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"


class Preference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=64)
    channel = models.CharField(max_length=10, choices=Channel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.channel}"


def new_key() -> str:
    return secrets.token_urlsafe(32)


class EmailSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_settings"
    )
    language = models.CharField(
        _("language of e-mails"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    # Opens the unsubscribe page of the person's e-mails without signing in; random, so
    # that the link names nobody. A new key makes the old links invalid.
    unsubscribe_key = models.CharField(max_length=64, unique=True, default=new_key)

    def __str__(self) -> str:
        return f"e-mail settings of {self.user_id}"
