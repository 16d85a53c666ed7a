from datetime import date, datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gemeinwerk.accounts.models import Language
from gemeinwerk.core import text
from gemeinwerk.groups import schedule
from gemeinwerk.groups.models import Format, Group, JoinRequest, Recurrence, Topic
from gemeinwerk.places.models import ContactPoint, District

GROUP_LANGUAGES = [(code, label) for code, label in Language.choices]


class DirectoryFilterForm(forms.Form):
    """The directory's search and filters: a GET form, so results can be bookmarked."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("All topics")), *Topic.choices]
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        required=False,
        queryset=District.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("All districts"),
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All languages")), *GROUP_LANGUAGES]
    )
    format = forms.ChoiceField(
        label=_("How the group meets"),
        required=False,
        choices=[("", _("Online or in person")), *Format.choices],
    )


class GroupForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=GROUP_LANGUAGES, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Group
        fields = [
            "name",
            "topic",
            "description",
            "languages",
            "format",
            "district",
            "place",
            "rhythm",
            "open_to_newcomers",
            "contact_point",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["contact_point"].queryset = ContactPoint.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        ).order_by("name")
        self.fields["contact_point"].help_text = _(
            "The contact point supports the group and receives requests to join."
        )


class JoinRequestForm(forms.ModelForm):
    """Rendered by groups/join_request_form.html, which adds `website`: a field hidden
    from people and screen readers that only programs fill in (a honeypot)."""

    template_name = "groups/join_request_form.html"
    TRAP = "website"

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = JoinRequest
        fields = ["name", "contact", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}

    def visible_fields(self) -> list[Any]:
        return [field for field in super().visible_fields() if field.name != self.TRAP]

    def clean_name(self) -> str:
        name = text.clean_name(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Please tell us how we should address you."))
        return name

    def clean_contact(self) -> str:
        contact = text.clean_name(self.cleaned_data["contact"])
        if not contact:
            raise forms.ValidationError(_("Please tell us how the contact point can reach you."))
        return contact


class TrainingForm(forms.Form):
    trained_on = forms.DateField(
        label=_("Host training completed on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class AgreementForm(forms.Form):
    accept = forms.BooleanField(label=_("I have read the usage agreement and accept it."))


class MeetingForm(forms.Form):
    recurrence = forms.ChoiceField(
        label=_("How often?"), choices=Recurrence.choices, widget=forms.RadioSelect
    )
    first_date = forms.DateField(
        label=_("First date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start_time = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=15, max_value=480, initial=90
    )
    interval_weeks = forms.IntegerField(
        label=_("Every how many weeks?"),
        min_value=1,
        max_value=4,
        initial=1,
        help_text=_("Only for weekly meetings: 1 = every week, 2 = every other week."),
    )
    last_week_of_month = forms.BooleanField(
        label=_("On the last weekday of the month"),
        required=False,
        help_text=_(
            "Only for monthly meetings. Otherwise the first date decides: a 2nd "
            "Tuesday means every 2nd Tuesday."
        ),
    )
    until = forms.DateField(
        label=_("Last date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Optional. Leave empty to go on until you end the series."),
    )
    rotate_code = forms.BooleanField(
        label=_("A new room code for every meeting"),
        required=False,
        help_text=_("Safer for open groups; the code must then be sent out before each meeting."),
    )

    def clean_first_date(self) -> date:
        first: date = self.cleaned_data["first_date"]
        if first < timezone.localdate():
            raise forms.ValidationError(_("The first date cannot be in the past."))
        return first


class CoHostForm(forms.Form):
    username = forms.CharField(label=_("User name of the co-host"), max_length=150)


class HostForm(forms.Form):
    username = forms.CharField(label=_("User name of the new host"), max_length=150)


class MoveForm(forms.Form):
    """A date of a meeting to another day or time (it keeps its length and code)."""

    day = forms.DateField(label=_("New day"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("New start time"), widget=forms.TimeInput(attrs={"type": "time"})
    )

    def starts_at(self) -> datetime:
        return schedule.local_datetime(self.cleaned_data["day"], self.cleaned_data["start_time"])
