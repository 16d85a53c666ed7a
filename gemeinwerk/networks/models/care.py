"""The offline channel: staff note calls and visits of a person and what follows from
them, and greet members who are new in their district. What staff write about a person
is personal data: only the staff of that contact point read it, it is in the person's
export and leaves with their account."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ContactKind(models.TextChoices):
    CALL = "call", _("Phone call")
    VISIT = "visit", _("Visit at the contact point")
    HOME_VISIT = "home_visit", _("Home visit")


class ContactLog(models.Model):
    contact_point = models.ForeignKey(
        "places.ContactPoint",
        on_delete=models.CASCADE,
        related_name="contact_logs",
        verbose_name=_("contact point"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_logs"
    )
    kind = models.CharField(_("kind of contact"), max_length=12, choices=ContactKind)
    need = models.TextField(
        _("what the person needs"), max_length=1000, validators=[MaxLengthValidator(1000)]
    )
    follow_up = models.CharField(
        _("what we do next"),
        max_length=300,
        blank=True,
        help_text=_("For example: call back about the computer course. Optional."),
    )
    follow_up_due = models.DateField(_("by when"), null=True, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    logged_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-logged_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(follow_up="") | models.Q(follow_up_due__isnull=True),
                name="networks_contactlog_due_needs_follow_up",
                violation_error_message=_("Please say what follows before giving a date."),
            ),
        ]

    def __str__(self) -> str:
        return f"Contact #{self.pk}"

    @property
    def is_open(self) -> bool:
        return bool(self.follow_up) and self.done_at is None


class Welcome(models.Model):
    """Staff greeted a newcomer of their district (a notification with the network's
    newcomer page), so that colleagues do not greet them twice."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="welcomes"
    )
    network = models.ForeignKey(
        "networks.Network", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contact_point = models.ForeignKey(
        "places.ContactPoint", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["member"], name="networks_welcome_once"),
        ]

    def __str__(self) -> str:
        return f"Welcome #{self.pk}"
