"""Factories and small builders for the chat tests: members who may chat, conversations
started and messages posted through the services (as members make them), messages
stored directly (for dates and pages of a thread), and a channel layer that records
what would have been sent."""

import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any, cast

import factory
from django.conf import settings
from django.test import Client
from django.utils import timezone

from gemeinwerk.accounts.models import Profile, TrustLevel, User, Visibility
from gemeinwerk.accounts.tests.more_factories import make_user
from gemeinwerk.chat import services
from gemeinwerk.chat.models import Block, Conversation, Message, Participant

__all__ = [
    "RecordingLayer",
    "block",
    "cid",
    "fill",
    "make_user",
    "member",
    "place",
    "report_message",
    "say",
    "session_cookie",
    "start",
    "stored",
]


def cid() -> str:
    """A client message id, as the page makes one."""
    return uuid.uuid4().hex


def member(username: str | None = None, *, display_name: str = "", **kwargs: Any) -> User:
    """A verified member (who may chat); with a display name verified members see."""
    if username is not None:
        kwargs["username"] = username
    kwargs.setdefault("trust_level", TrustLevel.VERIFIED)
    user = make_user(**kwargs)
    if display_name:
        Profile.objects.update_or_create(
            user=user,
            defaults={
                "display_name": display_name,
                "display_name_visibility": Visibility.VERIFIED,
            },
        )
    return user


def start(
    starter: User, *others: User, body: str = "Guten Tag!", title: str = "", about: str = ""
) -> Conversation:
    """A conversation as a member starts it: through the service, with a first message."""
    return services.start_conversation(
        starter=starter,
        others=list(others),
        body=body,
        client_id=cid(),
        title=title,
        about=about,
    )


def say(
    sender: User, conversation: Conversation, body: str = "Wie geht es?", client_id: str = ""
) -> Message:
    message, _created = services.post_message(
        sender=sender, conversation=conversation, body=body, client_id=client_id or cid()
    )
    return message


class MessageFactory(factory.django.DjangoModelFactory[Message]):
    """A message stored directly, past the services: for dates in the past."""

    class Meta:
        model = Message

    client_id = factory.LazyFunction(cid)
    body = factory.Sequence(lambda n: f"Nachricht {n}")


def stored(
    conversation: Conversation, sender: User, body: str = "", *, created_at: datetime | None = None
) -> Message:
    fields: dict[str, Any] = {"conversation": conversation, "sender": sender}
    if body:
        fields["body"] = body
    if created_at is not None:
        fields["created_at"] = created_at
    message = cast(Message, MessageFactory(**fields))
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
    return message


def fill(conversation: Conversation, senders: list[User], count: int) -> list[Message]:
    """`count` messages in one statement, taking turns among `senders`, a minute apart,
    the latest now; in order of their ids."""
    now = timezone.now()
    made = Message.objects.bulk_create(
        Message(
            conversation=conversation,
            sender=senders[number % len(senders)],
            client_id=cid(),
            body=f"Nachricht {number}",
            created_at=now - timedelta(minutes=count - number),
        )
        for number in range(count)
    )
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
    return list(Message.objects.filter(pk__in=[m.pk for m in made]).order_by("id"))


def block(blocker: User, blocked: User) -> Block:
    return Block.objects.create(blocker=blocker, blocked=blocked)


def place(user: User, conversation: Conversation) -> Participant:
    return Participant.objects.get(user=user, conversation=conversation)


def session_cookie(user: User) -> str:
    """A real session of `user`, as their browser holds it."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


class RecordingLayer:
    """Stands in for the channel layer where the chat sends: records each group_send."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []

    async def group_send(self, group: str, event: dict[str, Any]) -> None:
        self.sent.append((group, event))

    def groups(self, kind: str) -> list[str]:
        return [group for group, event in self.sent if event["type"] == kind]

    def __iter__(self) -> Iterator[tuple[str, dict[str, Any]]]:
        return iter(self.sent)


def report_message(reporter: Any, message: Any, reason: str = "spam", note: str = "") -> Any:
    """A member reports a message to staff, the way the chat's report page does."""
    from gemeinwerk.moderation import services as moderation

    return moderation.report(
        reporter=reporter, kind="chat.message", obj=message, reason=reason, note=note
    )
