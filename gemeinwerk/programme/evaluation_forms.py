"""Forms of the self-evaluation's console pages. The facility's answers are read from
the request by question (evaluation_views.py): the questions are data."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gemeinwerk.programme.models_evaluation import Question, Tier


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["position", "kind", "text", "hint", "points", "required"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class TierForm(forms.Form):
    tier = forms.ChoiceField(label=_("Tier"), choices=Tier.choices)
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required: it is kept in the audit trail."),
    )
