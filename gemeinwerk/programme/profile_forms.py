"""The facility profile's form. The description arrives as HTML: from the editor, or
typed into the plain text area when JavaScript is off; the service sanitises it."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gemeinwerk.accounts.forms import PHONE_CHARACTERS, PICTURE_ACCEPT, TelephoneInput
from gemeinwerk.core import text
from gemeinwerk.programme.models_profile import DESCRIPTION_MAX_LENGTH, FacilityProfile
from gemeinwerk.programme.rich_text import sanitise, text_of

FIELDS = (
    "display_name",
    "description",
    "phone",
    "email",
    "website",
    "address",
    "postcode",
    "city",
    "opening_hours",
)


class FacilityProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Name of the facility"),
        max_length=200,
        help_text=_("As people know it. Its name on the official list stays as well."),
    )
    description = forms.CharField(
        label=_("Description"),
        # The HTML of the editor counts, so the limit is the stored one.
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12, "data-rich-text": ""}),
        help_text=_(
            "What the facility offers and for whom. You can use headings, lists, bold "
            "and italic text and links."
        ),
    )
    logo = forms.FileField(
        label=_("New logo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": PICTURE_ACCEPT}),
        help_text=_(
            "JPEG, PNG or WebP, at most 5 MB. We make it smaller and remove hidden data "
            "such as the place where it was taken."
        ),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=TelephoneInput(attrs={"autocomplete": "tel"}),
        help_text=_("Digits, spaces and + - / ( )."),
    )
    email = forms.EmailField(
        label=_("E-mail address for the public"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Please give an e-mail address or a phone number, or both."),
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    address = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=12, required=False)
    city = forms.CharField(label=_("Town or city"), max_length=100, required=False)
    opening_hours = forms.CharField(
        label=_("Opening hours"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: Monday to Friday, 12:00 to 18:00."),
    )

    def __init__(self, *args: Any, profile: FacilityProfile, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {name: getattr(profile, name) for name in FIELDS})
        super().__init__(*args, **kwargs)
        if not profile.logo:
            del self.fields["remove_logo"]

    def clean_display_name(self) -> str:
        return text.clean_name(self.cleaned_data["display_name"])

    def clean_description(self) -> str:
        description: str = self.cleaned_data["description"]
        if not text_of(sanitise(description)):
            raise forms.ValidationError(
                _("Please describe the facility in a few words."), code="required"
            )
        return description

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"]
        if phone and (
            not set(phone) <= PHONE_CHARACTERS
            or not 5 <= len(phone) <= 30
            or not any(c.isdigit() for c in phone)
        ):
            raise forms.ValidationError(
                _(
                    "Please enter a phone number of 5 to 30 characters: digits, spaces "
                    "and + - / ( )."
                ),
                code="phone",
            )
        return phone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("email") and not cleaned.get("phone") and not self.has_error("phone"):
            self.add_error(
                "email",
                forms.ValidationError(
                    _("Please give an e-mail address or a phone number, or both."),
                    code="contact",
                ),
            )
        return cleaned

    def profile_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in FIELDS}
