"""Blocking a person and reporting a message to staff, and staff's decision on a report.

A block is never announced: the blocked person can no longer write to the blocker and
sees only that the conversation is closed. A report copies the one message for staff,
who see that message and the reported person, never the conversation."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gemeinwerk import audit
from gemeinwerk.accounts.models import User
from gemeinwerk.chat import live, selectors
from gemeinwerk.chat.audit_actions import AuditAction
from gemeinwerk.chat.models import Block, Message, Outcome, Participant, Reason, Report
from gemeinwerk.core import live as header
from gemeinwerk.core.permissions import require
from gemeinwerk.notifications.services import notify


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


@transaction.atomic
def report(*, reporter: User, message: Message, reason: str, note: str = "") -> Report:
    require(reporter, "chat.report_message", message)
    if reason not in Reason.values:
        raise ValidationError(_("Choose a reason."))
    if message.removed_at is not None:
        raise ValidationError(_("Staff have already removed this message."))
    entry = Report(
        message=message,
        reporter=reporter,
        reported=message.sender,
        reason=reason,
        note=note.strip(),
        body=message.body,
        sent_at=message.created_at,
    )
    entry.full_clean(exclude=["message", "reporter"])
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        raise ValidationError(_("You have already reported this message.")) from None
    return entry


@transaction.atomic
def decide_report(*, staff: User, report: Report, outcome: str) -> Report:
    """Leave the message as it is or remove it; the reporter hears the outcome. Every
    open report of the same message is decided with it."""
    require(staff, "chat.moderate")
    if outcome not in Outcome.values:
        raise ValidationError(_("Choose a decision."))
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.decided_at is not None:
        raise ValidationError(_("This report has been decided already."))
    now = timezone.now()
    same = Report.objects.filter(decided_at__isnull=True)
    same = same.filter(message=report.message) if report.message_id else same.filter(pk=report.pk)
    reports = list(same.select_related("reporter"))
    same.update(decided_at=now, decided_by=staff, outcome=outcome)
    message = report.message
    if outcome == Outcome.REMOVED and message is not None and message.removed_at is None:
        message.removed_at = now
        message.body = ""
        message.save(update_fields=["removed_at", "body"])
        people = message.conversation.participants.filter(left_at__isnull=True)
        live.send_after_commit(
            people.exclude(user=None).values_list("user_id", flat=True),
            {"type": "chat.removed", "conversation": message.conversation_id, "id": message.pk},
        )
    audit.record(
        actor=staff,
        action=(
            AuditAction.MESSAGE_REMOVED
            if outcome == Outcome.REMOVED
            else AuditAction.REPORT_DISMISSED
        ),
        subject=report.reported,
        target=report,
    )
    for each in reports:
        if each.reporter is not None:
            notify(
                each.reporter,
                "chat.report_decided",
                params={"outcome": outcome},
                path="/chat/",
            )
    report.refresh_from_db()
    return report
