"""The facility's public profile: how it presents itself to others in the programme.

It belongs to the facility, not to its manager; but its contacts may be the manager's
own phone and e-mail, so it is in the manager's export and goes, with its logo file,
when the manager's account is deleted (holdings.py): the next manager starts again from
the registry. The description is HTML, sanitised before it is stored
(rich_text.sanitise), so a template may show it as it is."""

import uuid

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gemeinwerk.programme.models import Facility

DESCRIPTION_MAX_LENGTH = 20_000


def logo_path(profile: "FacilityProfile", filename: str) -> str:
    # A random name: a replaced logo never keeps an address someone may have seen.
    return f"facilities/{uuid.uuid4().hex}.jpg"


class FacilityProfile(models.Model):
    facility = models.OneToOneField(
        Facility, on_delete=models.CASCADE, related_name="profile", verbose_name=_("facility")
    )
    display_name = models.CharField(_("display name"), max_length=200)
    description = models.TextField(
        _("description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)],
        blank=True,
    )
    logo = models.ImageField(_("logo"), upload_to=logo_path, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail address for the public"), blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    city = models.CharField(_("town or city"), max_length=100, blank=True)
    opening_hours = models.TextField(
        _("opening hours"), max_length=1000, validators=[MaxLengthValidator(1000)], blank=True
    )
    # The first save with everything required; the sign-in asks for the profile until then.
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("facility profile")
        verbose_name_plural = _("facility profiles")

    def __str__(self) -> str:
        return self.display_name
