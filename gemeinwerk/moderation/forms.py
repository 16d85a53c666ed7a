"""Forms of moderation: thin, the services check the rest."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gemeinwerk.moderation.models import NOTE_MAX_LENGTH, Reason


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with it?"), choices=Reason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Anything staff should know (optional)"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Your decision"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("What the person is told"),
        help_text=_(
            "Needed for a warning (the person reads it) and a suspension (the reason, "
            "which the person sees in their data). The reporting members never read it."
        ),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        decision = self.fields["decision"]
        if isinstance(decision, forms.ChoiceField):
            decision.choices = choices
