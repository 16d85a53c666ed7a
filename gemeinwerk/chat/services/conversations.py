"""Starting conversations, posting and reading messages, leaving and muting.

A message is stored first and sent to the open pages after the commit (live.py). Each
carries an id its sender's page made: the same id again returns the stored message, so
a page that lost its connection may send again without a message arriving twice."""

from datetime import timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gemeinwerk.accounts.models import User
from gemeinwerk.chat import live, selectors
from gemeinwerk.chat.models import (
    MESSAGE_MAX_LENGTH,
    Block,
    Conversation,
    Message,
    Participant,
)
from gemeinwerk.core import live as header
from gemeinwerk.core.permissions import may, require
from gemeinwerk.moderation.models import Report as ModerationReport
from gemeinwerk.notifications.services import mark_read as mark_notifications_read
from gemeinwerk.notifications.services import notify

# Messages as a kind of reportable thing (moderation; registered in reporting.py).
KIND = "chat.message"

CLIENT_ID_MAX = 64


def _pair(one: Any, other: Any) -> str:
    low, high = sorted((one.pk, other.pk))
    return f"{low}:{high}"


@transaction.atomic
def start_conversation(
    *,
    starter: User,
    others: list[User],
    body: str,
    client_id: str,
    title: str = "",
    about: str = "",
) -> Conversation:
    """A conversation of the starter with one person (their one thread, found again if
    it exists) or with a small group, opened with its first message. New conversations
    per person and day are limited."""
    require(starter, "chat.use")
    others = list({other.pk: other for other in others if other.pk != starter.pk}.values())
    if not others:
        raise ValidationError(_("Choose at least one person to write to."))
    if len(others) + 1 > settings.CHAT_GROUP_MAX:
        raise too_many_people()
    for other in others:
        # Only within a circle (chat/parties.py): verified members with verified members.
        if not (
            other.is_active and may(other, "chat.use") and may(starter, "chat.write_to", other)
        ):
            raise ValidationError(
                _("%(name)s cannot take part in conversations.")
                % {"name": selectors.name_of(other)}
            )
    if not may(starter, "chat.talk_with", others):
        raise ValidationError(_("You cannot start this conversation."))
    if selectors.blocks_between(starter, others):
        # Not told why: a block is not announced, either way round.
        raise ValidationError(_("You cannot start this conversation."))
    is_group = len(others) > 1
    if not is_group:
        existing = Conversation.objects.filter(pair=_pair(starter, others[0])).first()
        if existing is not None:
            post_message(sender=starter, conversation=existing, body=body, client_id=client_id)
            return existing
    _count_new_conversation(starter)
    conversation = Conversation(
        is_group=is_group,
        title=title.strip() if is_group else "",
        about=about,
        started_by=starter,
        pair=None if is_group else _pair(starter, others[0]),
    )
    conversation.full_clean()
    conversation.save()
    now = timezone.now()
    Participant.objects.bulk_create(
        Participant(conversation=conversation, user=person, joined_at=now)
        for person in [starter, *others]
    )
    post_message(sender=starter, conversation=conversation, body=body, client_id=client_id)
    return conversation


def too_many_people() -> ValidationError:
    return ValidationError(
        ngettext(
            "A conversation has room for %(count)s person at most.",
            "A conversation has room for %(count)s people at most.",
            settings.CHAT_GROUP_MAX,
        )
        % {"count": settings.CHAT_GROUP_MAX}
    )


def _count_new_conversation(starter: User) -> None:
    """Lock the starter's row, then count: two pages starting at once cannot both pass
    the last free place."""
    User.objects.select_for_update().filter(pk=starter.pk).first()
    since = timezone.now() - timedelta(days=1)
    started = Conversation.objects.filter(started_by=starter, created_at__gte=since).count()
    if started >= settings.CHAT_NEW_CONVERSATIONS_PER_DAY:
        raise ValidationError(
            _(
                "You have started many conversations today. Please wait until tomorrow, "
                "or write in one of your conversations."
            )
        )


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise ValidationError(_("Write a message first."))
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            ngettext(
                "A message can be %(count)s character long at most.",
                "A message can be %(count)s characters long at most.",
                MESSAGE_MAX_LENGTH,
            )
            % {"count": MESSAGE_MAX_LENGTH}
        )
    return body


def _clean_client_id(client_id: str) -> str:
    if not client_id or len(client_id) > CLIENT_ID_MAX or not client_id.isprintable():
        raise ValidationError("client_id")
    return client_id


def may_post(sender: User, conversation: Conversation) -> bool:
    """In it, allowed to chat, someone left to read it and, one-to-one, no block."""
    return _may_post(sender, conversation, selectors.people_in(conversation))


def _may_post(sender: User, conversation: Conversation, present: list[Participant]) -> bool:
    others = [p.user for p in present if p.user is not None and p.user_id != sender.pk]
    if not may(sender, "chat.use") or not others:
        return False
    if not any(p.user_id == sender.pk for p in present):
        return False
    if conversation.is_group:
        return True
    return not selectors.blocks_between(sender, others)


def send_message(
    *, sender: User, conversation: Conversation, body: str, client_id: str, confirmed: bool
) -> Message | None:
    """What a page's "Send" does, over the socket or as a form: early in a conversation,
    a message that looks like contact details is not sent until the person confirms it
    (None: show the hint); otherwise post_message. ValidationError says why not."""
    if not confirmed and selectors.needs_hint(conversation, body):
        return None
    message, _new = post_message(
        sender=sender, conversation=conversation, body=body, client_id=client_id
    )
    return message


def post_message(
    *, sender: User, conversation: Conversation, body: str, client_id: str
) -> tuple[Message, bool]:
    """Store the message (or find it, sent before with the same client id) and send it
    to the open pages of everyone in the conversation after the commit. Returns the
    message and whether it is new."""
    client_id = _clean_client_id(client_id)
    try:
        body = _clean_body(body)
        with transaction.atomic():
            return _store(sender, conversation, body, client_id), True
    except (IntegrityError, ValidationError):
        # Most messages are new: the one-per-sender rule of the database finds a resend
        # (or the same message from two tabs at once) without a query for every message.
        # A resend is answered with the stored message, even where a new one would be
        # refused now.
        existing = _sent_before(sender, conversation, client_id)
        if existing is None:
            raise
        return existing, False


def _sent_before(sender: User, conversation: Conversation, client_id: str) -> Message | None:
    message = (
        Message.objects.select_related("sender__profile")
        .filter(sender=sender, client_id=client_id)
        .first()
    )
    if message is not None and message.conversation_id != conversation.pk:
        raise ValidationError("client_id")
    return message


def _store(sender: User, conversation: Conversation, body: str, client_id: str) -> Message:
    # Lock the conversation: messages get their ids (and places in the thread) one
    # after the other, and who is in it cannot change meanwhile. A message costs a
    # handful of queries whatever the conversation's size: it is the chat's hot path.
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    present = selectors.people_in(conversation)
    if not _may_post(sender, conversation, present):
        raise ValidationError(_("You cannot write in this conversation."))
    previous = conversation.latest_id
    # Body and client id are checked above, the one-per-sender rule by the database
    # (post_message catches its IntegrityError): no full_clean(), whose checks would
    # query for the conversation, the sender and the constraint once more.
    message = Message.objects.create(
        conversation=conversation, sender=sender, client_id=client_id, body=body
    )
    Conversation.objects.filter(pk=conversation.pk).update(
        last_message_at=message.created_at, latest_id=message.pk
    )
    others = [p for p in present if p.user_id is not None and p.user_id != sender.pk]
    if conversation.is_group and others:
        # People who blocked the sender do not receive the message.
        blocking = set(
            Block.objects.filter(
                blocker_id__in=[p.user_id for p in others], blocked=sender
            ).values_list("blocker_id", flat=True)
        )
        if blocking:
            # For them it is as if the message was not there: whoever had read
            # everything still has (the header counts conversations by their marks).
            Participant.objects.filter(
                pk__in=[p.pk for p in others if p.user_id in blocking],
                last_read__gte=previous,
            ).update(last_read=message.pk)
        others = [p for p in others if p.user_id not in blocking]
    # The sender has read their own message, and everything before it: a notification
    # waiting for them here is read, and the next message of the others is told again
    # (a page without JavaScript answers without "Mark as read").
    me = next(p for p in present if p.user_id == sender.pk)
    Participant.objects.filter(pk=me.pk).update(last_read=message.pk, told=False)
    if me.told:
        _read_notifications(sender, conversation)
    to_tell = []
    for participant in others:
        if participant.muted:
            continue
        # The header counts conversations with something unread: it changes only when
        # this one had been read up to now (a count per message would cost every open
        # page of every recipient a round of queries per message).
        if participant.last_read >= previous and participant.user_id is not None:
            header.badges_changed(participant.user_id)
        if not participant.told:
            to_tell.append(participant.pk)
    if to_tell:
        _tell_later(to_tell)
    live.send_after_commit(
        [sender.pk, *(p.user_id for p in others if p.user_id is not None)],
        {"type": "chat.message", "message": selectors.message_data(message)},
    )
    return message


def _tell_later(participant_ids: list[int]) -> None:
    """One notification per conversation until its messages are read, and only if they
    are still unread a little later: people chatting with the page open get no e-mail
    for every answer. The e-mail says that there is a message, never what it says."""
    from gemeinwerk.chat.tasks import tell_unread

    Participant.objects.filter(pk__in=participant_ids).update(told=True)
    run_after = timezone.now() + timedelta(seconds=settings.CHAT_NOTIFY_AFTER_SECONDS)

    def enqueue() -> None:
        for participant_id in participant_ids:
            tell_unread.using(run_after=run_after).enqueue(participant_id)

    transaction.on_commit(enqueue)


@transaction.atomic
def tell_if_unread(*, participant_id: int) -> str:
    """The task's work (tasks.tell_unread): notify the person if the conversation still
    has messages they have not read; otherwise nothing (they read it meanwhile)."""
    participant = (
        # Only the place is locked (the account is an outer join: it may be gone).
        Participant.objects.select_for_update(of=("self",))
        .select_related("user", "conversation")
        .filter(pk=participant_id)
        .first()
    )
    if participant is None or participant.user is None or participant.left_at is not None:
        return "gone"
    if participant.muted or not participant.told:
        return "not wanted"
    latest = (
        participant.conversation.messages.filter(id__gt=participant.last_read)
        .exclude(sender=participant.user)
        .exclude(sender__in=selectors.blocked_ids_query(participant.user))
        .select_related("sender__profile")
        .order_by("-id")
        .first()
    )
    if latest is None:
        Participant.objects.filter(pk=participant.pk).update(told=False)
        return "read meanwhile"
    conversation = participant.conversation
    if _unread_notifications(participant.user, conversation).exists():
        return "told already"  # the task ran twice: once is enough
    notify(
        participant.user,
        "chat.new_message",
        params={"conversation": conversation.pk, "sender": selectors.name_of(latest.sender)},
        path=f"/chat/{conversation.pk}/",
    )
    return "told"


@transaction.atomic
def mark_read(*, user: User, conversation: Conversation, up_to: int | None = None) -> int:
    """The person has read the conversation up to message `up_to` (all of it when
    None). Returns their new mark."""
    participant = (
        Participant.objects.select_for_update(of=("self",))
        .select_related("conversation")
        .filter(conversation=conversation, user=user, left_at__isnull=True)
        .first()
    )
    if participant is None:
        raise ValidationError(_("You are not in this conversation."))
    latest = participant.conversation.latest_id
    mark = latest if up_to is None else min(max(up_to, 0), latest)
    if mark <= participant.last_read and not participant.told:
        return participant.last_read
    mark = max(mark, participant.last_read)
    unread_left = (
        conversation.messages.filter(id__gt=mark)
        .exclude(sender=user)
        .exclude(sender__in=selectors.blocked_ids_query(user))
        .exists()
    )
    # Nothing the person can see is left: the mark goes to the latest message, so that
    # later messages of someone they blocked do not count as unread (selectors).
    participant.last_read = mark if unread_left else latest
    participant.told = participant.told and unread_left
    participant.save(update_fields=["last_read", "told"])
    if not unread_left:
        _read_notifications(user, conversation)
    header.badges_changed(user.pk)
    return participant.last_read


def _unread_notifications(user: User, conversation: Conversation) -> Any:
    from gemeinwerk.notifications.models import Notification

    return Notification.objects.filter(
        recipient=user,
        kind="chat.new_message",
        params__conversation=conversation.pk,
        read_at__isnull=True,
    )


def _read_notifications(user: User, conversation: Conversation) -> None:
    ids = _unread_notifications(user, conversation).values_list("pk", flat=True)
    mark_notifications_read(user=user, ids=list(ids))


@transaction.atomic
def leave(*, user: User, conversation: Conversation) -> None:
    """Leave a group conversation: it is gone from the person's list, and they no longer
    receive its messages. One-to-one conversations are not left but blocked."""
    require(user, "chat.leave_conversation", conversation)
    Participant.objects.filter(conversation=conversation, user=user, left_at__isnull=True).update(
        left_at=timezone.now(), told=False
    )
    _read_notifications(user, conversation)
    header.badges_changed(user.pk)
    live.send_after_commit([user.pk], {"type": "chat.left", "conversation": conversation.pk})


@transaction.atomic
def set_muted(*, user: User, conversation: Conversation, muted: bool) -> None:
    """Muted: no notifications, and not counted in the header; still in the list."""
    updated = Participant.objects.filter(
        conversation=conversation, user=user, left_at__isnull=True
    ).update(muted=muted)
    if not updated:
        raise ValidationError(_("You are not in this conversation."))
    header.badges_changed(user.pk)


def erase_member(user: User) -> None:
    """Before an account is deleted: its one-to-one threads lose their pair (the other
    person keeps the thread, with "deleted member" in it), its places are left. Its
    messages go with the account."""
    conversation_ids = list(
        Participant.objects.filter(user=user).values_list("conversation_id", flat=True)
    )
    Conversation.objects.filter(pk__in=conversation_ids, pair__isnull=False).update(pair=None)
    Participant.objects.filter(user=user).update(left_at=timezone.now())


@transaction.atomic
def forget_old_messages(*, now: Any = None) -> int:
    """Daily housekeeping: messages older than the installation's retention period
    (CHAT_RETENTION_MONTHS, 0 keeps them) are deleted, and conversations nobody is in
    any longer."""
    months = settings.CHAT_RETENTION_MONTHS
    deleted = 0
    if months:
        cutoff = (now or timezone.now()) - relativedelta(months=months)
        _total, by_model = Message.objects.filter(created_at__lt=cutoff).delete()
        deleted = by_model.get(Message._meta.label, 0)
        # Decided reports of messages keep a copy of one: they go after the same time.
        ModerationReport.objects.filter(kind=KIND, decided_at__lt=cutoff).delete()
    present = Participant.objects.filter(left_at__isnull=True, user__isnull=False)
    Conversation.objects.exclude(pk__in=present.values("conversation")).delete()
    return deleted
