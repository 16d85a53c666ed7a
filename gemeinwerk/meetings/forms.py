"""The forms on the way into a meeting: the room code with a nickname, the house rules,
and the avatar chosen in the sound check."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gemeinwerk.core import text
from gemeinwerk.meetings import avatars
from gemeinwerk.meetings.joining import NICKNAME_MAX_LENGTH


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Room code"),
        max_length=20,
        help_text=_("Nine letters and digits, for example K7M-PQ4-XRT. You get it from the group."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    nickname = forms.CharField(
        label=_("Your name in the meeting"),
        max_length=NICKNAME_MAX_LENGTH,
        help_text=_("A first name or a nickname. It is not stored."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def clean_nickname(self) -> str:
        # Full-width letters, right-to-left overrides and zero-width characters would let
        # a guest pass for someone else in the room's list.
        nickname = text.clean_name(self.cleaned_data["nickname"])[:NICKNAME_MAX_LENGTH]
        if not nickname:
            raise forms.ValidationError(_("Please enter a name for the meeting."))
        return nickname


class RulesForm(forms.Form):
    confidential = forms.BooleanField(label=_("What is said in the group stays in the group."))
    no_recording = forms.BooleanField(
        label=_("I do not record sound or video and take no screenshots or photos of the screen.")
    )
    respect = forms.BooleanField(label=_("I listen, let others finish and speak about myself."))


class AvatarForm(forms.Form):
    avatar = forms.ChoiceField(
        label=_("How the others see you"),
        choices=avatars.CHOICES,
        initial=avatars.DEFAULT,
        widget=forms.RadioSelect,
    )
