"""The reward basket ("koszyk nagród"): the programme office's catalogue of free services
and resources, and the facilities' reservations of them, per evaluation cycle.

Stock and the per-facility limit are counted under a lock on the reward's row
(services/rewards.py): the database keeps the numbers from going below zero."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gemeinwerk.programme.models_evaluation import Tier


class RewardKind(models.TextChoices):
    SUPERVISION = "supervision", _("Supervision")
    WORKSHOP = "workshop", _("Specialist workshop")
    TRAINING = "training", _("Training")
    TRIP = "trip", _("Socio-therapeutic trip")
    RESOURCE = "resource", _("Tool or resource")


class Reward(models.Model):
    """A reward of the catalogue, written by the programme office in the installation's
    language (data, not a translated text)."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=RewardKind)
    for_standard = models.BooleanField(_("standard facilities may reserve it"), default=True)
    for_premium = models.BooleanField(_("premium facilities may reserve it"), default=True)
    for_vip = models.BooleanField(_("VIP facilities may reserve it"), default=True)
    stock = models.PositiveIntegerField(
        _("units available"),
        null=True,
        blank=True,
        help_text=_("Empty: as many as are asked for."),
    )
    limit_per_cycle = models.PositiveSmallIntegerField(_("limit per facility and cycle"), default=1)
    delivery = models.CharField(
        _("how it is delivered"),
        max_length=300,
        blank=True,
        help_text=_("For example: the programme office calls to arrange a date."),
    )
    active = models.BooleanField(_("in the basket"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        constraints = [
            # A limit of 0 would be a reward no one can reserve: "active" says that.
            models.CheckConstraint(
                condition=models.Q(limit_per_cycle__gte=1), name="programme_reward_limit"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def allows(self, tier: str | None) -> bool:
        allowed = {
            Tier.STANDARD.value: self.for_standard,
            Tier.PREMIUM.value: self.for_premium,
            Tier.VIP.value: self.for_vip,
        }
        return bool(tier) and allowed.get(str(tier), False)

    @property
    def tiers(self) -> list[Tier]:
        return [tier for tier in Tier if self.allows(tier)]


class ReservationStatus(models.TextChoices):
    RESERVED = "reserved", _("Reserved")
    ARRANGED = "arranged", _("Arranged")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class Reservation(models.Model):
    """A facility's reservation of a reward in a cycle ("2026-09")."""

    reward = models.ForeignKey(
        Reward, on_delete=models.PROTECT, related_name="reservations", verbose_name=_("reward")
    )
    facility = models.ForeignKey(
        "programme.Facility",
        on_delete=models.CASCADE,
        related_name="reservations",
        verbose_name=_("facility"),
    )
    cycle = models.CharField(_("cycle"), max_length=7)
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReservationStatus,
        default=ReservationStatus.RESERVED,
        db_index=True,
    )
    reserved_at = models.DateTimeField(_("reserved"), default=timezone.now)
    reserved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reserved by"),
    )
    arranged_at = models.DateTimeField(_("arranged"), null=True, blank=True)
    arranged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("arranged by"),
    )
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("delivered by"),
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
    )
    note = models.TextField(_("note from the programme office"), max_length=1000, blank=True)

    class Meta:
        ordering = ["-reserved_at", "-pk"]
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1), name="programme_reservation_quantity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reward}, {self.facility} ({self.get_status_display()})"
