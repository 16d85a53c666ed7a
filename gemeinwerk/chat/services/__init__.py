"""Every write of the chat: conversations and messages (conversations.py), blocks and
what staff's decision on a reported message does (safety.py)."""

from gemeinwerk.chat.services.conversations import (
    forget_old_messages,
    leave,
    mark_read,
    post_message,
    send_message,
    set_muted,
    start_conversation,
    tell_if_unread,
)
from gemeinwerk.chat.services.safety import block, remove_message, restore_message, unblock

__all__ = [
    "block",
    "forget_old_messages",
    "leave",
    "mark_read",
    "post_message",
    "remove_message",
    "restore_message",
    "send_message",
    "set_muted",
    "start_conversation",
    "tell_if_unread",
    "unblock",
]
