from django import forms
from django.utils.translation import gettext_lazy as _

from gemeinwerk.programme.models_rewards import Reward


class RewardForm(forms.ModelForm):
    class Meta:
        model = Reward
        fields = (
            "title",
            "description",
            "kind",
            "for_standard",
            "for_premium",
            "for_vip",
            "stock",
            "limit_per_cycle",
            "delivery",
            "active",
        )
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the facility"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example the date agreed. The facility sees it."),
    )
