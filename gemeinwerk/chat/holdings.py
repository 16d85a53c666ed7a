"""The chat's entries in the personal data registry (see accounts.personal_data).

The export holds the person's conversations with their own messages and what others
wrote to them there: it is their correspondence. Deleting the account deletes the
person's messages; the others keep the thread, with "deleted member" in it."""

from typing import Any

from django.db.models import Prefetch

from gemeinwerk.accounts import personal_data as pd
from gemeinwerk.chat import selectors
from gemeinwerk.chat.models import Block, Conversation, Message, Participant
from gemeinwerk.chat.services.conversations import erase_member

OTHERS = "another person's record; the link to this person is emptied"


def export_conversations(user: Any) -> list[dict[str, Any]]:
    participations = list(
        Participant.objects.filter(user=user)
        .select_related("conversation")
        .prefetch_related(
            Prefetch(
                "conversation__participants",
                queryset=Participant.objects.select_related("user__profile"),
            )
        )
    )
    # All their conversations' messages in one query, grouped below.
    by_conversation: dict[int, list[Message]] = {}
    for message in (
        Message.objects.filter(conversation__in=[p.conversation_id for p in participations])
        .exclude(sender__in=selectors.blocked_ids_query(user))
        .select_related("sender__profile")
        .order_by("id")
    ):
        by_conversation.setdefault(message.conversation_id, []).append(message)
    result = []
    for participation in participations:
        conversation = participation.conversation
        left = participation.left_at
        result.append(
            {
                "title": conversation.title,
                "about": conversation.about,
                "joined_at": participation.joined_at,
                "left_at": left,
                "muted": participation.muted,
                "people": [selectors.name_of(p.user) for p in conversation.participants.all()],
                "messages": [
                    {
                        "from": "me"
                        if message.sender_id == user.pk
                        else selectors.name_of(message.sender),
                        "sent_at": message.created_at,
                        "text": message.body,
                        "removed_by_staff": message.removed_at is not None,
                    }
                    for message in by_conversation.get(conversation.pk, [])
                    if left is None or message.created_at <= left
                ],
            }
        )
    return result


def register_all() -> None:
    pd.register(
        Participant,
        "user",
        section="conversations",
        export=export_conversations,
        erase=erase_member,
    )
    # Exported with the conversations; deleted with the account (CASCADE).
    pd.register(Message, "sender", note="exported in conversations; deleted with the account")
    pd.register(Conversation, "started_by", note=OTHERS)
    pd.register(
        Block,
        "blocker",
        section="people_blocked",
        export=lambda user: [
            {"person": selectors.name_of(block.blocked), "since": block.created_at}
            for block in selectors.blocked_by(user)
        ],
    )
    pd.register(Block, "blocked", note="another person's block, deleted with the account")
