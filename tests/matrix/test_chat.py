"""The chat: a member's conversations (/chat/), starting one, reading, muting, leaving,
reporting a message (a report of moderation's, whose staff console is
tests/matrix/test_moderation.py) and blocking a person.

The world has no conversation: the fixture below writes, once for this module (in a
savepoint of the package's world, rolled back when the module is done), a member who
is no role of the matrix ("partner") and
- a one-to-one conversation of "verified" and "partner" (`PAIR`), in which "partner"'s
  last message is unread for "verified" and already reported by "verified";
- a group conversation of "partner", "verified" and "other_member" (`GROUP`), with a
  message of "other_member" that "partner" reported and staff decided on (both reports
  moderation's);
- a block: "verified" blocked "host_other".
The paths look them up by fixed names.

Who may what (chat/rules.py): verified members chat (staff, coordinators and admins
are verified members too; unverified and suspended accounts are refused); a
conversation exists only for the people in it, so for everyone else its pages are "not
found", the same answer as for a conversation that does not exist.
"""

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from gemeinwerk.accounts.models import TrustLevel, User
from gemeinwerk.accounts.tests.factories import UserFactory
from gemeinwerk.chat.models import Block, Conversation, Message, Participant
from gemeinwerk.moderation.models import Decision, Reason, Report
from tests.matrix.cases import Case, Matrix, check, params, signed_in
from tests.matrix.world import ALL, ROLES, World, sign_in

PARTNER = "partner"  # verified, no role of the matrix: writes with "verified"
PAIR = "Fahrrad leihen"  # what the one-to-one conversation is about
GROUP = "Gartentag"  # the group conversation's title
MISSING = 999999  # no conversation, message or report has this id
NOBODY = "00000000-0000-4000-8000-000000000000"  # no member's public id

# The people in each conversation, among the roles of the matrix.
IN_PAIR = ("verified",)
IN_GROUP = ("verified", "other_member")


def _build(world: World) -> None:
    users = world.users
    verified, other = users["verified"], users["other_member"]
    partner = UserFactory.create(username=PARTNER, trust_level=TrustLevel.VERIFIED)
    now = timezone.now()
    low, high = sorted((verified.pk, partner.pk))
    pair, group = Conversation.objects.bulk_create(
        [
            Conversation(
                about=PAIR, started_by=verified, pair=f"{low}:{high}", last_message_at=now
            ),
            Conversation(
                is_group=True, title=GROUP, about=GROUP, started_by=partner, last_message_at=now
            ),
        ]
    )
    mine, theirs, in_group, others = Message.objects.bulk_create(
        [
            Message(conversation=pair, sender=verified, client_id="pair-verified", body="Hallo!"),
            Message(conversation=pair, sender=partner, client_id="pair-partner", body="Gern."),
            Message(conversation=group, sender=partner, client_id="group-partner", body="Spaten?"),
            Message(conversation=group, sender=other, client_id="group-other", body="Ich!"),
        ]
    )
    Participant.objects.bulk_create(
        [
            # "partner"'s answer is unread for "verified".
            Participant(conversation=pair, user=verified, last_read=mine.pk),
            Participant(conversation=pair, user=partner, last_read=theirs.pk),
            Participant(conversation=group, user=partner, last_read=in_group.pk),
            Participant(conversation=group, user=verified),
            Participant(conversation=group, user=other, last_read=others.pk),
        ]
    )
    Block.objects.create(blocker=verified, blocked=users["host_other"])
    Report.objects.bulk_create(
        [
            Report(
                kind="chat.message",
                object_id=theirs.pk,
                reporter=verified,
                reported=partner,
                reason=Reason.MONEY,
                snapshot=theirs.body,
            ),
            Report(
                kind="chat.message",
                object_id=others.pk,
                reporter=partner,
                reported=other,
                reason=Reason.SPAM,
                snapshot=others.body,
                decided_at=now,
                decided_by=users["staff"],
                decision=Decision.DISMISSED,
            ),
        ]
    )


@pytest.fixture(scope="module", autouse=True)
def chats(shared_world: World, django_db_blocker: Any) -> Iterator[None]:
    """The chat's objects, written once for the module in a savepoint of the package's
    world; each case's own savepoint inside it rolls back what the case changed."""
    with django_db_blocker.unblock(), transaction.atomic():
        _build(shared_world)
        yield
        transaction.set_rollback(True)


# --- The objects, looked up by their fixed names -----------------------------------------


def pair_pk() -> int:
    return Conversation.objects.values_list("pk", flat=True).get(about=PAIR)


def group_pk() -> int:
    return Conversation.objects.values_list("pk", flat=True).get(about=GROUP)


def message_pk(client_id: str) -> int:
    return Message.objects.values_list("pk", flat=True).get(client_id=client_id)


def public_id(username: str) -> str:
    return str(User.objects.values_list("public_id", flat=True).get(username=username))


def pair(tail: str = "") -> Callable[[World], str]:
    return lambda w: f"/chat/{pair_pk()}/{tail}"


def group(tail: str = "") -> Callable[[World], str]:
    return lambda w: f"/chat/{group_pk()}/{tail}"


def report_page(conversation: Callable[[], int], client_id: str) -> Callable[[World], str]:
    return lambda w: f"/chat/{conversation()}/messages/{message_pk(client_id)}/report/"


def block_page(username: str) -> Callable[[World], str]:
    return lambda w: f"/chat/block/{public_id(username)}/"


# --- Form data -----------------------------------------------------------------------------


def message(body: str = "Danke, bis morgen!") -> dict[str, Any]:
    return {"body": body, "client_id": "matrix-message"}


def start(people: str, body: str = "Guten Tag!") -> dict[str, Any]:
    return {"people": people, "title": "", "body": body, "client_id": "matrix-start"}


# Looks like a phone number: early in a conversation the page asks first.
CONTACT_DETAILS = "Rufen Sie mich an: 0711 1234567"


# --- Who gets what -------------------------------------------------------------------------

# Accounts that may not chat: not verified yet, or suspended.
MAY_NOT_CHAT = {"unverified": 403, "suspended_staff": 403}


def chatting(status: int, **overrides: int) -> dict[str, int]:
    """Pages of one's own chat: verified members (staff too) get `status`; accounts that
    may not chat are refused; anonymous visitors sign in first."""
    return signed_in(status) | MAY_NOT_CHAT | overrides


def inside(
    status: int, people: Iterable[str], *, asks_may_chat: bool = False, **overrides: int
) -> dict[str, int]:
    """A conversation's pages: its `people` get `status`, for everyone else signed in it
    does not exist (404). Pages that first ask whether the person may chat at all refuse
    accounts that may not (403) before they look for the conversation."""
    refused = MAY_NOT_CHAT if asks_may_chat else {}
    return signed_in(404) | refused | dict.fromkeys(people, status) | overrides


def everyone_but(*roles: str) -> tuple[str, ...]:
    return tuple(role for role in ROLES if role not in roles)


MATRIX: Matrix = {
    # --- One's own chat ---------------------------------------------------------------------
    "chat:inbox": [Case("/chat/", expected=chatting(200))],
    "chat:start": [
        Case("/chat/new/", expected=chatting(200)),
        # "verified" writes in the conversation with "partner" that exists; everyone else
        # starts one.
        Case("/chat/new/", "post", start(PARTNER), expected=chatting(302)),
        # Not to oneself; not between people one of whom blocked the other.
        Case(
            "/chat/new/",
            "post",
            start("verified"),
            expected=chatting(302, verified=200, host_other=200),
            unchanged=("verified", "host_other"),
        ),
        # Unverified members take part in no conversation.
        Case("/chat/new/", "post", start("unverified"), expected=chatting(200), unchanged=ALL),
        # What looks like contact details: the page asks before it sends.
        Case(
            "/chat/new/",
            "post",
            start(PARTNER, CONTACT_DETAILS),
            expected=chatting(200),
            unchanged=ALL,
        ),
    ],
    "chat:blocked": [Case("/chat/blocked/", expected=chatting(200))],
    "chat:block": [
        Case(block_page(PARTNER), expected=chatting(200)),
        Case(block_page(PARTNER), "post", expected=chatting(302)),
        # Nobody blocks themselves.
        Case(block_page("verified"), "post", expected=chatting(302, verified=404)),
        Case(f"/chat/block/{NOBODY}/", expected=chatting(404)),
    ],
    # Only "verified" blocked "host_other": for everyone else nothing changes.
    "chat:unblock": [
        Case(
            lambda w: f"/chat/unblock/{public_id('host_other')}/",
            "post",
            expected=chatting(302),
            unchanged=everyone_but("verified"),
        ),
        Case(f"/chat/unblock/{NOBODY}/", "post", expected=chatting(404)),
    ],
    # --- A conversation: for the people in it only --------------------------------------------
    "chat:conversation": [
        Case(pair(), expected=inside(200, IN_PAIR, asks_may_chat=True)),
        Case(group(), expected=inside(200, IN_GROUP, asks_may_chat=True)),
        Case(f"/chat/{MISSING}/", expected=inside(404, (), asks_may_chat=True)),
        Case(pair(), "post", message(), expected=inside(302, IN_PAIR, asks_may_chat=True)),
        Case(group(), "post", message(), expected=inside(302, IN_GROUP, asks_may_chat=True)),
        # Nothing written: the page comes back with the error.
        Case(
            pair(),
            "post",
            message(""),
            expected=inside(200, IN_PAIR, asks_may_chat=True),
            unchanged=ALL,
        ),
        # Contact details early in a conversation: the page asks first.
        Case(
            pair(),
            "post",
            message(CONTACT_DETAILS),
            expected=inside(200, IN_PAIR, asks_may_chat=True),
            unchanged=ALL,
        ),
    ],
    "chat:read": [Case(pair("read/"), "post", expected=inside(302, IN_PAIR))],
    "chat:mute": [
        Case(pair("mute/"), "post", {"muted": "yes"}, expected=inside(302, IN_PAIR)),
        Case(group("mute/"), "post", {"muted": "yes"}, expected=inside(302, IN_GROUP)),
    ],
    # Only a group conversation can be left.
    "chat:leave": [
        Case(group("leave/"), expected=inside(200, IN_GROUP)),
        Case(group("leave/"), "post", expected=inside(302, IN_GROUP)),
        Case(pair("leave/"), "post", expected=inside(404, ())),
    ],
    # Another person's message, in a conversation one is in.
    "chat:report": [
        Case(report_page(pair_pk, "pair-partner"), expected=inside(200, IN_PAIR)),
        Case(
            report_page(group_pk, "group-partner"),
            "post",
            {"reason": "spam", "note": ""},
            expected=inside(302, IN_GROUP),
        ),
        # One's own message: "other_member" does not report it.
        Case(
            report_page(group_pk, "group-other"),
            "post",
            {"reason": "spam", "note": ""},
            expected=inside(302, IN_GROUP, other_member=404),
        ),
        # Reported already: the form says so.
        Case(
            report_page(pair_pk, "pair-partner"),
            "post",
            {"reason": "threat", "note": ""},
            expected=inside(200, IN_PAIR),
            unchanged=ALL,
        ),
        # A message of another conversation is not found under this one.
        Case(report_page(pair_pk, "group-partner"), expected=inside(404, ())),
    ],
}


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "name", "index"), params(MATRIX))
def test_route_answers_each_role_as_expected(world: World, role: str, name: str, index: int):
    check(world, role, MATRIX[name][index])


def same_page(content: bytes, pk: int) -> str:
    """The page without what differs from request to request: the path, the nonces and
    the CSRF tokens."""
    page = content.decode().replace(f"/chat/{pk}/", "/chat/<pk>/")
    page = re.sub(r'(nonce|value)="[^"]*"', r'\1=""', page)
    return re.sub(r'"X-CSRFToken": "[^"]*"', '"X-CSRFToken": ""', page)


@pytest.mark.django_db
def test_a_conversation_one_is_not_in_looks_like_one_that_does_not_exist(world: World):
    client = Client()
    sign_in(client, world, "other_member")
    there, missing = pair_pk(), MISSING

    for tail in ("", "read/", "leave/"):
        method = client.get if tail != "read/" else client.post
        found = method(f"/chat/{there}/{tail}")
        not_found = method(f"/chat/{missing}/{tail}")

        assert found.status_code == not_found.status_code == 404
        assert same_page(found.content, there) == same_page(not_found.content, missing), tail
