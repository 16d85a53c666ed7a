"""What leaves the database when a message is stored (services/conversations.py,
live.py): the live events after the commit and never before or after a rollback; one
notification per conversation until it is read; reading moves the mark."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gemeinwerk.accounts.models import User
from gemeinwerk.chat import live, services
from gemeinwerk.chat.models import Conversation, Message, Participant
from gemeinwerk.chat.tests.factories import RecordingLayer, member, place, say, start
from gemeinwerk.core import live as header
from gemeinwerk.notifications.models import Notification

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


@pytest.fixture
def layer(monkeypatch: pytest.MonkeyPatch) -> RecordingLayer:
    """The channel layer the chat and the header's live counts send to."""
    recording = RecordingLayer()
    monkeypatch.setattr(live, "get_channel_layer", lambda: recording)
    monkeypatch.setattr(header, "get_channel_layer", lambda: recording)
    return recording


def told(user: User) -> list[Notification]:
    """The person's chat notifications once the delayed tells have run: each message
    that finds a conversation read schedules one (tasks.tell_unread), which notifies
    CHAT_NOTIFY_AFTER_SECONDS later if it is still unread. Running them again adds
    nothing, as a task run twice would."""
    for participant in Participant.objects.filter(user=user, told=True):
        services.tell_if_unread(participant_id=participant.pk)
    return list(Notification.objects.filter(recipient=user, kind="chat.new_message"))


# --- Live events leave after the commit ---------------------------------------------------


def test_a_message_goes_to_everyone_in_it_only_after_the_commit(
    layer: RecordingLayer, django_capture_on_commit_callbacks: Capture
):
    anna, bela, carl = member(), member(), member()
    group = start(anna, bela, carl, title="Gruppe")

    with django_capture_on_commit_callbacks() as callbacks:
        message = say(bela, group, "Ich komme um drei.")
        # Stored, and nothing sent yet.
        assert Message.objects.filter(pk=message.pk).exists()
        assert layer.sent == []

    assert callbacks
    for callback in callbacks:
        callback()
    assert sorted(layer.groups("chat.message")) == sorted(
        live.chat_group(user.pk) for user in (anna, bela, carl)
    )
    event = next(event for _group, event in layer if event["type"] == "chat.message")
    assert event["message"]["id"] == message.pk
    assert event["message"]["body"] == "Ich komme um drei."
    assert event["message"]["conversation"] == group.pk
    # The header's count changes for Anna, who had read everything; Carl's count already
    # had this conversation unread, and Bela wrote it (nobody had notified her yet of
    # the first message: that waits CHAT_NOTIFY_AFTER_SECONDS).
    assert set(layer.groups("person.badges")) == {header.person_group(anna.pk)}


def test_nothing_is_sent_when_the_transaction_rolls_back(
    layer: RecordingLayer, django_capture_on_commit_callbacks: Capture
):
    anna, bela = member(), member()
    thread = start(anna, bela)

    def failing_request() -> None:
        with transaction.atomic():
            say(bela, thread, "Das wird nie ankommen.")
            raise RuntimeError("the page's request failed after the write")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        failing_request()

    assert callbacks == []
    assert layer.sent == []
    assert not Message.objects.filter(body="Das wird nie ankommen.").exists()


def test_a_resend_sends_nothing_again(
    layer: RecordingLayer, django_capture_on_commit_callbacks: Capture
):
    anna, bela = member(), member()
    thread = start(anna, bela)

    with django_capture_on_commit_callbacks(execute=True):
        say(bela, thread, "Einmal", client_id="bela-1")
    first = len(layer.sent)
    with django_capture_on_commit_callbacks(execute=True) as again:
        say(bela, thread, "Einmal", client_id="bela-1")

    assert first > 0
    assert again == []
    assert len(layer.sent) == first


def test_a_blocker_in_a_group_gets_nothing_of_the_blocked_persons_messages(
    layer: RecordingLayer, django_capture_on_commit_callbacks: Capture
):
    anna, bela, carl = member(), member(), member()
    group = start(anna, bela, carl, title="Gruppe")
    services.mark_read(user=carl, conversation=group)
    services.block(blocker=carl, blocked=anna)

    with django_capture_on_commit_callbacks(execute=True):
        say(anna, group, "Hallo zusammen")

    assert sorted(layer.groups("chat.message")) == sorted(
        live.chat_group(user.pk) for user in (anna, bela)
    )
    assert header.person_group(carl.pk) not in layer.groups("person.badges")
    assert [n for n in told(carl) if n.read_at is None] == []
    assert not place(carl, group).told


def test_a_channel_layer_that_fails_does_not_harm_the_sender(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Capture
):
    class Away:
        async def group_send(self, group: str, event: dict[str, Any]) -> None:
            raise ConnectionError("Redis is away")

    monkeypatch.setattr(live, "get_channel_layer", lambda: Away())
    monkeypatch.setattr(header, "get_channel_layer", lambda: Away())
    anna, bela = member(), member()
    thread = start(anna, bela)

    with django_capture_on_commit_callbacks(execute=True):
        message = say(bela, thread, "Trotzdem gespeichert")

    assert Message.objects.get(pk=message.pk).body == "Trotzdem gespeichert"


def test_leaving_tells_the_persons_pages_after_the_commit(
    layer: RecordingLayer, django_capture_on_commit_callbacks: Capture
):
    anna, bela, carl = member(), member(), member()
    group = start(anna, bela, carl, title="Gruppe")

    with django_capture_on_commit_callbacks() as callbacks:
        services.leave(user=bela, conversation=group)
        assert layer.sent == []
    for callback in callbacks:
        callback()

    assert (live.chat_group(bela.pk), {"type": "chat.left", "conversation": group.pk}) in list(
        layer
    )


# --- Notifications ------------------------------------------------------------------------


def test_one_notification_per_conversation_until_it_is_read():
    anna, bela = member(), member()
    thread = start(anna, bela, body="Erste")
    say(anna, thread, "Zweite")
    say(anna, thread, "Dritte")

    (notification,) = told(bela)
    assert notification.params["conversation"] == thread.pk
    assert notification.path == f"/chat/{thread.pk}/"
    # Who wrote, never what.
    assert "Erste" not in str(notification.params)
    assert place(bela, thread).told
    assert told(anna) == []

    services.mark_read(user=bela, conversation=thread)
    say(anna, thread, "Vierte")

    assert len(told(bela)) == 2
    assert len([n for n in told(bela) if n.read_at is None]) == 1


def test_each_conversation_has_its_own_notification():
    anna, bela, carl = member(), member(), member()
    start(anna, bela)
    start(carl, bela)
    assert len(told(bela)) == 2


def test_a_muted_conversation_tells_nothing():
    anna, bela = member(), member()
    thread = start(anna, bela)
    services.mark_read(user=bela, conversation=thread)
    services.set_muted(user=bela, conversation=thread, muted=True)

    say(anna, thread, "Hallo?")

    # She read the first message before it was notified, and the muted one never is.
    assert told(bela) == []
    assert not place(bela, thread).told


def test_answering_counts_as_reading_and_the_next_message_is_told_again():
    """Without JavaScript a member reads the page and answers without pressing "Mark as
    read": their answer moves their mark past everything, so the next message from the
    other side must bring a notification again."""
    anna, bela = member(), member()
    thread = start(anna, bela, body="Können Sie Samstag?")
    say(bela, thread, "Ja, gern.")

    assert not place(bela, thread).told
    assert all(n.read_at is not None for n in told(bela))

    say(anna, thread, "Prima, bis Samstag.")

    assert len([n for n in told(bela) if n.read_at is None]) == 1


# --- Reading ------------------------------------------------------------------------------


def test_reading_moves_the_mark_clears_told_and_reads_the_notification(
    layer: RecordingLayer, django_capture_on_commit_callbacks: Capture
):
    anna, bela = member(), member()
    thread = start(anna, bela, body="Eins")
    second = say(anna, thread, "Zwei")
    third = say(anna, thread, "Drei")

    # Read up to the second message: one left unread, still told.
    assert services.mark_read(user=bela, conversation=thread, up_to=second.pk) == second.pk
    assert place(bela, thread).told
    assert told(bela)[0].read_at is None

    with django_capture_on_commit_callbacks(execute=True):
        assert services.mark_read(user=bela, conversation=thread) == third.pk

    me = place(bela, thread)
    assert me.last_read == third.pk
    assert not me.told
    assert told(bela)[0].read_at is not None
    assert header.person_group(bela.pk) in layer.groups("person.badges")


def test_the_mark_never_goes_back_nor_past_the_last_message():
    anna, bela = member(), member()
    thread = start(anna, bela)
    last = say(anna, thread)

    assert services.mark_read(user=bela, conversation=thread, up_to=last.pk + 1000) == last.pk
    assert services.mark_read(user=bela, conversation=thread, up_to=1) == last.pk
    assert place(bela, thread).last_read == last.pk


def test_reading_leaves_the_notifications_of_other_conversations():
    anna, bela, carl = member(), member(), member()
    one, other = start(anna, bela), start(carl, bela)

    services.mark_read(user=bela, conversation=one)

    unread = [n.params["conversation"] for n in told(bela) if n.read_at is None]
    assert unread == [other.pk]


def test_only_people_in_it_read_a_conversation():
    from django.core.exceptions import ValidationError

    anna, bela = member(), member()
    thread = start(anna, bela)
    with pytest.raises(ValidationError):
        services.mark_read(user=member(), conversation=thread)


def test_leaving_reads_the_notifications_and_stops_them():
    anna, bela, carl = member(), member(), member()
    group = start(anna, bela, carl, title="Gruppe")

    services.leave(user=bela, conversation=group)
    say(anna, group, "Schade, dass du gehst")

    # Left before the first message was notified: nothing, then or later.
    assert told(bela) == []
    assert Participant.objects.get(user=bela, conversation=group).told is False
    assert Conversation.objects.filter(pk=group.pk).exists()


def test_the_notification_waits_and_is_dropped_when_read_meanwhile(
    django_capture_on_commit_callbacks: Capture,
):
    anna, bela = member(), member()
    thread = start(anna, bela)
    services.mark_read(user=bela, conversation=thread)
    DBTaskResult.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        say(anna, thread, "Sind Sie morgen da?")

    [queued] = DBTaskResult.objects.filter(task_path="gemeinwerk.chat.tasks.tell_unread")
    assert queued.args_kwargs["args"] == [place(bela, thread).pk]
    wait = queued.run_after - timezone.now()
    assert timedelta(seconds=settings.CHAT_NOTIFY_AFTER_SECONDS - 10) < wait
    assert wait <= timedelta(seconds=settings.CHAT_NOTIFY_AFTER_SECONDS)
    # Bela reads it on the page before the task runs: the task tells nothing.
    services.mark_read(user=bela, conversation=thread)
    assert services.tell_if_unread(participant_id=place(bela, thread).pk) == "not wanted"
    assert not Notification.objects.filter(recipient=bela, kind="chat.new_message").exists()
