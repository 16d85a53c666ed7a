"""Reads of the chat: a person's conversations with their unread counts, a thread's
messages, and the names people see."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gemeinwerk.accounts.selectors import shown_name
from gemeinwerk.chat import safety
from gemeinwerk.chat.models import Block, Conversation, Message, Participant

# Messages per page of a thread, and per answer to a reconnecting page.
PAGE = 50
CATCH_UP = 200


def name_of(user: Any) -> str:
    """How a person appears in a conversation: the display name when verified members
    may see it, else the user name; "deleted member" when the account is gone."""
    if user is None:
        return _("deleted member")
    return shown_name(user)


def blocked_ids_query(user: Any) -> QuerySet[Block, Any]:
    return Block.objects.filter(blocker=user).values("blocked")


def unread_conversations(user: Any) -> int:
    """Conversations with unread messages, muted ones not counted: the header's badge,
    asked on every page, so one cheap count of the person's places. A place is unread
    when its conversation's latest message is after the person's mark; the services
    keep marks past the person's own messages and those of people they blocked."""
    return Participant.objects.filter(
        user=user,
        left_at__isnull=True,
        muted=False,
        conversation__latest_id__gt=F("last_read"),
    ).count()


def unread_badge(user: Any) -> str:
    count = unread_conversations(user)
    if not count:
        return ""
    return ngettext("%(count)s unread", "%(count)s unread", count) % {"count": count}


@dataclass(frozen=True)
class Row:
    conversation: Conversation
    names: list[str]
    unread: int
    muted: bool
    last_message_at: Any


def conversations_of(user: Any) -> list[Row]:
    """The person's conversations, the latest first, each with the other people's names
    and the number of unread messages; three queries whatever their number."""
    mine = Participant.objects.filter(user=user, left_at__isnull=True)
    unread = (
        Message.objects.filter(conversation=OuterRef("conversation"), id__gt=OuterRef("last_read"))
        .exclude(sender=user)
        .exclude(sender__in=blocked_ids_query(user))
        .values("conversation")
        .annotate(count=Count("id"))
        .values("count")
    )
    participations = list(
        mine.select_related("conversation")
        .annotate(unread=Subquery(unread))
        .order_by(F("conversation__last_message_at").desc(nulls_last=True), "-conversation_id")
    )
    others = _others_by_conversation(user, [p.conversation_id for p in participations])
    return [
        Row(
            conversation=p.conversation,
            names=others.get(p.conversation_id, []) or [_("deleted member")],
            unread=p.unread or 0,
            muted=p.muted,
            last_message_at=p.conversation.last_message_at,
        )
        for p in participations
    ]


def _others_by_conversation(user: Any, ids: list[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    rows = (
        Participant.objects.filter(conversation_id__in=ids, left_at__isnull=True)
        .exclude(user=user)
        .select_related("user__profile")
        .order_by("conversation_id", "joined_at", "pk")
    )
    for participant in rows:
        names.setdefault(participant.conversation_id, []).append(name_of(participant.user))
    return names


def conversation_for(user: Any, pk: int) -> tuple[Conversation, Participant]:
    """The conversation and the person's place in it; 404 for anyone not in it, the
    same answer as for one that does not exist."""
    participant = (
        Participant.objects.select_related("conversation")
        .filter(conversation_id=pk, user=user, left_at__isnull=True)
        .first()
    )
    if participant is None or not user.is_authenticated:
        raise Http404
    return participant.conversation, participant


def people_in(conversation: Conversation) -> list[Participant]:
    return list(
        conversation.participants.filter(left_at__isnull=True)
        .select_related("user__profile")
        .order_by("joined_at", "pk")
    )


def thread(
    conversation: Conversation, viewer: Any, *, before: int | None = None
) -> tuple[list[Message], bool]:
    """The latest page of messages (or the page before message `before`), oldest first,
    and whether there are earlier ones. Messages of people the viewer blocked are left
    out."""
    messages = _visible(conversation, viewer)
    if before is not None:
        messages = messages.filter(id__lt=before)
    page = list(messages.order_by("-id")[: PAGE + 1])
    for message in page:
        message.sender_name = name_of(message.sender)  # type: ignore[attr-defined]
    return list(reversed(page[:PAGE])), len(page) > PAGE


def since(conversation: Conversation, viewer: Any, after: int) -> tuple[list[Message], bool]:
    """What a reconnecting page missed: messages after `after`, oldest first, and
    whether more follow."""
    page = list(_visible(conversation, viewer).filter(id__gt=after).order_by("id")[: CATCH_UP + 1])
    return page[:CATCH_UP], len(page) > CATCH_UP


def _visible(conversation: Conversation, viewer: Any) -> QuerySet[Message]:
    return conversation.messages.exclude(sender__in=blocked_ids_query(viewer)).select_related(
        "sender__profile"
    )


def message_data(message: Message) -> dict[str, Any]:
    """A message as the channel layer carries it to every reader's connection, which
    makes it the reader's with for_reader()."""
    return {
        "id": message.pk,
        "conversation": message.conversation_id,
        "client_id": message.client_id,
        "sender": name_of(message.sender),
        "sender_id": message.sender_id,
        "body": "" if message.removed_at else message.body,
        "removed": message.removed_at is not None,
        "created_at": message.created_at.isoformat(),
    }


def for_reader(data: dict[str, Any], reader_id: int) -> dict[str, Any]:
    """What a reader's page gets: whether the message is their own, without anyone's
    account id; the client id only for its sender (whose page matches it with what it
    sent)."""
    data = dict(data)
    mine = data.pop("sender_id", None) == reader_id
    if not mine:
        data.pop("client_id", None)
    return {**data, "mine": mine}


def needs_hint(conversation: Conversation, body: str) -> bool:
    """Early in a conversation, a message that looks like contact details gets the
    gentle hint before it is sent."""
    if not safety.looks_like_contact_details(body):
        return False
    return conversation.messages.count() < safety.EARLY_MESSAGES


def blocked_by(user: Any) -> QuerySet[Block]:
    return Block.objects.filter(blocker=user).select_related("blocked__profile").order_by("-pk")


def blocks_between(one: Any, others: list[Any]) -> bool:
    """Whether one of them blocked the other, either way round."""
    ids = [other.pk for other in others]
    return Block.objects.filter(
        Q(blocker=one, blocked_id__in=ids) | Q(blocker_id__in=ids, blocked=one)
    ).exists()
