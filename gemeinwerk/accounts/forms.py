from dataclasses import dataclass
from typing import Any, cast

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.contrib.auth import password_validation
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from gemeinwerk.accounts.models import (
    Language,
    Profile,
    Role,
    User,
    VerificationMethod,
    VerificationRequest,
    Visibility,
)
from gemeinwerk.core import text
from gemeinwerk.places.models import ContactPoint, District

HOUSE_RULES_LABEL = _("The person has read and accepted the house rules.")


def offer_contact_points(field: forms.Field, contact_points: Any) -> None:
    """The contact points staff may choose; their only one is chosen already."""
    choice = cast(forms.ModelChoiceField, field)
    choice.queryset = contact_points
    if len(contact_points) == 1:
        choice.initial = contact_points[0].pk
        choice.empty_label = None


def active_contact_points() -> Any:
    return ContactPoint.objects.filter(is_active=True).order_by("name")


class LoginForm(AllauthLoginForm):
    """allauth's sign-in form with a label that says what may be entered."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("User name or e-mail address")
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs.pop("placeholder", None)


class VerificationRequestForm(forms.ModelForm):
    class Meta:
        model = VerificationRequest
        fields = ["contact_point", "preferred_method", "message"]
        widgets = {
            "preferred_method": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["contact_point"]
        ).queryset = active_contact_points()
        self.fields["contact_point"].label = _("Which contact point would you like to visit?")


class VerifyForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How did you meet the person?"),
        choices=[
            (VerificationMethod.IN_PERSON, VerificationMethod.IN_PERSON.label),
            (VerificationMethod.VIDEO_CALL, VerificationMethod.VIDEO_CALL.label),
        ],
        widget=forms.RadioSelect,
    )
    contact_point = forms.ModelChoiceField(
        label=_("For which contact point?"), queryset=ContactPoint.objects.none()
    )
    house_rules_accepted = forms.BooleanField(label=HOUSE_RULES_LABEL)

    def __init__(self, *args: Any, contact_points: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_contact_points(self.fields["contact_point"], contact_points)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The member can read this reason in their data."),
    )


class OptionalReasonForm(ReasonForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = False


class MemberSearchForm(forms.Form):
    query = forms.CharField(
        label=_("User name or e-mail address"),
        min_length=2,
        max_length=254,
        help_text=_("Sent as a form, so the search never appears in an address or a log."),
    )


class AssistedAccountForm(forms.Form):
    name = forms.CharField(
        label=_("Name or pseudonym"),
        max_length=60,
        help_text=_("How the person wants to be called. A first name is enough."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        help_text=_("Only if the person wants to be called back. Nobody else sees it."),
    )
    contact_point = forms.ModelChoiceField(
        label=_("Contact point that supports the person"), queryset=ContactPoint.objects.none()
    )
    consent_given = forms.BooleanField(
        label=_(
            "The person agrees that staff of this contact point create the account and act "
            "for them. They can withdraw this at any time."
        )
    )
    house_rules_accepted = forms.BooleanField(label=HOUSE_RULES_LABEL)

    def __init__(self, *args: Any, contact_points: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_contact_points(self.fields["contact_point"], contact_points)

    def clean_name(self) -> str:
        name = text.clean_name(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Please enter a name or a pseudonym."), code="required")
        return name


class RoleAssignmentForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    contact_point = forms.ModelChoiceField(
        label=_("Contact point"),
        queryset=active_contact_points(),
        required=False,
        help_text=_("Only for staff of a contact point."),
    )

    def clean_username(self) -> User:
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise forms.ValidationError(_("There is no account with this user name."))
        return user

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role, contact_point = data.get("role"), data.get("contact_point")
        if role == Role.STAFF and contact_point is None:
            self.add_error("contact_point", _("Staff work at a contact point: choose one."))
        if role == Role.COORDINATOR and contact_point is not None:
            self.add_error("contact_point", _("Coordinators work city-wide: leave this empty."))
        return data


class TakeoverForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    code = forms.CharField(
        label=_("Code from the staff"),
        max_length=20,
        help_text=_("Twelve letters and digits, for example ABCD-EFGH-JKLM."),
    )
    email = forms.EmailField(label=_("Your e-mail address"))
    password1 = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters. A long passphrase is welcome."),
    )
    password2 = forms.CharField(
        label=_("New password (again)"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        elif first:
            try:
                password_validation.validate_password(first)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


# --- Profile ---------------------------------------------------------------------------

PICTURE_ACCEPT = "image/jpeg,image/png,image/webp"
PHONE_CHARACTERS = frozenset("0123456789 +-/()")


class TelephoneInput(forms.TextInput):
    input_type = "tel"


def visibility_field(question: Any) -> forms.ChoiceField:
    # Not required: a request without the choice (an old tab, a script) keeps the stored
    # visibility instead of failing or falling back to something else.
    return forms.ChoiceField(
        label=question, choices=Visibility.choices, widget=forms.RadioSelect, required=False
    )


@dataclass(frozen=True)
class ProfileFieldGroup:
    """A profile field with its visibility, rendered together in one fieldset so that
    screen readers announce which visibility belongs to which field."""

    name: str
    legend: str
    fields: list[BoundField]
    visibility: BoundField

    @property
    def errors(self) -> bool:
        return any(field.errors for field in [*self.fields, self.visibility])


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
        help_text=_("How you would like to be called, for example your first name."),
    )
    display_name_visibility = visibility_field(_("Who can see your display name?"))
    about = forms.CharField(
        label=_("About me"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A few words about you, for example what you enjoy. At most 1000 characters."),
    )
    about_visibility = visibility_field(_("Who can see what you wrote about yourself?"))
    languages = forms.MultipleChoiceField(
        label=_("Languages I speak"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages_visibility = visibility_field(_("Who can see your languages?"))
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("Not given"),
        help_text=_("The part of the city where you live or are often."),
    )
    district_visibility = visibility_field(_("Who can see your district?"))
    no_contact = forms.BooleanField(
        label=_("No contact, please"),
        required=False,
        help_text=_(
            "When you show your district, its staff may greet you once and tell you about "
            "the network there. Tick this and they will not."
        ),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=TelephoneInput(attrs={"autocomplete": "tel"}),
        help_text=_("Digits, spaces and + - / ( ). Share it only with people you trust."),
    )
    phone_visibility = visibility_field(_("Who can see your phone number?"))
    picture = forms.FileField(
        label=_("New picture"),
        required=False,
        widget=forms.FileInput(attrs={"accept": PICTURE_ACCEPT}),
        help_text=_(
            "JPEG, PNG or WebP, at most 5 MB. We make it smaller and remove hidden data "
            "such as the place where it was taken."
        ),
    )
    remove_picture = forms.BooleanField(label=_("Remove my picture"), required=False)
    picture_visibility = visibility_field(_("Who can see your picture?"))

    LEGENDS = {
        "display_name": _("Display name"),
        "about": _("About me"),
        "languages": _("Languages"),
        "district": _("District"),
        "phone": _("Phone"),
        "picture": _("Picture"),
    }

    def __init__(self, *args: Any, profile: Profile, **kwargs: Any) -> None:
        kwargs.setdefault("initial", self.initial_from(profile))
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.order_by("name")  # type: ignore[attr-defined]
        if not profile.picture:
            del self.fields["remove_picture"]

    @staticmethod
    def initial_from(profile: Profile) -> dict[str, Any]:
        # The district by id: no query for the district row itself.
        initial: dict[str, Any] = {
            "district": profile.district_id,
            "no_contact": profile.no_contact,
        }
        for name in Profile.FIELDS:
            if name not in ("district", "picture"):
                initial[name] = getattr(profile, name)
            initial[f"{name}_visibility"] = getattr(profile, f"{name}_visibility")
        return initial

    def clean_display_name(self) -> str:
        # Shown to others: no full-width look-alikes, right-to-left overrides or
        # zero-width characters that let one member pass for another.
        return text.clean_name(self.cleaned_data["display_name"])

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

    @property
    def groups(self) -> list[ProfileFieldGroup]:
        groups = []
        for name in Profile.FIELDS:
            fields = [self[name]]
            if name == "picture" and "remove_picture" in self.fields:
                fields.append(self["remove_picture"])
            if name == "district":
                fields.append(self["no_contact"])
            groups.append(
                ProfileFieldGroup(
                    name=name,
                    legend=str(self.LEGENDS[name]),
                    fields=fields,
                    visibility=self[f"{name}_visibility"],
                )
            )
        return groups

    def profile_data(self) -> dict[str, Any]:
        """The cleaned values for `update_profile`: visibilities that were not sent
        keep their stored value."""
        data = {name: self.cleaned_data[name] for name in Profile.FIELDS if name != "picture"}
        data["no_contact"] = self.cleaned_data["no_contact"]
        for name in Profile.FIELDS:
            visibility = self.cleaned_data.get(f"{name}_visibility")
            if visibility:
                data[f"{name}_visibility"] = visibility
        return data
