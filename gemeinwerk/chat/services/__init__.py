"""Every write of the chat: conversations and messages (conversations.py), blocks and
reports (safety.py)."""

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
from gemeinwerk.chat.services.safety import block, decide_report, report, unblock

__all__ = [
    "block",
    "decide_report",
    "forget_old_messages",
    "leave",
    "mark_read",
    "post_message",
    "report",
    "send_message",
    "set_muted",
    "start_conversation",
    "tell_if_unread",
    "unblock",
]
