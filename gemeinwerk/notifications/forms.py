from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from gemeinwerk.notifications import kinds
from gemeinwerk.notifications.models import Channel


class SettingsForm(forms.Form):
    """One choice per kind of notification, and the language of the e-mails."""

    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, channels: dict[str, Channel], language: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = language
        for kind in kinds.choosable():
            self.fields[kind.key] = forms.ChoiceField(
                label=kind.label,
                choices=Channel.choices,
                initial=channels[kind.key],
                widget=forms.RadioSelect,
            )

    def channels(self) -> dict[str, Channel]:
        return {kind.key: Channel(self.cleaned_data[kind.key]) for kind in kinds.choosable()}
