"""Forms of the exchange point: the filters (a GET form), an item, agreeing, writing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gemeinwerk.chat.models import MESSAGE_MAX_LENGTH
from gemeinwerk.programme.models_exchange import ExchangeCategory, ExchangeItem, ExchangeKind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class FilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Offers or needs"),
        required=False,
        choices=[("", _("Offers and needs")), *ExchangeKind.choices],
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *ExchangeCategory.choices],
    )


class ItemForm(forms.ModelForm):
    class Meta:
        model = ExchangeItem
        fields = [
            "kind",
            "title",
            "category",
            "quantity",
            "mode",
            "available_until",
            "description",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "mode": forms.RadioSelect,
            "available_until": DateInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
            "quantity": forms.NumberInput(attrs={"min": 1}),
        }
        labels = {"available_until": _("Available until (optional)")}


class AgreeForm(forms.Form):
    return_date = forms.DateField(
        label=_("Return date"),
        required=False,
        widget=DateInput(),
        help_text=_("For a loan: the day the other facility brings it back."),
    )


class WriteForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("It opens a conversation with the facility in the messages."),
    )
    client_id = forms.CharField(max_length=64, widget=forms.HiddenInput)
