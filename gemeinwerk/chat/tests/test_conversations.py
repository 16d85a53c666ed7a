"""Starting conversations and posting in them (services/conversations.py): who may
start one with whom, the one thread of two people, groups, blocks that are not
announced, and a message that is stored once however often its page sends it."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gemeinwerk.accounts.models import TrustLevel
from gemeinwerk.chat import services
from gemeinwerk.chat.models import MESSAGE_MAX_LENGTH, Conversation, Message, Participant
from gemeinwerk.chat.tests.factories import block, make_user, member, say, start

pytestmark = pytest.mark.django_db

REFUSED = "You cannot start this conversation."


# --- Starting -----------------------------------------------------------------------------


def test_two_people_have_one_thread_however_often_either_starts_one():
    anna, bela = member("anna"), member("bela")

    first = start(anna, bela, body="Guten Tag, Bela!")
    again = start(bela, anna, body="Hallo Anna, ich bin es wieder.")

    assert again.pk == first.pk
    assert not first.is_group
    assert Conversation.objects.count() == 1
    assert list(first.messages.values_list("body", flat=True)) == [
        "Guten Tag, Bela!",
        "Hallo Anna, ich bin es wieder.",
    ]
    assert set(first.participants.values_list("user__username", flat=True)) == {"anna", "bela"}
    first.refresh_from_db()
    assert first.last_message_at == first.messages.last().created_at  # type: ignore[union-attr]
    assert first.started_by == anna


def test_a_group_has_room_for_chat_group_max_people(settings: Any):
    settings.CHAT_GROUP_MAX = 4
    starter = member()
    three = [member() for _ in range(3)]

    group = start(starter, *three, body="Gartentag am Samstag?", title="  Gartentag  ")

    assert group.is_group
    assert group.pair is None
    assert group.title == "Gartentag"
    assert group.participants.count() == 4

    with pytest.raises(ValidationError, match="room for 4 people at most"):
        start(starter, *three, member(), body="Noch jemand?")
    assert Conversation.objects.count() == 1


def test_a_group_always_is_a_new_conversation_and_a_title_is_for_groups_only():
    starter, one, two = member(), member(), member()

    first = start(starter, one, two, title="Nachbarschaft")
    second = start(starter, one, two, title="Nachbarschaft")
    pair = start(starter, one, title="Ignoriert")

    assert first.pk != second.pk
    assert pair.title == ""


def test_nobody_but_oneself_is_no_one_to_write_to():
    anna = member()
    with pytest.raises(ValidationError, match="Choose at least one person"):
        start(anna, anna)


@pytest.mark.parametrize(
    "other",
    [
        pytest.param({"trust_level": TrustLevel.UNVERIFIED}, id="unverified"),
        pytest.param({"trust_level": TrustLevel.SUSPENDED}, id="suspended"),
        pytest.param({"trust_level": TrustLevel.VERIFIED, "is_active": False}, id="inactive"),
    ],
)
def test_only_verified_active_members_take_part(other: dict[str, Any]):
    anna = member()
    person = make_user(username="carla", **other)

    with pytest.raises(ValidationError, match="carla cannot take part in conversations"):
        start(anna, person)
    with pytest.raises(ValidationError, match="carla cannot take part"):
        start(anna, member(), person, title="Gruppe")
    assert not Conversation.objects.exists()


def test_an_unverified_member_cannot_start_one():
    with pytest.raises(PermissionDenied):
        start(make_user(trust_level=TrustLevel.UNVERIFIED), member())


@pytest.mark.parametrize("direction", ["starter blocked them", "they blocked the starter"])
def test_a_block_either_way_refuses_without_saying_why(direction: str):
    anna, bela, carl = member(), member(), member()
    if direction == "starter blocked them":
        block(anna, bela)
    else:
        block(bela, anna)

    for others in ([bela], [carl, bela]):
        with pytest.raises(ValidationError) as refused:
            start(anna, *others)
        assert refused.value.messages == [REFUSED]
    assert not Conversation.objects.exists()


def test_a_block_also_stops_the_existing_thread_from_being_found_again():
    anna, bela = member(), member()
    thread = start(anna, bela)
    block(bela, anna)

    with pytest.raises(ValidationError) as refused:
        start(anna, bela, body="Bist du noch da?")

    assert refused.value.messages == [REFUSED]
    assert thread.messages.count() == 1


# --- The daily limit on new conversations -------------------------------------------------


def test_new_conversations_per_day_are_limited(settings: Any):
    settings.CHAT_NEW_CONVERSATIONS_PER_DAY = 2
    anna, bela, carl, dora = member(), member(), member(), member()
    start(anna, bela)
    start(anna, carl, dora, title="Gruppe")

    with pytest.raises(ValidationError, match="started many conversations today"):
        start(anna, dora)
    # Writing in a thread that exists is not a new conversation.
    assert start(anna, bela, body="Noch eine Frage").messages.count() == 2
    # Nor is a conversation someone else started.
    start(dora, anna)
    assert Conversation.objects.filter(started_by=anna).count() == 2

    # 24 hours later the places are free again.
    Conversation.objects.filter(started_by=anna).update(
        created_at=timezone.now() - timedelta(days=1, minutes=1)
    )
    start(anna, carl)


# The lock only shows as SQL where the database has row locks.
@pytest.mark.postgres
def test_the_limit_is_counted_after_locking_the_starters_row():
    """Two pages starting at once cannot both take the last place: the count follows a
    lock on the starter's account row (PostgreSQL: SELECT ... FOR UPDATE; SQLite writes
    one at a time anyway)."""
    anna, bela = member(), member()

    with CaptureQueriesContext(connection) as queries:
        start(anna, bela)

    sql = [query["sql"] for query in queries.captured_queries]
    lock = next(n for n, q in enumerate(sql) if 'FROM "accounts_user"' in q and "FOR UPDATE" in q)
    count = next(n for n, q in enumerate(sql) if "COUNT(" in q and '"chat_conversation"' in q)
    assert lock < count


# --- Posting ------------------------------------------------------------------------------


def test_a_message_sent_twice_with_the_same_client_id_is_stored_once():
    anna, bela = member(), member()
    thread = start(anna, bela)

    first, created = services.post_message(
        sender=bela, conversation=thread, body="Gern!", client_id="bela-1"
    )
    again, created_again = services.post_message(
        sender=bela, conversation=thread, body="Gern!", client_id="bela-1"
    )

    assert created is True
    assert created_again is False
    assert again.pk == first.pk
    assert Message.objects.filter(sender=bela).count() == 1


def test_the_same_client_id_is_another_persons_own():
    anna, bela = member(), member()
    thread = start(anna, bela)

    _mine, created = services.post_message(
        sender=anna, conversation=thread, body="A", client_id="same"
    )
    _theirs, also_created = services.post_message(
        sender=bela, conversation=thread, body="B", client_id="same"
    )

    assert created
    assert also_created


def test_a_client_id_used_in_another_conversation_is_refused():
    anna, bela, carl = member(), member(), member()
    one, other = start(anna, bela), start(anna, carl)
    services.post_message(sender=anna, conversation=one, body="Hallo", client_id="x-1")

    with pytest.raises(ValidationError) as refused:
        services.post_message(sender=anna, conversation=other, body="Hallo", client_id="x-1")

    assert refused.value.messages == ["client_id"]
    assert other.messages.count() == 1


@pytest.mark.parametrize("client_id", ["", "x" * 65, "tab\tid"])
def test_a_client_id_must_be_short_and_printable(client_id: str):
    anna, bela = member(), member()
    thread = start(anna, bela)
    with pytest.raises(ValidationError):
        services.post_message(sender=anna, conversation=thread, body="Hallo", client_id=client_id)


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("", "Write a message first."),
        ("  \n\t ", "Write a message first."),
        ("x" * (MESSAGE_MAX_LENGTH + 1), f"{MESSAGE_MAX_LENGTH} characters long at most"),
    ],
)
def test_a_message_has_words_and_a_length(body: str, error: str):
    anna, bela = member(), member()
    thread = start(anna, bela)

    with pytest.raises(ValidationError, match=error):
        say(anna, thread, body)
    assert thread.messages.count() == 1


def test_the_body_is_stored_without_surrounding_space_and_may_be_as_long_as_allowed():
    anna, bela = member(), member()
    thread = start(anna, bela)

    assert say(bela, thread, "  Gern!\n").body == "Gern!"
    assert len(say(bela, thread, "y" * MESSAGE_MAX_LENGTH).body) == MESSAGE_MAX_LENGTH


def test_after_a_block_neither_can_write_in_their_thread():
    anna, bela = member(), member()
    thread = start(anna, bela)
    services.block(blocker=bela, blocked=anna)

    for sender in (anna, bela):
        with pytest.raises(ValidationError, match="cannot write in this conversation"):
            say(sender, thread)
    assert thread.messages.count() == 1


def test_in_a_group_a_block_does_not_close_the_conversation():
    anna, bela, carl = member(), member(), member()
    group = start(anna, bela, carl, title="Gruppe")
    services.block(blocker=bela, blocked=anna)

    assert say(anna, group, "Ich schreibe weiter").pk


def test_who_left_cannot_post_and_the_last_one_in_has_nobody_to_write_to():
    anna, bela, carl = member(), member(), member()
    group = start(anna, bela, carl, title="Gruppe")
    services.leave(user=bela, conversation=group)

    with pytest.raises(ValidationError, match="cannot write in this conversation"):
        say(bela, group)
    say(carl, group, "Wir sind noch zu zweit")

    services.leave(user=carl, conversation=group)
    with pytest.raises(ValidationError, match="cannot write in this conversation"):
        say(anna, group, "Hallo?")


def test_someone_not_in_the_conversation_cannot_post():
    anna, bela = member(), member()
    thread = start(anna, bela)
    with pytest.raises(ValidationError, match="cannot write in this conversation"):
        say(member(), thread)


def test_a_member_who_lost_the_verification_cannot_post():
    anna, bela = member(), member()
    thread = start(anna, bela)
    anna.trust_level = TrustLevel.SUSPENDED
    anna.save(update_fields=["trust_level"])

    with pytest.raises(ValidationError, match="cannot write in this conversation"):
        say(anna, thread)


def test_the_sender_has_read_their_own_message():
    anna, bela = member(), member()
    thread = start(anna, bela)
    message = say(bela, thread)

    marks = dict(Participant.objects.values_list("user__username", "last_read"))
    assert marks[bela.username] == message.pk
    assert marks[anna.username] < message.pk


# --- Leaving and muting -------------------------------------------------------------------


def test_a_group_can_be_left_a_pair_cannot():
    anna, bela, carl = member(), member(), member()
    group = start(anna, bela, carl, title="Gruppe")
    pair = start(anna, bela)

    services.leave(user=bela, conversation=group)

    place = Participant.objects.get(user=bela, conversation=group)
    assert place.left_at is not None
    with pytest.raises(PermissionDenied):
        services.leave(user=anna, conversation=pair)
    assert not pair.participants.filter(left_at__isnull=False).exists()


def test_someone_not_in_a_group_cannot_leave_it():
    anna, bela, carl = member(), member(), member()
    group = start(anna, bela, carl, title="Gruppe")
    with pytest.raises(PermissionDenied):
        services.leave(user=member(), conversation=group)


def test_muting_and_unmuting_is_for_people_in_the_conversation():
    anna, bela = member(), member()
    thread = start(anna, bela)

    services.set_muted(user=bela, conversation=thread, muted=True)
    assert Participant.objects.get(user=bela, conversation=thread).muted
    services.set_muted(user=bela, conversation=thread, muted=False)
    assert not Participant.objects.get(user=bela, conversation=thread).muted

    with pytest.raises(ValidationError):
        services.set_muted(user=member(), conversation=thread, muted=True)


def test_a_block_can_be_undone_and_they_write_again():
    anna, bela = member(), member()
    thread = start(anna, bela)
    services.block(blocker=bela, blocked=anna)
    services.block(blocker=bela, blocked=anna)  # twice is once

    services.unblock(blocker=bela, blocked=anna)

    assert say(anna, thread, "Wieder da").pk
    assert start(anna, bela).pk == thread.pk


def test_nobody_blocks_themselves():
    anna = member()
    with pytest.raises(ValidationError):
        services.block(blocker=anna, blocked=anna)
