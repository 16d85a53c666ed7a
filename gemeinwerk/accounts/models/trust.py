"""Verification: members ask a contact point to verify them; staff decide after meeting
the person. Never a copy of an ID: only how, where, by whom and when."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VerificationMethod(models.TextChoices):
    IN_PERSON = "in_person", _("In person at the contact point")
    VIDEO_CALL = "video_call", _("In a video call")
    ASSISTED = "assisted", _("Assisted account, created with staff")


class Decision(models.TextChoices):
    VERIFY = "verify", pgettext_lazy("decision", "Verified")
    SUSPEND = "suspend", pgettext_lazy("decision", "Suspended")
    RESTORE = "restore", pgettext_lazy("decision", "Restored")


class TrustDecision(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trust_decisions"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision)
    method = models.CharField(_("method"), max_length=12, choices=VerificationMethod, blank=True)
    contact_point = models.ForeignKey(
        "places.ContactPoint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact point"),
    )
    # The staff member; kept empty if that account is deleted (the decision stays).
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    house_rules_version = models.CharField(max_length=20, blank=True)
    reason = models.TextField(
        _("reason"), max_length=1000, validators=[MaxLengthValidator(1000)], blank=True
    )

    class Meta:
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decision="verify")
                | (~models.Q(method="") & ~models.Q(house_rules_version="")),
                name="accounts_verification_has_method_and_rules",
            ),
            models.CheckConstraint(
                condition=~models.Q(decision="suspend") | ~models.Q(reason=""),
                name="accounts_suspension_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision} #{self.pk}"


class PreferredMethod(models.TextChoices):
    IN_PERSON = "in_person", _("I will come to the contact point")
    VIDEO_CALL = "video_call", _("A video call")


class RequestOutcome(models.TextChoices):
    VERIFIED = "verified", pgettext_lazy("verification request", "Verified")
    DECLINED = "declined", _("Closed by staff")
    WITHDRAWN = "withdrawn", pgettext_lazy("verification request", "Withdrawn")


class VerificationRequest(models.Model):
    """A member asks the team of a contact point to meet them; it shows in that team's
    queue until staff verify the member or close it."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="verification_requests"
    )
    contact_point = models.ForeignKey(
        "places.ContactPoint",
        on_delete=models.CASCADE,
        related_name="verification_requests",
        verbose_name=_("contact point"),
    )
    preferred_method = models.CharField(
        _("how would you like to meet?"),
        max_length=12,
        choices=PreferredMethod,
        default=PreferredMethod.IN_PERSON,
    )
    message = models.TextField(
        _("message to the team"),
        max_length=500,
        validators=[MaxLengthValidator(500)],
        blank=True,
        help_text=_("For example when you can come or when a call suits you. Optional."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=10, choices=RequestOutcome, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(closed_at__isnull=True),
                name="accounts_one_open_verification_request",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_at__isnull=True, outcome="")
                | (models.Q(closed_at__isnull=False) & ~models.Q(outcome="")),
                name="accounts_closed_request_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"Verification request #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
