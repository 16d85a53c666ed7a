"""Forms of the networks app: thin, the services check the rest."""

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gemeinwerk.accounts.models import User
from gemeinwerk.networks.models import (
    Activity,
    Admission,
    ContactKind,
    Mode,
    Network,
    Principle,
    Repeat,
)
from gemeinwerk.networks.services.appointments import MOST_SLOTS_AT_ONCE, Outcome
from gemeinwerk.places.models import ContactPoint, District
from gemeinwerk.places.selectors import active_contact_points


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class AccountField(forms.CharField):
    """A user name, given back as the account (any letter case)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("User name"))
        kwargs.setdefault("max_length", 150)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> User | None:
        name = super().clean(value)
        if not name:
            return None
        user = User.objects.filter(username__iexact=name.strip(), is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("There is no account with this user name."))
        return user


class DistrictFilterForm(forms.Form):
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.order_by("name"),
        required=False,
        empty_label=_("All districts"),
        to_field_name="slug",
    )


class NetworkForm(forms.ModelForm):
    principles = forms.MultipleChoiceField(
        label=_("Principles"),
        choices=Principle.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The sentences of the networks' standards this network lives by."),
    )
    contact_points = forms.ModelMultipleChoiceField(
        label=_("Contact points"),
        queryset=ContactPoint.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least one must offer visitors a phone, a computer and the internet."),
    )

    class Meta:
        model = Network
        fields = [
            "name",
            "slug",
            "district",
            "summary",
            "about",
            "principles",
            "focus_topics",
            "how_to_drop_by",
            "contact_points",
            "is_active",
        ]
        widgets = {
            "about": forms.Textarea(attrs={"rows": 6}),
            "focus_topics": forms.Textarea(attrs={"rows": 4}),
            "how_to_drop_by": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, admin: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_points"].queryset = active_contact_points()  # type: ignore[attr-defined]
        if not admin:
            # Where the network is and who works for it are an admin's to change.
            for name in ("slug", "district", "contact_points", "is_active"):
                del self.fields[name]


class ActivityForm(forms.ModelForm):
    day = forms.DateField(label=_("Date (the first, for a series)"), widget=DateInput())
    start = forms.TimeField(label=_("From"), widget=TimeInput())
    end = forms.TimeField(label=_("Until"), widget=TimeInput())

    class Meta:
        model = Activity
        fields = [
            "title",
            "description",
            "repeat",
            "repeat_until",
            "contact_point",
            "address",
            "district",
            "admission",
            "capacity",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "repeat_until": DateInput(),
            "repeat": forms.RadioSelect,
            "admission": forms.RadioSelect,
        }
        help_texts = {
            "address": _(
                "Only if it is not at a contact point, for example: Stadtpark, at the fountain."
            ),
            "repeat_until": _("Leave empty for a series without end."),
        }

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        instance = kwargs.get("instance")
        if instance is not None and instance.pk:
            start = timezone.localtime(instance.starts_at)
            kwargs.setdefault(
                "initial",
                {
                    "day": start.date(),
                    "start": start.time(),
                    "end": timezone.localtime(instance.ends_at).time(),
                },
            )
        else:
            kwargs.setdefault("initial", {"district": network.district_id})
        super().__init__(*args, **kwargs)
        # An activity keeps its place when that contact point is no longer shown.
        points = active_contact_points()
        if instance is not None and instance.contact_point_id:
            points = ContactPoint.objects.filter(
                Q(pk__in=points.values("pk")) | Q(pk=instance.contact_point_id)
            ).order_by("name", "pk")
        self.fields["contact_point"].queryset = points  # type: ignore[attr-defined]
        self.fields["contact_point"].empty_label = _("Another place (below)")  # type: ignore[attr-defined]
        self.fields["repeat"].choices = Repeat.choices  # type: ignore[attr-defined]
        self.fields["admission"].choices = Admission.choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if day and start and end:
            zone = timezone.get_default_timezone()
            data["starts_at"] = datetime.combine(day, start, tzinfo=zone)
            data["ends_at"] = datetime.combine(day, end, tzinfo=zone)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end", _("The end must be after the start."))
            elif data["starts_at"] < timezone.now() - timedelta(days=1) and not self.instance.pk:
                self.add_error("day", _("Please choose a date that has not passed."))
        if data.get("admission") == Admission.DROP_IN and data.get("capacity"):
            self.add_error("capacity", _("Places can only be limited when people register."))
        if not data.get("contact_point") and not (data.get("address") or "").strip():
            self.add_error("address", _("Please choose a contact point or name another place."))
        return data

    def activity_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        data["address"] = (data["address"] or "").strip()
        data["starts_at"] = self.cleaned_data["starts_at"]
        data["ends_at"] = self.cleaned_data["ends_at"]
        return data

    def _post_clean(self) -> None:
        # The service sets the instance and validates it whole; the form's own model
        # validation would run before the dates are combined.
        pass


class PhoneRegistrationForm(forms.Form):
    username = AccountField(
        required=False,
        help_text=_("If the person has an account. Otherwise give a name and a number."),
    )
    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone number to call back"), max_length=30, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = data.get("username") or (data.get("name") or "").strip()
        if not given and "username" not in self.errors:
            raise forms.ValidationError(
                _("Please give the person's user name, or their name and phone number.")
            )
        return data


class InitiativeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    description = forms.CharField(
        label=_("What is the idea?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Who could take part, what you need, how often."),
    )


class PersonForm(forms.Form):
    username = AccountField()


class BookForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the team"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a video call: how the team can reach you. Optional."),
    )


class SlotsForm(forms.Form):
    contact_point = forms.ModelChoiceField(
        label=_("Contact point"), queryset=ContactPoint.objects.none()
    )
    day = forms.DateField(label=_("Date"), widget=DateInput())
    first = forms.TimeField(label=_("First appointment at"), widget=TimeInput())
    count = forms.IntegerField(
        label=_("Number of appointments"),
        min_value=1,
        max_value=MOST_SLOTS_AT_ONCE,
        initial=3,
        help_text=_("One after another."),
    )
    minutes = forms.IntegerField(label=_("Minutes each"), min_value=5, max_value=120, initial=20)
    mode = forms.ChoiceField(
        label=_("How"), choices=Mode.choices, widget=forms.RadioSelect, initial=Mode.IN_PERSON
    )

    def __init__(self, *args: Any, points: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_point"].queryset = points  # type: ignore[attr-defined]


class StaffBookForm(BookForm):
    username = AccountField(help_text=_("The person tells you their user name on the phone."))


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (Outcome.VERIFIED, _("Came and is verified")),
            (Outcome.MET, _("Came, not verified yet")),
            (Outcome.NO_SHOW, _("Did not come")),
        ],
        widget=forms.RadioSelect,
    )
    house_rules_accepted = forms.BooleanField(
        label=_("The person accepted the house rules"),
        required=False,
        help_text=_("Needed for verification."),
    )


class ContactLogForm(forms.Form):
    contact_point = forms.ModelChoiceField(
        label=_("Contact point"), queryset=ContactPoint.objects.none()
    )
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=ContactKind.choices)
    need = forms.CharField(
        label=_("What the person needs"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up = forms.CharField(
        label=_("What we do next"),
        max_length=300,
        required=False,
        help_text=_("For example: call back about the computer course. Optional."),
    )
    follow_up_due = forms.DateField(label=_("By when"), required=False, widget=DateInput())

    def __init__(self, *args: Any, points: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_point"].queryset = points  # type: ignore[attr-defined]
        if len(points) == 1:
            self.fields["contact_point"].initial = points[0].pk

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("follow_up_due") and not (data.get("follow_up") or "").strip():
            self.add_error("follow_up", _("Please say what follows before giving a date."))
        return data
