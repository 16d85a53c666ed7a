"""Responses (services/responses.py and their buttons): a verified member answers a
visible listing of someone else once, which opens their conversation in the chat with
the message as its first message; the owner accepts or declines; both mark the help
done; either side ends it kindly without giving a reason. The buttons also sit on the
chat's conversation page (panels.py), and bring the reader back only to this site."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from gemeinwerk.accounts.models import TrustLevel
from gemeinwerk.accounts.tests.more_factories import make_user, signed_in, url
from gemeinwerk.chat.models import Conversation, Message
from gemeinwerk.market.models import Response, ResponseStatus
from gemeinwerk.market.services import listings, responses
from gemeinwerk.market.tests.factories import agreement, listing, member, response
from gemeinwerk.notifications.models import Notification

pytestmark = pytest.mark.django_db

MESSAGE = "Guten Tag, ich wohne zwei Straßen weiter und helfe gern am Samstag."


def told(user: Any, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=kind))


def act(client: Client, answer: Response, action: str, **extra: str) -> Any:
    return client.post(url("market:response", answer.pk), {"action": action, **extra})


# --- Responding ---------------------------------------------------------------------------------


def test_responding_opens_the_conversation_with_the_owner_and_tells_them():
    item = listing(member(), title="Getränkekisten tragen")
    helper = member()
    client = signed_in(helper)
    html = client.get(url("market:listing", item.pk)).content.decode()
    assert url("market:respond", item.pk) in html

    answer = client.post(url("market:respond", item.pk), {"message": f"  {MESSAGE}  "})

    made = Response.objects.get()
    assert (made.listing, made.responder, made.status) == (item, helper, ResponseStatus.OPEN)
    assert made.message == MESSAGE
    chat = made.conversation
    assert chat is not None
    assert answer.status_code == 302
    assert answer["Location"] == url("chat:conversation", chat.pk)
    assert chat.about == "Getränkekisten tragen"
    assert not chat.is_group
    assert set(chat.participants.values_list("user_id", flat=True)) == {helper.pk, item.owner_id}
    (first,) = Message.objects.filter(conversation=chat)
    assert (first.sender, first.body) == (helper, MESSAGE)
    (note,) = told(item.owner, "market.new_response")
    assert note.params == {"title": "Getränkekisten tragen"}
    assert note.path == url("market:listing", item.pk)
    # The page shows the responder their response instead of the form.
    again = client.get(url("market:listing", item.pk)).content.decode()
    assert "Your response" in again
    assert 'name="message"' not in again


def test_a_response_continues_the_thread_two_people_already_have():
    first = listing(member())
    helper = member()
    earlier = response(first, helper)
    second = listing(first.owner, title="Noch etwas")

    later = response(second, helper, "Da helfe ich auch.")

    assert later.conversation_id == earlier.conversation_id
    assert Conversation.objects.count() == 1
    assert later.conversation.messages.count() == 2  # type: ignore[union-attr]


def test_an_empty_message_is_refused():
    item = listing(member())
    client = signed_in(member())

    answer = client.post(url("market:respond", item.pk), {"message": "   "})

    assert answer.status_code == 200
    assert "This field is required." in answer.content.decode()
    with pytest.raises(ValidationError, match="Please write a few words"):
        responses.respond(responder=member(), listing=item, message="  \n ")
    assert not Response.objects.exists()
    assert not Conversation.objects.exists()


def test_a_member_responds_once():
    item = listing(member())
    helper = member()
    response(item, helper)

    with pytest.raises(ValidationError, match="already responded"):
        response(item, helper, "Noch einmal")
    client = signed_in(helper)
    answer = client.post(url("market:respond", item.pk), {"message": "Noch einmal"})

    # Back to the listing, told why; it shows the response there is, not a second form.
    assert answer.status_code == 302
    page = client.get(answer["Location"]).content.decode()
    assert "You have already responded to this listing." in page
    assert "Your response" in page
    assert Response.objects.count() == 1
    assert Message.objects.count() == 1


@pytest.mark.parametrize("who", ["owner", "unverified", "suspended"])
def test_owners_and_unverified_members_cannot_respond(who: str):
    item = listing(member())
    person = {
        "owner": lambda: item.owner,
        "unverified": lambda: make_user(trust_level=TrustLevel.UNVERIFIED),
        "suspended": lambda: make_user(trust_level=TrustLevel.SUSPENDED),
    }[who]()

    with pytest.raises(PermissionDenied):
        response(item, person)
    client = signed_in(person)
    assert client.post(url("market:respond", item.pk), {"message": MESSAGE}).status_code == 403
    assert (
        url("market:respond", item.pk)
        not in client.get(url("market:listing", item.pk)).content.decode()
    )
    assert not Response.objects.exists()


@pytest.mark.parametrize("state", ["paused", "draft", "hidden", "closed"])
def test_only_visible_listings_take_responses(state: str):
    item = listing(member(), publish=state != "draft")
    if state == "paused":
        listings.pause(user=item.owner, listing=item)
    elif state == "hidden":
        listings.hide(item, member())
    elif state == "closed":
        listings.close(user=item.owner, listing=item, fulfilled=True)
    item.refresh_from_db()

    with pytest.raises(PermissionDenied):
        response(item)
    answer = signed_in(member()).post(url("market:respond", item.pk), {"message": MESSAGE})
    assert answer.status_code == 404
    assert not Response.objects.exists()


def test_responding_needs_signing_in():
    item = listing(member())
    answer = Client().post(url("market:respond", item.pk), {"message": MESSAGE})
    assert answer.status_code == 302
    assert "login" in answer["Location"]
    html = Client().get(url("market:listing", item.pk)).content.decode()
    assert "Sign in to respond." in html


# --- Deciding --------------------------------------------------------------------------------


def test_the_owner_accepts_and_the_responder_is_told():
    item = listing(member())
    answer = response(item)

    reply = act(signed_in(item.owner), answer, "accept")

    assert reply.status_code == 302
    assert reply["Location"] == url("market:listing", item.pk)
    answer.refresh_from_db()
    assert answer.status == ResponseStatus.ACCEPTED
    assert answer.decided_at is not None
    (note,) = told(answer.responder, "market.response_decided")
    assert note.params == {"title": item.title, "accepted": True}


def test_the_owner_declines_and_the_responder_is_told():
    item = listing(member())
    answer = response(item)

    act(signed_in(item.owner), answer, "decline")

    answer.refresh_from_db()
    assert answer.status == ResponseStatus.DECLINED
    (note,) = told(answer.responder, "market.response_decided")
    assert note.params["accepted"] is False


def test_only_the_owner_decides_and_only_once():
    item = listing(member())
    answer = response(item)
    stranger = member()

    # The responder cannot accept their own response (told so, nothing changes); a
    # stranger does not see it.
    responder = signed_in(answer.responder)
    refused = act(responder, answer, "accept")
    assert refused.status_code == 302
    assert "no longer possible" in responder.get(refused["Location"]).content.decode()
    assert act(signed_in(stranger), answer, "accept").status_code == 404
    with pytest.raises(PermissionDenied):
        responses.decide(owner=answer.responder, response=answer, accept=True)
    answer.refresh_from_db()
    assert answer.status == ResponseStatus.OPEN

    responses.decide(owner=item.owner, response=answer, accept=False)
    # A page from before (the object as it was) meets the answer given under the lock...
    with pytest.raises(ValidationError, match="answered already"):
        responses.decide(owner=item.owner, response=answer, accept=True)
    # ...a fresh one the rule.
    answer.refresh_from_db()
    with pytest.raises(PermissionDenied):
        responses.decide(owner=item.owner, response=answer, accept=True)
    assert answer.status == ResponseStatus.DECLINED
    assert len(told(answer.responder, "market.response_decided")) == 1


# --- Done and ended ----------------------------------------------------------------------------


def test_the_help_is_done_when_both_sides_say_so():
    agreed = agreement()
    owner, helper = agreed.listing.owner, agreed.responder

    act(signed_in(helper), agreed, "done")
    agreed.refresh_from_db()
    assert agreed.status == ResponseStatus.ACCEPTED
    assert agreed.responder_done_at is not None
    assert agreed.owner_done_at is None
    html = signed_in(helper).get(url("market:listing", agreed.listing_id)).content.decode()
    assert "You marked it done; waiting for the other side." in html
    # Saying it twice changes nothing.
    responses.mark_done(user=helper, response=agreed)

    act(signed_in(owner), agreed, "done")

    agreed.refresh_from_db()
    assert agreed.status == ResponseStatus.DONE
    assert agreed.owner_done_at is not None
    # Done is done: neither marks nor ends it again.
    with pytest.raises(PermissionDenied):
        responses.mark_done(user=owner, response=agreed)
    with pytest.raises(PermissionDenied):
        responses.end(user=owner, response=agreed)


def test_an_open_response_cannot_be_marked_done():
    answer = response(listing(member()))
    with pytest.raises(PermissionDenied):
        responses.mark_done(user=answer.responder, response=answer)


@pytest.mark.parametrize("side", ["owner", "responder"])
def test_either_side_ends_kindly_and_the_other_is_told(side: str):
    agreed = agreement()
    owner, helper = agreed.listing.owner, agreed.responder
    ender, other = (owner, helper) if side == "owner" else (helper, owner)

    # Nothing but the button: no reason is asked.
    reply = act(signed_in(ender), agreed, "end")

    assert reply.status_code == 302
    agreed.refresh_from_db()
    assert (agreed.status, agreed.ended_by) == (ResponseStatus.ENDED, side)
    assert agreed.ended_at is not None
    (note,) = told(other, "market.response_ended")
    assert note.params == {"title": agreed.listing.title}
    assert told(ender, "market.response_ended") == []
    # Kindly: the note names the listing, never who ended it or why.
    assert ender.username not in str(note.params)


def test_a_waiting_response_may_be_ended_by_its_author():
    answer = response(listing(member()))
    responses.end(user=answer.responder, response=answer)
    answer.refresh_from_db()
    assert (answer.status, answer.ended_by) == (ResponseStatus.ENDED, "responder")
    assert len(told(answer.listing.owner, "market.response_ended")) == 1


def test_an_unknown_action_changes_nothing():
    answer = response(listing(member()))
    reply = act(signed_in(answer.listing.owner), answer, "delete")
    assert reply.status_code == 302
    answer.refresh_from_db()
    assert answer.status == ResponseStatus.OPEN


# --- The chat's panel and the way back ---------------------------------------------------------


def test_the_conversation_page_shows_the_agreement_with_the_owners_buttons():
    item = listing(member(), title="Fenster putzen")
    answer = response(item)
    chat = answer.conversation
    assert chat is not None

    for_owner = signed_in(item.owner).get(url("chat:conversation", chat.pk)).content.decode()
    for_helper = signed_in(answer.responder).get(url("chat:conversation", chat.pk))

    assert "Neighbourhood help in this conversation" in for_owner
    assert "Fenster putzen" in for_owner
    assert 'value="accept"' in for_owner
    assert 'value="decline"' in for_owner
    assert f'name="next" value="{url("chat:conversation", chat.pk)}"' in for_owner
    helper_html = for_helper.content.decode()
    assert "Fenster putzen" in helper_html
    assert 'value="accept"' not in helper_html
    assert 'value="end"' in helper_html
    # Accepted from the chat, the owner comes back to the chat.
    reply = act(signed_in(item.owner), answer, "accept", next=url("chat:conversation", chat.pk))
    assert reply["Location"] == url("chat:conversation", chat.pk)
    after = signed_in(answer.responder).get(url("chat:conversation", chat.pk)).content.decode()
    assert 'value="done"' in after
    assert url("market:plan_visit", answer.pk) in after


def test_a_conversation_without_an_agreement_shows_no_panel():
    from gemeinwerk.chat.tests.factories import start

    one, two = member(), member()
    chat = start(one, two)
    html = signed_in(one).get(url("chat:conversation", chat.pk)).content.decode()
    assert "Neighbourhood help in this conversation" not in html


@pytest.mark.parametrize(
    "elsewhere",
    ["//evil.example/", "https://evil.example/", "/\\evil.example/", "http:/evil", "evil"],
)
def test_the_way_back_leads_only_to_this_site(elsewhere: str):
    answer = response(listing(member()))

    reply = act(signed_in(answer.listing.owner), answer, "accept", next=elsewhere)

    assert reply.status_code == 302
    assert reply["Location"] == url("market:listing", answer.listing_id)
    answer.refresh_from_db()
    assert answer.status == ResponseStatus.ACCEPTED


def test_the_pages_of_my_help_list_responses_and_listings():
    agreed = agreement()
    html = signed_in(agreed.responder).get(url("market:mine")).content.decode()
    assert agreed.listing.title in html
    assert "Agreed" in html
    owner_html = signed_in(agreed.listing.owner).get(url("market:mine")).content.decode()
    assert agreed.listing.title in owner_html
