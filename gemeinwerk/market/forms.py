from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gemeinwerk.market.models import Category, Kind, Listing, Outcome, SearchCall
from gemeinwerk.market.selectors import categories
from gemeinwerk.networks.forms import DateInput
from gemeinwerk.places.models import ContactPoint, District, Weekday


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CategoryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return obj.name


class BrowseForm(forms.Form):
    """The search and filters: a GET form, so every state is a shareable address."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Offers or requests"),
        required=False,
        choices=[("", _("Offers and requests")), *Kind.choices],
    )
    category = CategoryChoice(
        label=_("Category"),
        required=False,
        queryset=Category.objects.order_by("position", "name_de"),
        to_field_name="slug",
        empty_label=_("All categories"),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        required=False,
        queryset=District.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("All districts"),
    )
    new = forms.BooleanField(label=_("New this week"), required=False)
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("relevance", _("Best match first")), ("recent", _("Newest first"))],
    )

    SELECTS = ("kind", "category", "district", "sort")

    def selects(self) -> list[dict[str, Any]]:
        """The select fields as market/_filters.html writes them: name, label and the
        options as (value, label, selected), selected as Django's Select marks it."""
        found = []
        for name in self.SELECTS:
            bound = self[name]
            value = bound.value()
            current = "" if value is None else str(value)
            field = bound.field
            if isinstance(field, forms.ModelChoiceField):
                # Read in one plain query: the field's own choices go through a
                # server-side cursor (three round trips) on PostgreSQL.
                choices = [("", field.empty_label)] + [
                    (getattr(obj, field.to_field_name or "pk"), field.label_from_instance(obj))
                    for obj in cast("QuerySet[Any]", field.queryset)
                ]
            else:
                choices = cast("Any", field).choices
            options = [(str(option), label, str(option) == current) for option, label in choices]
            found.append({"name": name, "label": bound.label, "options": options})
        return found


class ListingForm(forms.ModelForm):
    category = CategoryChoice(label=_("Category"), queryset=Category.objects.none())
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays (optional)"),
        choices=Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Listing
        fields = ["kind", "title", "description", "category", "district", "when", "expires_on"]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 6}),
            "expires_on": DateInput(),
        }
        labels = {
            "kind": _("I offer help, or I am looking for help"),
            "expires_on": _("Ends on (optional)"),
        }
        help_texts = {
            "title": _('In a few words, for example "Maths homework on Mondays".'),
            "when": _('For example "Monday afternoons" or "flexible". Optional.'),
            "description": _(
                "What you offer or need. Please do not write your address or phone number "
                "here: share them in the chat once you have agreed."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.instance.category_id if self.instance.pk else None
        cast(forms.ModelChoiceField, self.fields["category"]).queryset = Category.objects.filter(
            pk__in=[*categories().values_list("pk", flat=True), *([current] if current else [])]
        ).order_by("position", "name_de")
        cast(forms.ModelChoiceField, self.fields["district"]).queryset = District.objects.order_by(
            "name"
        )
        cast(forms.ChoiceField, self.fields["kind"]).choices = Kind.choices
        if self.instance.pk:
            self.initial["weekdays"] = [day.value for day in self.instance.weekday_list]

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["weekdays"] = sum(1 << day for day in self.cleaned_data.get("weekdays") or [])
        return data


class RespondForm(forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("It opens a private conversation with the person. Your address stays yours."),
    )


class VisitForm(forms.Form):
    check_out_by = forms.DateTimeField(
        label=_("I will check out by"),
        widget=DateTimeInput(),
        help_text=_("The date and time by which you will be back and tell us so."),
    )
    contact = forms.ChoiceField(
        label=_("Who should be told if I do not check out?"),
        choices=[("member", _("A member I trust")), ("place", _("A contact point"))],
        widget=forms.RadioSelect,
        initial="member",
    )
    trusted_member = forms.CharField(
        label=_("The member's user name"), required=False, max_length=150
    )
    trusted_contact_point = forms.ModelChoiceField(
        label=_("Contact point"),
        required=False,
        queryset=ContactPoint.objects.order_by("name"),
        empty_label=_("Choose a contact point"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("contact") == "member" and not data.get("trusted_member"):
            self.add_error("trusted_member", _("Please enter the user name of the member."))
        if data.get("contact") == "place" and not data.get("trusted_contact_point"):
            self.add_error("trusted_contact_point", _("Please choose a contact point."))
        return data


class InterestForm(forms.Form):
    category = CategoryChoice(label=_("Category"), queryset=Category.objects.none())
    district = forms.ModelChoiceField(
        label=_("District"),
        required=False,
        queryset=District.objects.order_by("name"),
        empty_label=_("Anywhere in the city"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["category"]).queryset = categories()


class CallForm(forms.ModelForm):
    category = CategoryChoice(label=_("Category"), queryset=Category.objects.none())

    class Meta:
        model = SearchCall
        fields = ["contact_point", "category", "district", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "description": _(
                "What is needed, when and roughly where. Never the person's name, address "
                "or anything that identifies them."
            )
        }

    def __init__(self, *args: Any, points: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["contact_point"]).queryset = points
        cast(forms.ModelChoiceField, self.fields["category"]).queryset = categories()
        cast(forms.ModelChoiceField, self.fields["district"]).queryset = District.objects.order_by(
            "name"
        )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (Outcome.MATCHED, Outcome.MATCHED.label),
            (Outcome.NOT_MATCHED, Outcome.NOT_MATCHED.label),
        ],
        widget=forms.RadioSelect,
    )


class SettleForm(forms.Form):
    settled_note = forms.CharField(
        label=_("What happened"),
        max_length=300,
        help_text=_("For example: reached by phone, all is well."),
    )
