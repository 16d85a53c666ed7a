"""Districts of the city and the contact points people can walk into.

Contact points are public information: anyone may read them without an account.
Networks, activities and the staff who work at a contact point come in later steps
and refer to these models.
"""

import re

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.dates import WEEKDAYS
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from gemeinwerk.core.validators import NotReserved

# The places URLs put these words where a contact point's slug would go.
RESERVED_SLUGS = frozenset({"districts"})
# The name places' first migration refers to.
validate_not_reserved = NotReserved(RESERVED_SLUGS)


class Weekday(models.IntegerChoices):
    # Python's date.weekday() numbering. The labels come from Django's own catalogue,
    # so the weekday names are translated in every language Django speaks; capfirst
    # because a choice stands alone and Polish writes the days small.
    MONDAY = 0, capfirst(WEEKDAYS[0])
    TUESDAY = 1, capfirst(WEEKDAYS[1])
    WEDNESDAY = 2, capfirst(WEEKDAYS[2])
    THURSDAY = 3, capfirst(WEEKDAYS[3])
    FRIDAY = 4, capfirst(WEEKDAYS[4])
    SATURDAY = 5, capfirst(WEEKDAYS[5])
    SUNDAY = 6, capfirst(WEEKDAYS[6])


class District(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("short name in addresses"), max_length=100, unique=True)
    description = models.CharField(_("short description"), max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("places:district", kwargs={"slug": self.slug})


class ContactPoint(models.Model):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(
        _("short name in addresses"),
        max_length=150,
        unique=True,
        validators=[NotReserved(RESERVED_SLUGS)],
    )
    # PROTECT: removing a district must not silently remove the places people rely on.
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="contact_points",
        verbose_name=_("district"),
    )
    description = models.CharField(_("short description"), max_length=500, blank=True)

    street = models.CharField(_("street and number"), max_length=150)
    postal_code = models.CharField(_("postal code"), max_length=10)
    city = models.CharField(_("city"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    step_free = models.BooleanField(_("step-free access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    accessibility_notes = models.TextField(
        _("accessibility notes"),
        blank=True,
        help_text=_("For example: where the ramp is, the nearest accessible toilet, parking."),
    )

    # What visitors may use there themselves: the networks promise a contact point
    # with phone, computer and internet to people who have none at home.
    equipment_phone = models.BooleanField(_("phone for visitors"), default=False)
    equipment_computer = models.BooleanField(_("computer for visitors"), default=False)
    equipment_internet = models.BooleanField(_("internet access for visitors"), default=False)

    is_active = models.BooleanField(
        _("shown on the website"),
        default=True,
        help_text=_("Untick instead of deleting, so that later records keep their place."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("places:detail", kwargs={"slug": self.slug})

    @property
    def phone_uri(self) -> str:
        """tel: link for the phone number as people write it ("0711 / 000-123")."""
        digits = re.sub(r"[^\d+]", "", self.phone)
        return f"tel:{digits}" if digits else ""

    @property
    def has_equipment(self) -> bool:
        return self.equipment_phone or self.equipment_computer or self.equipment_internet


class OpeningHours(models.Model):
    """One opening interval on one weekday; a lunch break is two rows on the same day.

    Intervals end on the day they start: contact points do not open past midnight.
    """

    contact_point = models.ForeignKey(
        ContactPoint,
        on_delete=models.CASCADE,
        related_name="opening_hours",
        verbose_name=_("contact point"),
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["contact_point", "weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens__lt=F("closes")),
                name="places_openinghours_opens_before_closes",
                violation_error_message=_("The closing time must be after the opening time."),
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=Weekday.MONDAY, weekday__lte=Weekday.SUNDAY),
                name="places_openinghours_weekday_valid",
            ),
            models.UniqueConstraint(
                fields=["contact_point", "weekday", "opens"],
                name="places_openinghours_unique_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"


class Closure(models.Model):
    """Days on which a contact point stays closed despite its opening hours."""

    contact_point = models.ForeignKey(
        ContactPoint,
        on_delete=models.CASCADE,
        related_name="closures",
        verbose_name=_("contact point"),
    )
    first_day = models.DateField(_("first closed day"))
    last_day = models.DateField(_("last closed day"))
    reason = models.CharField(
        _("reason"), max_length=200, blank=True, help_text=_("For example: holidays.")
    )

    class Meta:
        ordering = ["contact_point", "first_day"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        constraints = [
            models.CheckConstraint(
                condition=Q(first_day__lte=F("last_day")),
                name="places_closure_first_day_not_after_last_day",
                violation_error_message=_(
                    "The last closed day cannot be before the first closed day."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_day} - {self.last_day} {self.reason}".strip()
