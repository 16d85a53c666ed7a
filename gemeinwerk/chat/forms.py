"""Forms of the chat: thin, the services check the rest."""

import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from gemeinwerk.accounts.models import User
from gemeinwerk.chat.models import MESSAGE_MAX_LENGTH
from gemeinwerk.chat.services.conversations import too_many_people
from gemeinwerk.moderation.models import NOTE_MAX_LENGTH, Reason


def new_client_id() -> str:
    """For a form without JavaScript: sending the same page twice stores one message."""
    return uuid.uuid4().hex


class BodyField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Message"))
        kwargs.setdefault("max_length", MESSAGE_MAX_LENGTH)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(**kwargs)


class MessageForm(forms.Form):
    body = BodyField(help_text=_("Ctrl and Enter together send the message, too."))
    client_id = forms.CharField(max_length=64, widget=forms.HiddenInput)
    # The person saw the hint about contact details and sends all the same.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class StartForm(forms.Form):
    people = forms.CharField(
        label=_("To"),
        max_length=1500,
        help_text=_("The user name of the person, or several separated by commas for a group."),
    )
    title = forms.CharField(
        label=_("Name of the group conversation"),
        max_length=80,
        required=False,
        help_text=_("Only for a conversation with several people, for example “Garden day”."),
    )
    body = BodyField()
    client_id = forms.CharField(max_length=64, widget=forms.HiddenInput)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_people(self) -> list[User]:
        names = [name.strip() for name in self.cleaned_data["people"].split(",") if name.strip()]
        # Before a query per name: a long list is refused at once.
        if len(names) >= settings.CHAT_GROUP_MAX:
            raise too_many_people()
        people = []
        for name in names:
            person = User.objects.filter(username__iexact=name, is_active=True).first()
            if person is None:
                raise forms.ValidationError(
                    _("You cannot write to “%(name)s”: there is no such member.") % {"name": name}
                )
            people.append(person)
        if not people:
            raise forms.ValidationError(_("Choose at least one person to write to."))
        return people


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this message?"),
        choices=Reason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Anything staff should know (optional)"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
