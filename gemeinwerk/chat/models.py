"""Private conversations: who takes part, what they wrote and whom they blocked.

Staff never read conversations: a report of a message (gemeinwerk/moderation, the kind
"chat.message" in reporting.py) copies the one reported message and names its sender,
so that staff can judge it without opening the thread."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# One message, one screen: long enough for a careful answer, short enough for a chat.
MESSAGE_MAX_LENGTH = 2000


class Conversation(models.Model):
    # A group conversation has a title and can be left; a one-to-one cannot.
    is_group = models.BooleanField(default=False)
    title = models.CharField(_("title"), max_length=80, blank=True)
    # What it is about, shown above the messages (a listing's title, once the
    # marketplace opens conversations).
    about = models.CharField(max_length=200, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(null=True, blank=True)
    # The id of its latest message: whether a person had read everything before a new
    # one comes, without a query per message.
    latest_id = models.PositiveBigIntegerField(default=0)
    # "<smaller id>:<larger id>" for one-to-one conversations: two people have one
    # thread, however often either starts one. Emptied when either account is deleted.
    pair = models.CharField(max_length=41, null=True, blank=True, unique=True)

    class Meta:
        indexes = [models.Index(fields=["started_by", "created_at"], name="chat_started_per_day")]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_group=False) | Q(pair__isnull=True), name="chat_group_has_no_pair"
            )
        ]

    def __str__(self) -> str:
        return f"conversation {self.pk}"


class Participant(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    # Emptied when the account is deleted: the thread shows "deleted member".
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="chat_participations",
    )
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    muted = models.BooleanField(default=False)
    # The id of the last message this person has read: everything after it is unread.
    last_read = models.PositiveBigIntegerField(default=0)
    # A notification about this conversation is waiting to be read: further messages
    # add none until the person has read the conversation.
    told = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="chat_participant_once")
        ]
        indexes = [models.Index(fields=["user", "left_at"], name="chat_participations")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.conversation_id}"


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    # A deleted account's messages go with it (CASCADE).
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_messages"
    )
    # Made by the sender's page: sending the same message again after a dropped
    # connection finds the stored one instead of storing it twice.
    client_id = models.CharField(max_length=64)
    body = models.TextField(max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    # Removed by staff after a report: the text is gone, the place in the thread stays.
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["sender", "client_id"], name="chat_message_once")
        ]
        indexes = [
            models.Index(fields=["conversation", "id"], name="chat_thread"),
            models.Index(fields=["created_at"], name="chat_message_age"),
        ]

    def __str__(self) -> str:
        return f"message {self.pk}"


class Block(models.Model):
    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_blocks"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="chat_block_once"),
            models.CheckConstraint(condition=~Q(blocker=F("blocked")), name="chat_no_self_block"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"
