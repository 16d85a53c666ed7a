"""Verification appointments: staff publish times at their contact point or for a video
call; a member who is not yet verified books one (or staff book it for them over the
phone). The outcome is the verification decision that already exists (accounts)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Mode(models.TextChoices):
    # The same values as accounts' VerificationMethod: the outcome is recorded with it.
    IN_PERSON = "in_person", _("At the contact point")
    VIDEO_CALL = "video_call", _("In a video call")


class Slot(models.Model):
    contact_point = models.ForeignKey(
        "places.ContactPoint",
        on_delete=models.CASCADE,
        related_name="appointment_slots",
        verbose_name=_("contact point"),
    )
    starts_at = models.DateTimeField(_("starts"))
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), default=20, validators=[MinValueValidator(5), MaxValueValidator(120)]
    )
    mode = models.CharField(_("how"), max_length=12, choices=Mode, default=Mode.IN_PERSON)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "contact_point", "pk"]
        constraints = [
            # A double click does not publish a time twice.
            models.UniqueConstraint(
                fields=["contact_point", "starts_at", "mode"], name="networks_slot_once"
            ),
            models.CheckConstraint(
                condition=models.Q(minutes__gte=5, minutes__lte=120),
                name="networks_slot_minutes_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Slot #{self.pk}"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", pgettext_lazy("appointment", "Cancelled")
    VERIFIED = "verified", pgettext_lazy("appointment", "Came and verified")
    MET = "met", _("Came, not verified")
    NO_SHOW = "no_show", _("Did not come")


# A slot holds at most one of these; the others leave it free for the next person.
TAKING_STATUSES = ("booked", "verified", "met", "no_show")


class Appointment(models.Model):
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="appointments")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appointments"
    )
    # How the team reaches the person for a video call, or anything they want to say.
    message = models.TextField(
        _("message to the team"),
        max_length=500,
        validators=[MaxLengthValidator(500)],
        blank=True,
        help_text=_("For a video call: how the team can reach you. Optional."),
    )
    # Staff who booked it for the person over the phone; empty when they booked it.
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    booked_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=AppointmentStatus, default=AppointmentStatus.BOOKED
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["slot__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=models.Q(status__in=TAKING_STATUSES),
                name="networks_appointment_one_per_slot",
            ),
            # Re-booking cancels the earlier appointment first.
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(status="booked"),
                name="networks_appointment_one_open_per_member",
            ),
            models.CheckConstraint(
                condition=models.Q(status="booked", closed_at__isnull=True)
                | (~models.Q(status="booked") & models.Q(closed_at__isnull=False)),
                name="networks_appointment_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Appointment #{self.pk}"

    @property
    def is_booked(self) -> bool:
        return self.status == AppointmentStatus.BOOKED
