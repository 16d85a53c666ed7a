"""The facility registration page's forms: the organisation (a GET form that works
without JavaScript) and the registration itself."""

from typing import Any, cast

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from gemeinwerk.accounts.models import User
from gemeinwerk.programme import selectors
from gemeinwerk.programme.models import Organisation
from gemeinwerk.programme.services import registration


class OrganisationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Operating organisation"),
        queryset=Organisation.objects.none(),
        empty_label=_("Please choose"),
        help_text=_("The organisation that runs your facility, as the official list names it."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["organisation"])
        field.queryset = selectors.listed_organisations()

    def chosen(self) -> Organisation | None:
        return self.cleaned_data["organisation"] if self.is_valid() else None


class RegistrationForm(forms.Form):
    facility = forms.ModelChoiceField(
        label=_("Facility"),
        queryset=selectors.open_facilities(None),
        empty_label=_("Please choose"),
    )
    first_name = forms.CharField(label=_("Manager's first name"), max_length=100)
    last_name = forms.CharField(label=_("Manager's last name"), max_length=100)
    email = forms.EmailField(
        label=_("The facility's official e-mail address"),
        help_text=_("You sign in with it, and the programme office writes to it."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    informal_name = forms.CharField(
        label=_("Formal or informal name"),
        max_length=200,
        required=False,
        help_text=_("The name your facility is known by, if it differs from the official one."),
    )

    def __init__(self, *args: Any, organisation: Organisation | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["facility"])
        field.queryset = selectors.open_facilities(organisation)
        if organisation is None:
            field.help_text = _("First choose the operating organisation above.")
        for name, autocomplete in (
            ("first_name", "given-name"),
            ("last_name", "family-name"),
            ("email", "email"),
        ):
            self.fields[name].widget.attrs["autocomplete"] = autocomplete

    def clean_facility(self) -> Any:
        facility = self.cleaned_data["facility"]
        if registration.facility_is_taken(facility):
            raise forms.ValidationError(registration.facility_taken_message(), code="taken")
        return facility

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if registration.email_is_taken(email):
            raise forms.ValidationError(registration.email_taken_message(), code="email_taken")
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            candidate = User(username="", email=data.get("email", ""))
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The facility is sent this reason by e-mail."),
    )
