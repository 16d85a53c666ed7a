"""Requests to join a group. They go to the contact point, never to a host's private
address; staff forward them. The guest's contact details are deleted a while after
the request is handled (`manage.py prune_join_requests`)."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class JoinRequestStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("join request", "New")
    FORWARDED = "forwarded", _("Forwarded to the host")
    CLOSED = "closed", pgettext_lazy("join request", "Closed")


class JoinRequest(models.Model):
    group = models.ForeignKey(
        "groups.Group", on_delete=models.CASCADE, related_name="join_requests"
    )
    name = models.CharField(
        _("how should we address you?"),
        max_length=60,
        help_text=_("A first name or a pseudonym is enough."),
    )
    contact = models.CharField(
        _("how can the contact point reach you?"),
        max_length=120,
        help_text=_("An e-mail address or a phone number."),
    )
    message = models.TextField(
        _("message"),
        max_length=1000,
        validators=[MaxLengthValidator(1000)],
        blank=True,
        help_text=_("Optional. What would you like the group to know?"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=JoinRequestStatus, default="new")
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    # When the contact point's e-mail that lists new requests included this one: each
    # request is announced once, and the office gets at most one e-mail per group and
    # period (`services.requests.notify_office`).
    office_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=JoinRequestStatus.values),
                name="groups_join_request_status_valid",
            )
        ]

    def __str__(self) -> str:
        return f"Join request #{self.pk}"
