"""Assisted accounts: staff create them for someone without internet. Staff may act for
the person only while their recorded consent stands; the person can take the account
over with a one-time code."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AssistedAccount(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assisted"
    )
    # The team that supports the person; only its staff may act for them.
    contact_point = models.ForeignKey(
        "places.ContactPoint",
        on_delete=models.PROTECT,
        related_name="assisted_accounts",
        verbose_name=_("contact point"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    consent_given_at = models.DateTimeField(_("consent given at"))
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    consent_withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Only a hash of the code: staff hand the code itself to the person, once.
    takeover_code_hash = models.CharField(max_length=200, blank=True)
    takeover_code_expires_at = models.DateTimeField(null=True, blank=True)
    takeover_code_issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The code works only after a second staff member confirmed the takeover: otherwise
    # one staff member could create a verified account and take it over themselves.
    takeover_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    takeover_confirmed_at = models.DateTimeField(null=True, blank=True)
    taken_over_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(takeover_code_hash="")
                | models.Q(takeover_code_expires_at__isnull=False),
                name="accounts_takeover_code_expires",
            ),
            # The four-eyes rule, kept by the database too: neither the account's creator
            # nor the code's issuer confirms the takeover.
            models.CheckConstraint(
                condition=models.Q(takeover_confirmed_by__isnull=True)
                | (
                    ~models.Q(takeover_confirmed_by=models.F("created_by"))
                    & ~models.Q(takeover_confirmed_by=models.F("takeover_code_issued_by"))
                ),
                name="accounts_takeover_confirmed_by_a_second_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Assisted account #{self.pk}"

    @property
    def takeover_awaits_confirmation(self) -> bool:
        return (
            self.taken_over_at is None
            and bool(self.takeover_code_hash)
            and self.takeover_confirmed_at is None
        )

    @property
    def staff_may_act(self) -> bool:
        return self.consent_withdrawn_at is None and self.taken_over_at is None
