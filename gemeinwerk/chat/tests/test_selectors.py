"""Reads of the chat (selectors.py): the header's unread count, the list of a person's
conversations in a flat number of queries, pages of a thread, what a reconnecting page
missed, what each reader's page gets, and when the hint is due."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from gemeinwerk.chat import safety, selectors, services
from gemeinwerk.chat.tests.factories import fill, member, say, start

pytestmark = pytest.mark.django_db


# --- The header's count -------------------------------------------------------------------


def test_the_badge_counts_conversations_with_unread_messages():
    anna, bela, carl, dora = member(), member(), member(), member()
    pair = start(anna, bela)
    say(anna, pair, "Zweite Nachricht, selbe Unterhaltung")
    muted = start(carl, bela)
    services.set_muted(user=bela, conversation=muted, muted=True)
    start(bela, carl, dora, title="Eigene Gruppe")  # only her own message in it
    start(dora, bela)
    services.block(blocker=bela, blocked=dora)

    assert selectors.unread_conversations(bela) == 1
    with translation.override("en"):
        assert selectors.unread_badge(bela) == "1 unread"

    services.mark_read(user=bela, conversation=pair)

    assert selectors.unread_conversations(bela) == 0
    assert selectors.unread_badge(bela) == ""
    # Unmuted, the muted one counts again.
    services.set_muted(user=bela, conversation=muted, muted=False)
    assert selectors.unread_conversations(bela) == 1


def test_a_left_conversation_is_not_counted():
    anna, bela, carl = member(), member(), member()
    group = start(anna, bela, carl, title="Gruppe")
    assert selectors.unread_conversations(bela) == 1

    services.leave(user=bela, conversation=group)

    assert selectors.unread_conversations(bela) == 0
    assert selectors.conversations_of(bela) == []


# --- The list of conversations ------------------------------------------------------------


def test_the_list_shows_the_latest_first_with_names_and_unread_counts():
    anna = member("anna", display_name="Anna Alt")
    bela = member("bela")
    carl = member("carl", display_name="Carl Clever")
    older = start(anna, bela, body="Eins")
    say(anna, older, "Zwei")
    group = start(carl, anna, bela, title="Garten")
    newer = start(carl, bela, body="Hallo")
    services.set_muted(user=bela, conversation=newer, muted=True)
    services.block(blocker=bela, blocked=carl)

    rows = selectors.conversations_of(bela)

    assert [row.conversation.pk for row in rows] == [newer.pk, group.pk, older.pk]
    by_pk = {row.conversation.pk: row for row in rows}
    assert by_pk[older.pk].names == ["Anna Alt"]
    assert by_pk[older.pk].unread == 2
    assert by_pk[group.pk].names == ["Carl Clever", "Anna Alt"]
    # Carl is blocked: his messages count for nothing.
    assert by_pk[group.pk].unread == 0
    assert by_pk[newer.pk].muted
    assert by_pk[newer.pk].last_message_at == newer.messages.get().created_at

    say(bela, older, "Drei")
    assert selectors.conversations_of(bela)[0].conversation.pk == older.pk
    assert selectors.conversations_of(bela)[0].unread == 0
    assert selectors.conversations_of(anna)[1].unread == 1


def test_the_list_costs_the_same_with_one_and_five_conversations(django_assert_num_queries: Any):
    bela = member(display_name="Bela")
    start(member(display_name="Erste"), bela)

    with CaptureQueriesContext(connection) as one:
        assert len(selectors.conversations_of(bela)) == 1

    start(member(), bela, member(display_name="Zweite"), title="Gruppe")
    for _ in range(3):
        other = member(display_name="Noch jemand")
        say(other, start(other, bela), "Und noch eine")

    with django_assert_num_queries(len(one.captured_queries)):
        rows = selectors.conversations_of(bela)
        names = [name for row in rows for name in row.names]
        assert len(rows) == 5
    assert "Zweite" in names
    assert len(one.captured_queries) <= 3


# --- A thread -----------------------------------------------------------------------------


def test_a_thread_comes_in_pages_oldest_first():
    anna, bela = member(), member()
    thread = start(anna, bela, body="Die allererste")
    made = [thread.messages.get(), *fill(thread, [anna, bela], selectors.PAGE + 4)]

    page, earlier = selectors.thread(thread, bela)

    assert [m.pk for m in page] == [m.pk for m in made[-selectors.PAGE :]]
    assert earlier
    assert page[0].sender_name == selectors.name_of(page[0].sender)  # type: ignore[attr-defined]

    before, more = selectors.thread(thread, bela, before=page[0].pk)

    assert [m.pk for m in before] == [m.pk for m in made[: -selectors.PAGE]]
    assert before[0].body == "Die allererste"
    assert not more


def test_a_thread_leaves_out_the_messages_of_people_the_reader_blocked():
    anna, bela, carl = member(), member(), member()
    group = start(anna, bela, carl, title="Gruppe")
    say(bela, group, "Von Bela")
    say(carl, group, "Von Carl")
    services.block(blocker=anna, blocked=carl)

    page, _earlier = selectors.thread(group, anna)
    assert [m.body for m in page] == ["Guten Tag!", "Von Bela"]
    page, _earlier = selectors.thread(group, bela)
    assert [m.body for m in page] == ["Guten Tag!", "Von Bela", "Von Carl"]


def test_since_gives_what_a_reconnecting_page_missed_in_order(settings: Any):
    anna, bela = member(), member()
    thread = start(anna, bela)
    first = thread.messages.get()
    missed = [say(anna, thread, f"Verpasst {n}") for n in range(3)]

    found, more = selectors.since(thread, bela, first.pk)

    assert [m.pk for m in found] == [m.pk for m in missed]
    assert not more
    assert selectors.since(thread, bela, missed[-1].pk) == ([], False)


def test_since_answers_in_portions(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(selectors, "CATCH_UP", 3)
    anna, bela = member(), member()
    thread = start(anna, bela)
    made = fill(thread, [anna], 5)

    found, more = selectors.since(thread, bela, 0)

    assert more
    assert [m.pk for m in found] == [thread.messages.first().pk, *[m.pk for m in made[:2]]]  # type: ignore[union-attr]


# --- What a reader's page gets ------------------------------------------------------------


def test_a_reader_gets_no_account_ids_and_only_their_own_client_ids():
    anna, bela = member(), member(display_name="Bela B.")
    thread = start(anna, bela)
    message = say(bela, thread, "Hallo", client_id="bela-tab-1")
    data = selectors.message_data(message)

    theirs = selectors.for_reader(data, anna.pk)
    mine = selectors.for_reader(data, bela.pk)

    assert theirs == {
        "id": message.pk,
        "conversation": thread.pk,
        "sender": "Bela B.",
        "body": "Hallo",
        "removed": False,
        "created_at": message.created_at.isoformat(),
        "mine": False,
    }
    assert mine["client_id"] == "bela-tab-1"
    assert mine["mine"] is True
    assert "sender_id" not in mine
    # The shared event is not changed for the next reader.
    assert data["sender_id"] == bela.pk


def test_names_follow_the_profiles_visibility():
    assert selectors.name_of(member("nur_name")) == "nur_name"
    assert selectors.name_of(member("mit_name", display_name="Mila M.")) == "Mila M."
    with translation.override("en"):
        assert selectors.name_of(None) == "deleted member"


# --- The hint -----------------------------------------------------------------------------


def test_the_hint_is_due_early_and_for_contact_details_only():
    anna, bela = member(), member()
    thread = start(anna, bela)
    contact = "Meine Nummer ist 0711 1234567"

    assert selectors.needs_hint(thread, contact)
    assert not selectors.needs_hint(thread, "Bis Samstag um 10 Uhr!")

    fill(thread, [anna, bela], safety.EARLY_MESSAGES - 2)
    assert thread.messages.count() == safety.EARLY_MESSAGES - 1
    assert selectors.needs_hint(thread, contact)

    say(anna, thread)
    assert not selectors.needs_hint(thread, contact)
