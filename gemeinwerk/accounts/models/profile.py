"""The optional profile: every field is empty until the member fills it, and each has its
own visibility, "nobody" unless the member chooses otherwise."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    NOBODY = "nobody", _("Only me")
    VERIFIED = "verified", _("Verified members")
    PUBLIC = "public", _("Everyone")


class Language(models.TextChoices):
    GERMAN = "de", _("German")
    POLISH = "pl", _("Polish")
    ENGLISH = "en", _("English")
    TURKISH = "tr", _("Turkish")
    UKRAINIAN = "uk", _("Ukrainian")
    RUSSIAN = "ru", _("Russian")
    ARABIC = "ar", _("Arabic")
    ITALIAN = "it", _("Italian")
    GREEK = "el", _("Greek")
    CROATIAN = "hr", _("Croatian")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    GERMAN_SIGN_LANGUAGE = "gsg", _("German Sign Language")


def picture_path(profile: "Profile", filename: str) -> str:
    # A random name: the original file name may carry a real name.
    return f"profiles/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


def visibility_field() -> models.CharField:
    return models.CharField(
        _("who can see this"), max_length=10, choices=Visibility, default=Visibility.NOBODY
    )


# The fields a member may show, in the order of the form; each has <name>_visibility.
PROFILE_FIELDS = ("display_name", "about", "languages", "district", "phone", "picture")


class Profile(models.Model):
    FIELDS = PROFILE_FIELDS

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    display_name_visibility = visibility_field()
    about = models.TextField(
        _("about me"), max_length=1000, validators=[MaxLengthValidator(1000)], blank=True
    )
    about_visibility = visibility_field()
    languages = models.JSONField(_("languages I speak"), default=list, blank=True)
    languages_visibility = visibility_field()
    district = models.ForeignKey(
        "places.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("district"),
        related_name="+",
    )
    district_visibility = visibility_field()
    # The seed asks the district networks to greet newcomers; a member may say no.
    no_contact = models.BooleanField(
        _("no contact, please"),
        default=False,
        help_text=_("The staff of your district will not greet you or invite you to the network."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    phone_visibility = visibility_field()
    picture = models.ImageField(_("picture"), upload_to=picture_path, blank=True)
    picture_visibility = visibility_field()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    **{f"{field}_visibility__in": Visibility.values for field in PROFILE_FIELDS}
                ),
                name="accounts_profile_visibility_valid",
            )
        ]

    def __str__(self) -> str:
        # Not the user name: admin log entries keep this text.
        return f"Profile #{self.pk}"
