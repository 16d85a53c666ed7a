"""Messages as a reportable kind of moderation ("chat.message"): a member reports a
message of their conversation; staff see that one message (the copy the report took)
and its sender, never the conversation, and may remove it.

Removing empties the message's text (the place in the thread stays, "removed by our
team"), so that nothing of it remains in the thread, the export or a live page; showing
it again takes the text back from the report's copy. Registered from ChatConfig.ready()."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from gemeinwerk.chat.models import Message
from gemeinwerk.chat.services.conversations import KIND
from gemeinwerk.chat.services.safety import remove_message, restore_message
from gemeinwerk.moderation.kinds import ReportKind, register_kind


def load(pk: int) -> Message | None:
    return Message.objects.select_related("sender", "conversation").filter(pk=pk).first()


def is_removed(message: Any) -> bool:
    return message.removed_at is not None


def register() -> None:
    register_kind(
        ReportKind(
            key=KIND,
            label=_("Message"),
            load=load,
            author=lambda message: message.sender,
            snapshot=lambda message: message.body,
            permission="chat.report_message",
            hide=remove_message,
            restore=restore_message,
            is_hidden=is_removed,
            # Staff never read conversations: no link into one.
            staff_link=None,
        )
    )
