"""Who may do what in the chat. Verified members write to each other; a conversation
exists only for the people in it; staff see reported messages (moderation), never
conversations."""

from typing import Any

import rules

from gemeinwerk.accounts.rules import is_verified
from gemeinwerk.chat import parties


@rules.predicate
def takes_part(user: Any, conversation: Any) -> bool:
    """Still in the conversation (not left); read once per user and conversation."""
    if not user.is_authenticated or conversation is None:
        return False
    cache = getattr(user, "_gw_chat_in", None)
    if cache is None:
        cache = user._gw_chat_in = {}
    if conversation.pk not in cache:
        cache[conversation.pk] = conversation.participants.filter(
            user=user, left_at__isnull=True
        ).exists()
    return bool(cache[conversation.pk])


@rules.predicate
def is_group(user: Any, conversation: Any) -> bool:
    return bool(conversation is not None and conversation.is_group)


@rules.predicate
def wrote_it(user: Any, message: Any) -> bool:
    return bool(message is not None and message.sender_id == user.pk)


@rules.predicate
def in_its_conversation(user: Any, message: Any) -> bool:
    return bool(message is not None and takes_part(user, message.conversation))


@rules.predicate
def in_a_circle(user: Any) -> bool:
    return parties.in_a_circle(user)


# Verified members, and the circles apps above register (parties.py): the facility
# programme's facility accounts, who write only to each other.
may_chat = is_verified | in_a_circle


def may_talk(people: list[Any]) -> bool:
    """One circle holds all of them: verified members with verified members, facility
    accounts with facility accounts."""
    return parties.share_a_circle(people, verified=is_verified)


rules.add_perm("chat.use", may_chat)
rules.add_perm("chat.view_conversation", may_chat & takes_part)
rules.add_perm("chat.leave_conversation", takes_part & is_group)
# Asked by moderation before it accepts a report of a message (reporting.py).
rules.add_perm("chat.report_message", may_chat & in_its_conversation & ~wrote_it)


@rules.predicate
def member_may_chat(user: Any, member: Any) -> bool:
    return bool(member is not None and member.is_active and may_talk([user, member]))


# "Send a message" on a member's page.
rules.add_perm("chat.write_to", may_chat & member_may_chat)


@rules.predicate
def shares_a_circle_with(user: Any, others: Any) -> bool:
    return bool(others) and may_talk([user, *others])


# Starting a conversation with these people (a list): one circle holds everyone.
rules.add_perm("chat.talk_with", may_chat & shares_a_circle_with)
