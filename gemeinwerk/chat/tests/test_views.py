"""The chat pages without JavaScript (views.py): a form posts and the page reloads; the
page's script asks for JSON instead. Every conversation URL answers a person who is not
in it as it answers for one that does not exist.

The members and conversations are built once for the module, in a transaction rolled
back at its end; each test runs in a savepoint of its own (as tests/matrix does)."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from gemeinwerk.accounts.models import TrustLevel, User
from gemeinwerk.accounts.tests.more_factories import make_user, signed_in, url
from gemeinwerk.chat import selectors, services
from gemeinwerk.chat.models import Block, Conversation, Message, Participant
from gemeinwerk.chat.tests.factories import cid, member, say, start
from gemeinwerk.moderation.models import Reason, Report

CONTACT = "Rufen Sie mich an: 0711 1234567"
HINT = "Your message seems to contain a phone number"
FAST_HASHING = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass(frozen=True)
class World:
    anna: User
    bela: User
    carl: User  # in no conversation of the others
    newbie: User  # not verified
    pair: Conversation  # Anna and Bela
    group: Conversation  # Anna, Bela and Dora
    from_bela: Message  # in the pair
    from_anna: Message  # in the pair

    def client(self, user: User) -> Client:
        return signed_in(user)


def build() -> dict[str, int]:
    anna = member("anna", display_name="Anna Alt")
    bela = member("bela", display_name="Bela Berg")
    carl = member("carl")
    dora = member("dora")
    newbie = make_user(username="neu", trust_level=TrustLevel.UNVERIFIED)
    pair = start(anna, bela, body="Guten Tag, Bela! Brauchen Sie Hilfe beim Einkaufen?")
    from_bela = say(bela, pair, "Ja, gern. Die Getränkekisten sind mir zu schwer.")
    from_anna = say(anna, pair, "Dann bringe ich sie am Samstag.")
    group = start(anna, bela, dora, title="Hoffest", body="Wer bringt Kuchen mit?")
    return {
        "anna": anna.pk,
        "bela": bela.pk,
        "carl": carl.pk,
        "newbie": newbie.pk,
        "pair": pair.pk,
        "group": group.pk,
        "from_bela": from_bela.pk,
        "from_anna": from_anna.pk,
    }


@pytest.fixture(scope="module")
def shared(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, int]]:
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHING),
        transaction.atomic(),
    ):
        yield build()
        transaction.set_rollback(True)


@pytest.fixture
def world(shared: dict[str, int], db: None) -> World:
    """Fresh copies for each test: permission checks keep what they learnt on the
    objects they are given."""
    users = User.objects.in_bulk([shared[name] for name in ("anna", "bela", "carl", "newbie")])
    return World(
        anna=users[shared["anna"]],
        bela=users[shared["bela"]],
        carl=users[shared["carl"]],
        newbie=users[shared["newbie"]],
        pair=Conversation.objects.get(pk=shared["pair"]),
        group=Conversation.objects.get(pk=shared["group"]),
        from_bela=Message.objects.get(pk=shared["from_bela"]),
        from_anna=Message.objects.get(pk=shared["from_anna"]),
    )


def page(client: Client, name: str, *args: Any) -> str:
    answer = client.get(url(name, *args))
    assert answer.status_code == 200, answer.status_code
    return answer.content.decode()


def latest(conversation: Conversation) -> str:
    return url("chat:conversation", conversation.pk) + "#latest"


# --- The list and a conversation ----------------------------------------------------------


def test_the_inbox_lists_the_conversations_with_their_people(world: World):
    html = page(world.client(world.bela), "chat:inbox")

    assert "Anna Alt" in html
    assert "Hoffest: Anna Alt, dora" in html
    assert url("chat:conversation", world.pair.pk) in html
    assert "1&nbsp;unread" in html  # the group's first message


def test_the_inbox_costs_the_same_with_one_and_five_conversations(
    world: World, django_assert_num_queries: Any
):
    carl = world.client(world.carl)
    start(member(), world.carl)
    carl.get(url("chat:inbox"))  # warm-up: the session, the site's caches
    with CaptureQueriesContext(connection) as one:
        assert carl.get(url("chat:inbox")).status_code == 200

    for _ in range(2):
        start(member(display_name="Noch jemand"), world.carl)
    start(world.carl, member(), member(), title="Gruppe")
    start(world.carl, world.anna)

    with django_assert_num_queries(len(one.captured_queries)):
        html = carl.get(url("chat:inbox")).content.decode()
    assert html.count(url("chat:inbox") + "blocked/") == 1
    assert len(selectors.conversations_of(world.carl)) == 5


def test_the_conversation_page_is_a_live_region_with_the_thread(world: World):
    html = page(world.client(world.bela), "chat:conversation", world.pair.pk)

    assert 'role="log"' in html
    assert "Conversation with Anna Alt" in html
    assert "Die Getränkekisten sind mir zu schwer." in html
    assert "Dann bringe ich sie am Samstag." in html
    assert 'name="client_id"' in html
    # Reading the page is not reading on the server: that is a POST.
    assert Participant.objects.get(user=world.bela, conversation=world.pair).last_read == (
        world.from_bela.pk
    )
    assert "Mark as read" in html


def test_an_unverified_member_has_no_chat(world: World):
    client = world.client(world.newbie)
    assert client.get(url("chat:inbox")).status_code == 403
    assert client.get(url("chat:start")).status_code == 403
    assert client.get(url("chat:conversation", world.pair.pk)).status_code == 403


def test_the_chat_needs_signing_in(world: World):
    answer = Client().get(url("chat:conversation", world.pair.pk))
    assert answer.status_code == 302
    assert "login" in answer["Location"]


# --- Sending without JavaScript -----------------------------------------------------------


def test_a_message_is_posted_and_the_page_reloads_at_the_latest(world: World):
    client = world.client(world.bela)
    form = {"body": "Samstag passt, danke!", "client_id": cid()}

    answer = client.post(url("chat:conversation", world.pair.pk), form)

    assert answer.status_code == 302
    assert answer["Location"] == latest(world.pair)
    assert world.pair.messages.last().body == "Samstag passt, danke!"  # type: ignore[union-attr]
    # The same page sent twice (a double click, a reload) stores it once.
    client.post(url("chat:conversation", world.pair.pk), form)
    assert world.pair.messages.filter(body="Samstag passt, danke!").count() == 1
    assert "Samstag passt, danke!" in page(client, "chat:conversation", world.pair.pk)


def test_contact_details_show_the_hint_first_then_send_when_confirmed(world: World):
    client = world.client(world.bela)
    client_id = cid()

    answer = client.post(
        url("chat:conversation", world.pair.pk), {"body": CONTACT, "client_id": client_id}
    )

    assert answer.status_code == 200
    html = answer.content.decode()
    assert HINT in html
    assert "Send anyway" in html
    assert client_id in html
    assert 'name="confirmed" value="True"' in html
    assert not world.pair.messages.filter(body=CONTACT).exists()

    answer = client.post(
        url("chat:conversation", world.pair.pk),
        {"body": CONTACT, "client_id": client_id, "confirmed": "True"},
    )

    assert answer.status_code == 302
    assert world.pair.messages.filter(body=CONTACT, client_id=client_id).count() == 1


def test_an_empty_message_shows_the_form_again(world: World):
    client = world.client(world.bela)
    answer = client.post(url("chat:conversation", world.pair.pk), {"body": "", "client_id": cid()})
    assert answer.status_code == 200
    assert world.pair.messages.count() == 3


def test_the_pages_script_gets_json_answers(world: World):
    client = world.client(world.bela)
    address = url("chat:conversation", world.pair.pk)
    json_please = {"accept": "application/json"}

    sent = client.post(address, {"body": "Per Skript", "client_id": "b-1"}, headers=json_please)
    hint = client.post(address, {"body": CONTACT, "client_id": "b-2"}, headers=json_please)
    error = client.post(address, {"body": "", "client_id": "b-3"}, headers=json_please)

    assert sent.status_code == 200
    data = sent.json()
    assert data["status"] == "sent"
    assert data["message"]["body"] == "Per Skript"
    assert data["message"]["client_id"] == "b-1"
    assert data["message"]["mine"] is True
    assert "sender_id" not in data["message"]
    assert hint.json() == {"status": "hint"}
    assert error.status_code == 400
    assert error.json()["status"] == "error"
    assert error.json()["error"]


def test_a_blocked_pair_shows_that_writing_is_over(world: World):
    services.block(blocker=world.anna, blocked=world.bela)
    client = world.client(world.bela)

    html = page(client, "chat:conversation", world.pair.pk)
    answer = client.post(
        url("chat:conversation", world.pair.pk),
        {"body": "Hallo?", "client_id": cid()},
        headers={"accept": "application/json"},
    )

    assert "You cannot write in this conversation any more." in html
    assert 'id="chat-form"' not in html
    assert answer.status_code == 400
    assert answer.json()["error"] == "You cannot write in this conversation."


# --- Reading, muting, leaving -------------------------------------------------------------


def test_mark_as_read_moves_the_mark(world: World):
    client = world.client(world.bela)

    answer = client.post(url("chat:read", world.pair.pk), {"up_to": str(world.from_anna.pk)})

    assert answer.status_code == 302
    assert answer["Location"] == latest(world.pair)
    place = Participant.objects.get(user=world.bela, conversation=world.pair)
    assert place.last_read == world.from_anna.pk
    assert not place.told
    assert client.get(url("chat:read", world.pair.pk)).status_code == 405

    json_answer = client.post(
        url("chat:read", world.group.pk), headers={"accept": "application/json"}
    )
    assert json_answer.json() == {"status": "read", "up_to": world.group.messages.get().pk}


def test_muting_and_unmuting(world: World):
    client = world.client(world.bela)

    assert client.post(url("chat:mute", world.pair.pk), {"muted": "yes"}).status_code == 302
    assert Participant.objects.get(user=world.bela, conversation=world.pair).muted
    html = page(client, "chat:conversation", world.pair.pk)
    assert "Turn notifications on again" in html

    client.post(url("chat:mute", world.pair.pk), {"muted": "no"})
    assert not Participant.objects.get(user=world.bela, conversation=world.pair).muted


def test_leaving_a_group_after_confirming(world: World):
    client = world.client(world.bela)

    assert "Leave this conversation" in page(client, "chat:leave", world.group.pk)
    answer = client.post(url("chat:leave", world.group.pk))

    assert answer.status_code == 302
    assert answer["Location"] == url("chat:inbox")
    assert Participant.objects.get(user=world.bela, conversation=world.group).left_at
    assert client.get(url("chat:conversation", world.group.pk)).status_code == 404
    # A one-to-one conversation is not left (but blocked).
    assert client.get(url("chat:leave", world.pair.pk)).status_code == 404
    assert client.post(url("chat:leave", world.pair.pk)).status_code == 404


# --- Reporting and blocking ---------------------------------------------------------------


def test_a_message_is_reported_from_its_conversation(world: World):
    client = world.client(world.bela)
    address = url("chat:report", world.pair.pk, world.from_anna.pk)

    html = page(client, "chat:report", world.pair.pk, world.from_anna.pk)
    assert "Dann bringe ich sie am Samstag." in html
    answer = client.post(address, {"reason": Reason.MONEY, "note": "Sie will Geld."})

    assert answer.status_code == 302
    report = Report.objects.get()
    assert (report.reporter, report.reported, report.snapshot) == (
        world.bela,
        world.anna,
        "Dann bringe ich sie am Samstag.",
    )
    again = client.post(address, {"reason": Reason.SPAM})
    assert again.status_code == 200
    assert "already reported" in again.content.decode()
    assert Report.objects.count() == 1


def test_own_messages_and_messages_of_other_conversations_cannot_be_reported(world: World):
    client = world.client(world.bela)
    own = url("chat:report", world.pair.pk, world.from_bela.pk)
    elsewhere = url("chat:report", world.group.pk, world.from_anna.pk)

    for address in (own, elsewhere):
        assert client.get(address).status_code == 404
        assert client.post(address, {"reason": Reason.SPAM}).status_code == 404
    assert not Report.objects.exists()


def test_blocking_and_unblocking_a_person(world: World):
    client = world.client(world.bela)
    block_page = url("chat:block", world.anna.public_id)

    html = page(client, "chat:block", world.anna.public_id)
    assert "Block Anna Alt?" in html
    answer = client.post(block_page)

    assert answer.status_code == 302
    assert answer["Location"] == url("chat:blocked")
    assert Block.objects.filter(blocker=world.bela, blocked=world.anna).exists()
    listed = page(client, "chat:blocked")
    assert "Anna Alt" in listed
    assert url("chat:unblock", world.anna.public_id) in listed

    assert client.post(url("chat:unblock", world.anna.public_id)).status_code == 302
    assert not Block.objects.exists()
    assert "You have not blocked anyone." in page(client, "chat:blocked")


def test_nobody_blocks_themselves_or_an_unknown_person(world: World):
    client = world.client(world.bela)
    assert client.post(url("chat:block", world.bela.public_id)).status_code == 404
    unknown = "00000000-0000-4000-8000-000000000000"
    assert client.post(url("chat:block", unknown)).status_code == 404
    assert not Block.objects.exists()


# --- Not for others -----------------------------------------------------------------------


def main_of(answer: Any) -> str:
    """What the page says (its address, nonce and token aside)."""
    found = re.search(r"<main.*</main>", answer.content.decode(), re.DOTALL)
    assert found is not None
    return found.group()


def conversation_requests(conversation_pk: int, message_pk: int) -> list[tuple[str, str, dict]]:
    message = {"body": "Hallo", "client_id": cid()}
    return [
        ("get", url("chat:conversation", conversation_pk), {}),
        ("post", url("chat:conversation", conversation_pk), message),
        ("post", url("chat:read", conversation_pk), {}),
        ("post", url("chat:mute", conversation_pk), {"muted": "yes"}),
        ("get", url("chat:leave", conversation_pk), {}),
        ("post", url("chat:leave", conversation_pk), {}),
        ("get", url("chat:report", conversation_pk, message_pk), {}),
        ("post", url("chat:report", conversation_pk, message_pk), {"reason": Reason.SPAM}),
    ]


def test_to_anyone_not_in_it_a_conversation_does_not_exist(world: World):
    carl = world.client(world.carl)
    missing = Conversation.objects.order_by("-pk").first().pk + 1000  # type: ignore[union-attr]
    before = (Message.objects.count(), Report.objects.count())

    for existing in (world.pair, world.group):
        for (method, address, data), (_m, missing_address, _d) in zip(
            conversation_requests(existing.pk, world.from_anna.pk),
            conversation_requests(missing, world.from_anna.pk),
            strict=True,
        ):
            answer = getattr(carl, method)(address, data)
            for_missing = getattr(carl, method)(missing_address, data)
            assert answer.status_code == for_missing.status_code == 404, address
            assert main_of(answer) == main_of(for_missing)

    assert (Message.objects.count(), Report.objects.count()) == before
    assert not Participant.objects.filter(user=world.carl).exists()


def test_who_left_is_not_in_it_any_more(world: World):
    services.leave(user=world.bela, conversation=world.group)
    bela = world.client(world.bela)
    for method, address, data in conversation_requests(world.group.pk, world.from_anna.pk):
        assert getattr(bela, method)(address, data).status_code == 404, address


# --- Starting a conversation --------------------------------------------------------------


def test_a_members_page_offers_a_message_to_verified_viewers_only(world: World):
    profile = url("members:detail", world.anna.public_id)
    write = url("chat:start") + f"?to={world.anna.public_id}"

    for_member = world.client(world.carl).get(profile).content.decode()
    for_newbie = world.client(world.newbie).get(profile)
    for_herself = world.client(world.anna).get(profile).content.decode()

    assert "Send a message" in for_member
    assert write in for_member
    assert for_newbie.status_code == 200
    assert "Send a message" not in for_newbie.content.decode()
    assert "Send a message" not in for_herself


def test_an_unverified_members_page_offers_no_message(world: World):
    html = world.client(world.carl).get(url("members:detail", world.newbie.public_id))
    assert "Send a message" not in html.content.decode()


def test_starting_from_a_members_page(world: World):
    client = world.client(world.carl)

    html = client.get(url("chat:start") + f"?to={world.anna.public_id}").content.decode()
    assert 'value="anna"' in html
    answer = client.post(
        url("chat:start"), {"people": "anna", "body": "Guten Tag, Anna!", "client_id": cid()}
    )

    conversation = Conversation.objects.get(pair=f"{world.anna.pk}:{world.carl.pk}")
    assert answer.status_code == 302
    assert answer["Location"] == latest(conversation)
    assert conversation.messages.get().body == "Guten Tag, Anna!"


def test_starting_a_group_by_user_names(world: World):
    client = world.client(world.carl)
    answer = client.post(
        url("chat:start"),
        {"people": "anna, BELA", "title": "Garten", "body": "Gießen?", "client_id": cid()},
    )

    conversation = Conversation.objects.get(title="Garten")
    assert answer.status_code == 302
    assert conversation.is_group
    assert set(conversation.participants.values_list("user__username", flat=True)) == {
        "anna",
        "bela",
        "carl",
    }


def test_starting_shows_the_hint_and_refusals_on_the_form(world: World):
    client = world.client(world.carl)
    client_id = cid()

    hinted = client.post(
        url("chat:start"), {"people": "anna", "body": CONTACT, "client_id": client_id}
    )
    html = hinted.content.decode()
    assert HINT in html
    # The form comes back once, with the message, set to send it this time.
    assert 'name="confirmed" value="True"' in html
    assert client_id in html
    assert "0711 1234567" in html
    assert not Conversation.objects.filter(started_by=world.carl).exists()
    sent = client.post(
        url("chat:start"),
        {"people": "anna", "body": CONTACT, "client_id": client_id, "confirmed": "True"},
    )
    assert sent.status_code == 302

    unknown = client.post(
        url("chat:start"), {"people": "niemand", "body": "Hallo", "client_id": cid()}
    )
    assert "there is no such member" in unknown.content.decode()
    unverified = client.post(
        url("chat:start"), {"people": "neu", "body": "Hallo", "client_id": cid()}
    )
    assert "neu cannot take part in conversations" in unverified.content.decode()
    services.block(blocker=world.bela, blocked=world.carl)
    blocked = client.post(
        url("chat:start"), {"people": "bela", "body": "Hallo", "client_id": cid()}
    )
    assert "You cannot start this conversation." in blocked.content.decode()
    assert Conversation.objects.filter(started_by=world.carl).count() == 1
