"""The chat across real processes (issue 14, "done when"): server processes of the ASGI
app (uvicorn) share the database and Redis as their channel layer; members are real
WebSocket clients signed in with real session cookies.

- A message sent through process A reaches a member whose page is served by process B.
- Redis stops while a member sends: the message is stored and the sender sees it; when
  Redis is back, the other member's reconnecting page catches up on it, once.

The fault test runs a redis-server of its own (the machine's shared Redis is never
stopped). Both need Redis, so they run in the services run; the database is whichever
the run uses (PostgreSQL there; SQLite's test file works as well), which the test and
both server processes open."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from gemeinwerk.accounts.models import User
from gemeinwerk.chat import services
from gemeinwerk.chat.models import Conversation, Message
from gemeinwerk.chat.tests.servers import (
    ChatPage,
    Closed,
    PrivateRedis,
    post_json,
    server_logs,
    servers,
    session_of,
)
from gemeinwerk.core.outage import CLOSE_TRY_AGAIN_LATER
from gemeinwerk.core.tests.outage_tools import Server
from gemeinwerk.groups.tests.factories import verified_member

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def members() -> tuple[User, User]:
    return verified_member(username="anna"), verified_member(username="bela")


@pytest.fixture
def conversation(members: tuple[User, User]) -> Conversation:
    anna, bela = members
    return services.start_conversation(
        starter=anna, others=[bela], body="Guten Tag, ich helfe gern.", client_id="anna-1"
    )


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    redis = PrivateRedis(tmp_path)
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()


def send(page: ChatPage, conversation: Conversation, client_id: str, body: str) -> None:
    page.send(
        {
            "type": "send",
            "conversation": conversation.pk,
            "client_id": client_id,
            "body": body,
            "confirmed": False,
        }
    )


BODIES = {
    "anna-2": "Ich bringe die Leiter mit.",
    "anna-3": "Und einen Hammer.",
    "anna-4": "Bis Dienstag!",
}


def post(
    server: Server, session: str, conversation: Conversation, client_id: str
) -> dict[str, Any]:
    """What the page does when its socket is down (chat.js `send`): the form, as JSON."""
    reply = post_json(
        server,
        session,
        f"/chat/{conversation.pk}/",
        {"body": BODIES[client_id], "client_id": client_id},
    )
    assert reply["status"] == "sent", reply
    return dict(reply["message"])


def test_a_message_sent_through_one_process_reaches_a_member_on_another(
    members: tuple[User, User], conversation: Conversation, tmp_path: Path
):
    anna, bela = members
    with servers(tmp_path, 2, redis_url=settings.REDIS_URL) as (process_a, process_b):
        anna_page = ChatPage(process_a, session_of(anna))
        bela_page = ChatPage(process_b, session_of(bela))
        try:
            # Welcomed: each connection is in its person's group, in Redis.
            anna_page.open()
            bela_page.open()
            send(anna_page, conversation, "anna-2", "Passt Ihnen Dienstag?")

            sent = anna_page.wait_for("sent", client_id="anna-2")
            live = bela_page.wait_for("message")
        except (AssertionError, Closed) as failure:
            raise AssertionError(f"{failure}\n{server_logs(tmp_path)}") from failure
        finally:
            anna_page.close()
            bela_page.close()

    stored = Message.objects.get(sender=anna, client_id="anna-2")
    assert sent["message"]["id"] == stored.pk
    assert sent["message"]["mine"] is True
    # Bela's page, served by the other process, got it live: as someone else's message,
    # without Anna's client id.
    assert live["message"]["id"] == stored.pk
    assert live["message"]["body"] == "Passt Ihnen Dienstag?"
    assert live["message"]["conversation"] == conversation.pk
    assert live["message"]["mine"] is False
    assert "client_id" not in live["message"]


def test_redis_stops_while_a_member_sends_nothing_is_lost_nothing_arrives_twice(
    members: tuple[User, User], conversation: Conversation, own_redis: PrivateRedis, tmp_path: Path
):
    anna, bela = members
    first = conversation.messages.get()
    anna_session, bela_session = session_of(anna), session_of(bela)
    with servers(tmp_path, 2, redis_url=own_redis.url) as (process_a, process_b):
        anna_page = ChatPage(process_a, anna_session)
        bela_page = ChatPage(process_b, bela_session)
        try:
            anna_page.open()
            bela_page.open()

            # Redis dies (killed, no clean shutdown) as Anna sends.
            own_redis.kill()
            # Either her connection answers before it notices the outage, or it is closed
            # first (before or after her message arrives); each happens, depending on what
            # the server process reads first.
            try:
                send(anna_page, conversation, "anna-2", BODIES["anna-2"])
                answered = anna_page.wait_for("sent", client_id="anna-2")["message"]
                anna_closed = anna_page.wait_closed()
            except Closed as closed:
                answered, anna_closed = None, closed.code
            bela_closed = bela_page.wait_closed()
            # A page that reconnects while Redis is away is told to try again later.
            with pytest.raises(Closed) as reconnecting:
                anna_page.open()
            # Its socket down, the page posts: the unanswered message with the same client
            # id (stored already or not), and the next one.
            if answered is None:
                answered = post(process_a, anna_session, conversation, "anna-2")
            posted = post(process_a, anna_session, conversation, "anna-3")
            stored_while_down = list(
                conversation.messages.values_list("client_id", flat=True).order_by("id")
            )

            own_redis.start()  # on the same port, empty
            # Bela's page comes back and asks for what came after the last message it had.
            bela_page.reopen()
            bela_page.send({"type": "since", "conversation": conversation.pk, "after": first.pk})
            caught_up = bela_page.wait_for("messages")
            # Anna's page comes back and sends again what it may not have seen confirmed:
            # the same client ids.
            anna_page.reopen()
            resent = []
            for client_id in ("anna-2", "anna-3"):
                send(anna_page, conversation, client_id, BODIES[client_id])
                resent.append(anna_page.wait_for("sent", client_id=client_id)["message"])
            anna_page.send({"type": "since", "conversation": conversation.pk, "after": first.pk})
            anna_caught_up = anna_page.wait_for("messages")
            # Live again, across the processes. A resend was never broadcast as new: the
            # next message Bela's page hears is this one.
            send(anna_page, conversation, "anna-4", BODIES["anna-4"])
            live = bela_page.wait_for("message")
        except (AssertionError, Closed) as failure:
            raise AssertionError(f"{failure}\n{server_logs(tmp_path)}") from failure
        finally:
            anna_page.close()
            bela_page.close()
        logs = server_logs(tmp_path)

    stored = {m.client_id: m for m in conversation.messages.all()}
    # Stored while Redis was down, and the sender's page saw it.
    assert stored_while_down == ["anna-1", "anna-2", "anna-3"]
    assert answered["id"] == stored["anna-2"].pk
    assert answered["body"] == BODIES["anna-2"]
    assert posted["id"] == stored["anna-3"].pk
    # The sockets were closed with "try again later", not dropped.
    assert anna_closed == bela_closed == reconnecting.value.code == CLOSE_TRY_AGAIN_LATER
    # Bela caught up on both, in order, once.
    assert [(m["id"], m["body"], m["mine"]) for m in caught_up["messages"]] == [
        (stored["anna-2"].pk, BODIES["anna-2"], False),
        (stored["anna-3"].pk, BODIES["anna-3"], False),
    ]
    assert caught_up["more"] is False
    # The resends found the stored messages; nothing was stored twice.
    assert [m["id"] for m in resent] == [stored["anna-2"].pk, stored["anna-3"].pk]
    assert [m["id"] for m in anna_caught_up["messages"]] == [
        stored["anna-2"].pk,
        stored["anna-3"].pk,
    ]
    assert live["message"]["id"] == stored["anna-4"].pk
    assert [f for f in bela_page.frames if f["type"] == "message"] == [live]
    assert list(conversation.messages.values_list("client_id", flat=True).order_by("id")) == [
        "anna-1",
        "anna-2",
        "anna-3",
        "anna-4",
    ]
    # The outage closed sockets with a code; no process logged a crash.
    assert "Traceback" not in logs, logs
