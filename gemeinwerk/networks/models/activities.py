"""Activities of a network: anyone reads them; for those that ask people to register,
a list with a waiting list. People without internet are registered by staff over the
phone, with their account or, if they have none, a name and a number to call back."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gemeinwerk.networks.models.networks import Network


class Repeat(models.TextChoices):
    ONCE = "once", _("Once")
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    # The same weekday of the month as the first date: "every first Tuesday".
    MONTHLY = "monthly", _("Every month on the same weekday")


class Admission(models.TextChoices):
    DROP_IN = "drop_in", _("Just drop in")
    REGISTER = "register", _("Please register")


class ActivityStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", pgettext_lazy("activity", "Cancelled")


class Activity(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(
        _("description"), max_length=3000, validators=[MaxLengthValidator(3000)]
    )
    # The first (or only) date; a series repeats its local time of day (recurrence.py).
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    repeat = models.CharField(_("repeats"), max_length=12, choices=Repeat, default=Repeat.ONCE)
    repeat_until = models.DateField(_("last date of the series"), null=True, blank=True)
    # Where: a contact point, or an address in words ("Stadtpark, at the fountain").
    contact_point = models.ForeignKey(
        "places.ContactPoint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("contact point"),
    )
    address = models.CharField(_("other place"), max_length=200, blank=True)
    district = models.ForeignKey(
        "places.District",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("district"),
    )
    admission = models.CharField(
        _("taking part"), max_length=10, choices=Admission, default=Admission.DROP_IN
    )
    capacity = models.PositiveSmallIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit. When all places are taken, a waiting list opens."),
    )
    # Who posted it: a networker or staff. Kept empty if that account is deleted.
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_activities",
    )
    status = models.CharField(
        max_length=10, choices=ActivityStatus, default=ActivityStatus.PUBLISHED
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The calendar files' UID: the same event in everybody's calendar, whatever changes.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="networks_activity_ends_after_start",
                violation_error_message=_("The end must be after the start."),
            ),
            models.CheckConstraint(
                condition=models.Q(contact_point__isnull=False) | ~models.Q(address=""),
                name="networks_activity_has_a_place",
                violation_error_message=_("Please choose a contact point or name another place."),
            ),
            # Places are counted only where people register.
            models.CheckConstraint(
                condition=models.Q(admission="register") | models.Q(capacity__isnull=True),
                name="networks_activity_capacity_only_with_registration",
                violation_error_message=_("Places can only be limited when people register."),
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=1),
                name="networks_activity_capacity_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(status="published", cancelled_at__isnull=True)
                | models.Q(status="cancelled", cancelled_at__isnull=False),
                name="networks_activity_cancelled_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("networks:activity", kwargs={"slug": self.network.slug, "pk": self.pk})

    @property
    def is_cancelled(self) -> bool:
        return self.status == ActivityStatus.CANCELLED

    @property
    def needs_registration(self) -> bool:
        return self.admission == Admission.REGISTER

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Has a place")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")


# Who still counts: a place or a spot on the waiting list.
ACTIVE_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)


class Registration(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="registrations")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="activity_registrations",
    )
    # A person without an account, registered by staff over the phone: a name to call
    # them by and a number to call back (deleted some weeks after the activity).
    name = models.CharField(_("name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=RegistrationStatus)
    created_at = models.DateTimeField(default=timezone.now)
    moved_up_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]  # the waiting list's order
        constraints = [
            models.CheckConstraint(
                condition=models.Q(member__isnull=False, name="", phone="")
                | (models.Q(member__isnull=True) & ~models.Q(name="")),
                name="networks_registration_member_or_name",
            ),
            models.UniqueConstraint(
                fields=["activity", "member"],
                condition=models.Q(status__in=["confirmed", "waiting"]),
                name="networks_registration_once_per_member",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="cancelled") | models.Q(cancelled_at__isnull=False),
                name="networks_registration_cancelled_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Registration #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_waiting(self) -> bool:
        return self.status == RegistrationStatus.WAITING
