"""The chat's WebSocket (/ws/chat/) through the full ASGI app (origin check, session
cookie, router, consumer, channel layer): who gets in, messages in every open tab of
every member, the hint, resends that change nothing, catching up after a reconnect,
reading, and frames that break the protocol.

Each open page is a scripted page (sockets.py) with the member's real session cookie.
The data is made before the pages connect and is committed: the consumer reads it in
worker threads."""

import json
from collections.abc import Iterator
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.layers import channel_layers
from django.conf import settings
from django.test import Client
from django.urls import reverse

from gemeinwerk.accounts.models import TrustLevel, User
from gemeinwerk.chat import services
from gemeinwerk.chat.consumers import CLOSE_REFUSED, ChatConsumer
from gemeinwerk.chat.models import MESSAGE_MAX_LENGTH, Conversation, Message, Participant
from gemeinwerk.chat.tests.factories import make_user, member, say, session_cookie, start
from gemeinwerk.chat.tests.sockets import (
    CONTACT,
    TIMEOUT,
    Event,
    Pages,
    Person,
    person,
    run,
    sending,
    sent_to,
)
from gemeinwerk.core.consumers import CLOSE_POLICY_VIOLATION

# The consumer reads the data in worker threads: it must be committed.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _own_channel_layer() -> Iterator[None]:
    """A channel layer of the test's own: every test runs in a new event loop."""
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture
def pair() -> tuple[Person, Person, Conversation]:
    anna, bela = person("anna", display_name="Anna A."), person("bela")
    return anna, bela, start(anna.user, bela.user, body="Guten Tag, Bela!")


# --- Who gets in --------------------------------------------------------------------------


def test_only_verified_members_signed_in_on_our_own_pages_get_in():
    unverified = make_user(username="neu", trust_level=TrustLevel.UNVERIFIED)
    suspended = make_user(username="gesperrt", trust_level=TrustLevel.SUSPENDED)
    cookies = [session_cookie(unverified), session_cookie(suspended)]
    verified = session_cookie(member("anna"))

    async def scenario(pages: Pages) -> None:
        assert await pages.refused(None) == "not_signed_in"
        assert await pages.refused("not-a-session") == "not_signed_in"
        for cookie in cookies:
            assert await pages.refused(cookie) == "not_allowed"
        # Another site's page is refused at the door, whoever's cookie it sends along.
        tab = pages.tab(verified, headers=[(b"origin", b"https://evil.example")])
        connected, _ = await tab.ws.connect(timeout=TIMEOUT)
        assert not connected
        tab.done = True

    run(scenario)


def test_a_member_who_is_suspended_meanwhile_is_sent_away(
    pair: Any, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(ChatConsumer, "heartbeat_seconds", 0.1)
    anna, _bela, _chat = pair

    def suspend() -> None:
        User.objects.filter(pk=anna.pk).update(trust_level=TrustLevel.SUSPENDED)

    async def scenario(pages: Pages) -> None:
        tab = await pages.open(anna)
        await tab.send({"type": "ping"})
        assert await tab.expect("pong") == {"type": "pong"}
        await sync_to_async(suspend)()
        assert await tab.expect("refused") == {"type": "refused", "reason": "not_allowed"}
        assert await tab.next() == {"type": "closed", "code": CLOSE_REFUSED}

    run(scenario)


def test_signing_out_in_another_tab_stops_the_chat_at_once(pair: Any):
    """No waiting for the heartbeat: signing out tells the person's connections, and the
    one whose session it was closes; another device's page stays."""
    anna, _bela, _chat = pair
    other_device = session_cookie(anna.user)

    def sign_out() -> None:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = anna.cookie
        assert client.post(reverse("account_logout")).status_code == 302

    async def scenario(pages: Pages) -> None:
        tab = await pages.open(anna)
        elsewhere = pages.tab(other_device)
        assert await elsewhere.connect() == {"type": "welcome"}
        await sync_to_async(sign_out)()
        assert await tab.expect("refused") == {"type": "refused", "reason": "not_signed_in"}
        assert await tab.next() == {"type": "closed", "code": CLOSE_REFUSED}
        await elsewhere.send({"type": "ping"})
        assert await elsewhere.expect("pong") == {"type": "pong"}

    run(scenario)


# --- Messages live ------------------------------------------------------------------------


def test_a_message_reaches_every_tab_of_everyone_in_the_conversation(pair: Any):
    anna, bela, chat = pair
    stranger = person("carl")

    async def scenario(pages: Pages) -> None:
        anna_1, anna_2 = await pages.open(anna), await pages.open(anna)
        bela_tab = await pages.open(bela)
        outside = await pages.open(stranger)

        await anna_1.send(sending(chat, "anna-1", "Passt Ihnen Samstag?"))

        sent = await anna_1.expect("sent")
        assert sent["client_id"] == "anna-1"
        mine = sent["message"]
        assert mine["body"] == "Passt Ihnen Samstag?"
        assert mine["mine"] is True
        assert mine["client_id"] == "anna-1"
        assert "sender_id" not in mine

        other_tab = await anna_2.expect("message")
        assert other_tab["message"] == mine

        theirs = (await bela_tab.expect("message"))["message"]
        assert theirs["id"] == mine["id"]
        assert theirs["mine"] is False
        assert theirs["sender"] == "Anna A."
        assert theirs["conversation"] == chat.pk
        assert "client_id" not in theirs
        assert "sender_id" not in theirs

        assert await outside.messages() == []

    run(scenario)
    assert list(chat.messages.values_list("body", flat=True)) == [
        "Guten Tag, Bela!",
        "Passt Ihnen Samstag?",
    ]


def test_a_resend_stores_nothing_twice_and_sends_nothing_twice(pair: Any):
    anna, bela, chat = pair

    async def scenario(pages: Pages) -> None:
        anna_tab, bela_tab = await pages.open(anna), await pages.open(bela)

        await anna_tab.send(sending(chat, "anna-7", "Nur einmal"))
        first = await anna_tab.expect("sent")
        assert (await bela_tab.expect("message"))["message"]["id"] == first["message"]["id"]

        # The connection dropped before the answer came: the page sends again.
        await anna_tab.send(sending(chat, "anna-7", "Nur einmal"))
        again = await anna_tab.expect("sent")

        assert again["message"]["id"] == first["message"]["id"]
        assert (await anna_tab.expect("message"))["message"]["id"] == first["message"]["id"]
        assert await bela_tab.messages() == []
        assert await anna_tab.messages() == []

    run(scenario)
    assert Message.objects.filter(client_id="anna-7").count() == 1


def test_contact_details_early_get_the_hint_first_then_go_when_confirmed(pair: Any):
    anna, bela, chat = pair

    async def scenario(pages: Pages) -> None:
        anna_tab, bela_tab = await pages.open(anna), await pages.open(bela)

        await anna_tab.send(sending(chat, "anna-2", CONTACT))
        assert await anna_tab.expect("hint") == {"type": "hint", "client_id": "anna-2"}
        assert await bela_tab.messages() == []

        await anna_tab.send(sending(chat, "anna-2", CONTACT, confirmed=True))
        assert (await anna_tab.expect("sent"))["message"]["body"] == CONTACT
        assert (await bela_tab.expect("message"))["message"]["body"] == CONTACT

    run(scenario)
    assert chat.messages.filter(body=CONTACT).count() == 1


def test_a_refused_message_is_answered_with_the_reason(pair: Any):
    anna, bela, chat = pair
    services.block(blocker=bela.user, blocked=anna.user)

    async def scenario(pages: Pages) -> None:
        anna_tab, bela_tab = await pages.open(anna), await pages.open(bela)

        await anna_tab.send(sending(chat, "anna-3", "Hallo?"))

        answer = await anna_tab.expect("not_sent")
        assert answer == {
            "type": "not_sent",
            "client_id": "anna-3",
            "error": "You cannot write in this conversation.",
        }
        await anna_tab.send(sending(chat, "anna-3", "   "))
        assert (await anna_tab.expect("not_sent", sent_to("anna-3")))["error"]
        assert await bela_tab.messages() == []

    run(scenario)
    assert chat.messages.count() == 1


def test_a_blocked_persons_group_message_does_not_reach_the_blocker():
    anna, bela, carl = person("anna"), person("bela"), person("carl")
    group = start(anna.user, bela.user, carl.user, title="Hof")
    services.block(blocker=carl.user, blocked=anna.user)

    async def scenario(pages: Pages) -> None:
        anna_tab, bela_tab, carl_tab = [await pages.open(p) for p in (anna, bela, carl)]
        await anna_tab.send(sending(group, "anna-4", "Hallo zusammen"))
        await anna_tab.expect("sent")
        await anna_tab.expect("message")  # her own, in her own tab

        assert (await bela_tab.expect("message"))["message"]["body"] == "Hallo zusammen"
        assert await carl_tab.messages() == []

        # Nor does catching up bring it.
        await carl_tab.send({"type": "since", "conversation": group.pk, "after": 0})
        answer = await carl_tab.expect("messages")
        assert [m["body"] for m in answer["messages"]] == []

        await carl_tab.send(sending(group, "carl-1", "Ich bin auch da"))
        await carl_tab.expect("sent")
        assert (await anna_tab.expect("message"))["message"]["body"] == "Ich bin auch da"

    run(scenario)


# --- Catching up --------------------------------------------------------------------------


def test_a_reconnecting_page_gets_what_it_missed_in_order(pair: Any):
    anna, bela, chat = pair
    first = chat.messages.get()
    missed = [say(anna.user, chat, f"Verpasst {n}", client_id=f"anna-m{n}") for n in range(3)]

    async def scenario(pages: Pages) -> None:
        bela_tab = await pages.open(bela)
        await bela_tab.send({"type": "since", "conversation": chat.pk, "after": first.pk})

        answer = await bela_tab.expect("messages")
        assert answer["conversation"] == chat.pk
        assert answer["more"] is False
        assert [m["id"] for m in answer["messages"]] == [m.pk for m in missed]
        assert [m["body"] for m in answer["messages"]] == ["Verpasst 0", "Verpasst 1", "Verpasst 2"]
        assert all(m["mine"] is False and "client_id" not in m for m in answer["messages"])

        await bela_tab.send({"type": "since", "conversation": chat.pk, "after": missed[-1].pk})
        assert (await bela_tab.expect("messages"))["messages"] == []

        # The sender's own page matches what it sent by the client ids.
        anna_tab = await pages.open(anna)
        await anna_tab.send({"type": "since", "conversation": chat.pk, "after": first.pk})
        own = (await anna_tab.expect("messages"))["messages"]
        assert [m["client_id"] for m in own] == ["anna-m0", "anna-m1", "anna-m2"]
        assert all(m["mine"] for m in own)

    run(scenario)


# --- Reading ------------------------------------------------------------------------------


def test_reading_moves_the_mark_and_the_header_count_follows(pair: Any):
    anna, bela, chat = pair
    services.mark_read(user=bela.user, conversation=chat)

    async def scenario(pages: Pages) -> None:
        anna_tab, bela_tab = await pages.open(anna), await pages.open(bela)

        await anna_tab.send(sending(chat, "anna-5", "Neu für Bela"))
        message = (await bela_tab.expect("message"))["message"]
        unread = await bela_tab.expect("badges", lambda e: e["badges"]["chat:inbox"] != "")
        assert unread["badges"]["chat:inbox"] == "1 unread"

        await bela_tab.send({"type": "read", "conversation": chat.pk, "up_to": message["id"]})

        read = await bela_tab.expect("badges", lambda e: e["badges"]["chat:inbox"] == "")
        assert read["badges"]["chat:inbox"] == ""
        assert not [e for e in await bela_tab.drain() if e["type"] == "error"]

    run(scenario)
    me = Participant.objects.get(user=bela.user, conversation=chat)
    assert me.last_read == chat.messages.last().pk
    assert not me.told


# --- Not for others -----------------------------------------------------------------------


def test_someone_not_in_a_conversation_gets_the_answer_of_a_missing_one(pair: Any):
    _anna, bela, chat = pair
    carl = person("carl")
    missing = Conversation.objects.order_by("-pk").first().pk + 1000  # type: ignore[union-attr]

    async def scenario(pages: Pages) -> None:
        carl_tab, bela_tab = await pages.open(carl), await pages.open(bela)
        answers = []
        for pk in (chat.pk, missing):
            target = Conversation(pk=pk)
            await carl_tab.send(sending(target, f"carl-{pk}", "Hallo"))
            sent = await carl_tab.expect("not_sent")
            sent.pop("client_id")
            await carl_tab.send({"type": "since", "conversation": pk, "after": 0})
            since = await carl_tab.expect("error")
            await carl_tab.send({"type": "read", "conversation": pk, "up_to": 0})
            read = await carl_tab.expect("error")
            answers.append((sent, since, read))

        assert answers[0] == answers[1]
        assert answers[0] == (
            {"type": "not_sent", "error": "not_found"},
            {"type": "error", "error": "not_found"},
            {"type": "error", "error": "not_found"},
        )
        assert await bela_tab.messages() == []

    run(scenario)
    assert chat.messages.count() == 1


def test_who_left_a_group_hears_nothing_more_of_it():
    anna, bela, carl = person("anna"), person("bela"), person("carl")
    group = start(anna.user, bela.user, carl.user, title="Hof")

    async def scenario(pages: Pages) -> None:
        anna_tab, bela_tab = await pages.open(anna), await pages.open(bela)
        await sync_to_async(services.leave)(user=bela.user, conversation=group)
        assert await bela_tab.expect("left") == {"type": "left", "conversation": group.pk}

        await anna_tab.send(sending(group, "anna-6", "Schade"))
        await anna_tab.expect("sent")
        assert await bela_tab.messages() == []
        await bela_tab.send({"type": "since", "conversation": group.pk, "after": 0})
        assert await bela_tab.expect("error") == {"type": "error", "error": "not_found"}

    run(scenario)


# --- Frames that break the protocol -------------------------------------------------------


def test_bad_frames_get_error_codes(pair: Any):
    anna, _bela, chat = pair
    good = sending(chat, "anna-x", "Hallo")

    async def scenario(pages: Pages) -> None:
        tab = await pages.open(anna)
        assert await tab.error("not json") == "not_json"
        assert await tab.error("[1, 2]") == "no_type"
        assert await tab.error({"kind": "send"}) == "no_type"
        assert await tab.error({"type": "shout"}) == "unknown_type"
        assert await tab.error({**good, "body": 5}) == "bad_body"
        assert await tab.error({**good, "body": "x" * (MESSAGE_MAX_LENGTH + 1)}) == "bad_body"
        assert await tab.error({**good, "client_id": ""}) == "bad_client_id"
        assert await tab.error({**good, "client_id": "x" * 65}) == "bad_client_id"
        assert await tab.error({**good, "client_id": 7}) == "bad_client_id"
        assert await tab.error({**good, "conversation": str(chat.pk)}) == "bad_conversation"
        assert await tab.error({**good, "conversation": True}) == "bad_conversation"
        assert await tab.error({**good, "conversation": -1}) == "bad_conversation"
        since = {"type": "since", "conversation": chat.pk, "after": -1}
        assert await tab.error(since) == "bad_after"
        read = {"type": "read", "conversation": chat.pk, "up_to": "3"}
        assert await tab.error(read) == "bad_up_to"
        await tab.ws.send_to(bytes_data=b"\x00\x01")
        assert (await tab.expect("error"))["error"] == "not_text"

        # Still serving after all that.
        await tab.send(good)
        assert (await tab.expect("sent"))["client_id"] == "anna-x"
        await tab.expect("message")  # its own, live

        await tab.ws.send_to(text_data=json.dumps({**good, "body": "x" * 17_000}))
        assert await tab.next() == {"type": "closed", "code": CLOSE_POLICY_VIOLATION}

    run(scenario)
    assert chat.messages.count() == 2


def test_sending_is_rate_limited(pair: Any, monkeypatch: pytest.MonkeyPatch):
    # Sending has a slower bucket than the other messages. Here it barely refills, so
    # that a slow machine (which stores each message more slowly than the bucket
    # refills) cannot make the test pass or fail by its pace.
    assert ChatConsumer.type_limits["send"][1] < ChatConsumer.rate
    burst = 3
    monkeypatch.setattr(ChatConsumer, "type_limits", {"send": (burst, 0.001)})
    anna, _bela, chat = pair

    async def scenario(pages: Pages) -> None:
        tab = await pages.open(anna)
        for number in range(burst + 2):
            await tab.send(sending(chat, f"anna-r{number}", f"Nachricht {number}"))
        events: list[Event] = []
        while len(events) < burst + 2:
            event = await tab.next()
            if event["type"] in ("sent", "error"):
                events.append(event)
        assert [e["type"] for e in events] == ["sent"] * burst + ["error"] * 2
        assert events[-1] == {"type": "error", "error": "too_many"}
        # Reading is not sending: it still works.
        await tab.send({"type": "since", "conversation": chat.pk, "after": 0})
        assert len((await tab.expect("messages"))["messages"]) == 1 + burst

    run(scenario)
    assert chat.messages.count() == 1 + burst
