"""Blocking a person, and what staff's decision on a reported message does to it.

A block is never announced: the blocked person can no longer write to the blocker and
sees only that the conversation is closed. Reports themselves are moderation's
(reporting.py registers messages with it); staff see the reported message and its
sender, never the conversation."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gemeinwerk.accounts.models import User
from gemeinwerk.chat import live, selectors
from gemeinwerk.chat.models import Block, Message, Participant
from gemeinwerk.chat.services.conversations import KIND
from gemeinwerk.core import live as header
from gemeinwerk.core.permissions import require
from gemeinwerk.moderation.models import Decision
from gemeinwerk.moderation.models import Report as ModerationReport


@transaction.atomic
def block(*, blocker: User, blocked: User) -> Block:
    require(blocker, "chat.use")
    if blocker.pk == blocked.pk:
        raise ValidationError(_("You cannot block yourself."))
    found, _created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    _settle_marks(blocker)
    # Their unread messages no longer count for the blocker.
    header.badges_changed(blocker.pk)
    return found


def _settle_marks(user: User) -> None:
    """Conversations whose only unread messages are from people the person blocked
    count as read (the header counts by marks, selectors.unread_conversations)."""
    blocked = selectors.blocked_ids_query(user)
    for place in Participant.objects.filter(
        user=user, left_at__isnull=True, conversation__latest_id__gt=F("last_read")
    ).select_related("conversation"):
        visible = (
            Message.objects.filter(conversation_id=place.conversation_id, id__gt=place.last_read)
            .exclude(sender=user)
            .exclude(sender__in=blocked)
        )
        if not visible.exists():
            place.last_read = place.conversation.latest_id
            place.save(update_fields=["last_read"])


@transaction.atomic
def unblock(*, blocker: User, blocked: User) -> None:
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()
    header.badges_changed(blocker.pk)


def remove_message(message: Message, staff: User) -> None:
    """Staff hide a reported message: its text is gone from the thread, for everyone
    and in every export; its place stays ("removed by our team"). The report keeps the
    copy staff judged. Open pages of the conversation show it removed at once."""
    if message.removed_at is not None:
        return
    message.removed_at = timezone.now()
    message.body = ""
    message.save(update_fields=["removed_at", "body"])
    people = message.conversation.participants.filter(left_at__isnull=True)
    live.send_after_commit(
        people.exclude(user=None).values_list("user_id", flat=True),
        {"type": "chat.removed", "conversation": message.conversation_id, "id": message.pk},
    )


def restore_message(message: Message, staff: User) -> None:
    """Staff show a removed message again: its text comes back from the copy the report
    that removed it took (the message itself kept none). Pages show it on their next
    load; no live event takes it back into open pages."""
    if message.removed_at is None:
        return
    reports = ModerationReport.objects.filter(kind=KIND, object_id=message.pk).order_by(
        "-created_at", "-pk"
    )
    copy = reports.filter(decision=Decision.HIDDEN).first() or reports.first()
    if copy is None:
        raise ValidationError(_("The text of this message is no longer kept."))
    message.removed_at = None
    message.body = copy.snapshot
    message.save(update_fields=["removed_at", "body"])
