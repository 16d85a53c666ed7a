"""A signed-in person in the meeting room sees their unread count change at once
(core/live.py): the room's connection passes the header's new words on; guests
without an account hear nothing of it."""

from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from django.utils import timezone, translation

from gemeinwerk.accounts.models import User
from gemeinwerk.groups.models import Occurrence
from gemeinwerk.groups.tests.factories import GroupFactory, make_occurrence
from gemeinwerk.meetings.tests.test_consumer import (  # noqa: F401 (fixtures)
    Room,
    _no_ice,
    _own_channel_layer,
    run,
)
from gemeinwerk.notifications.selectors import unread_badge
from gemeinwerk.notifications.services import mark_read, notify

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def occurrence() -> Occurrence:
    return make_occurrence(GroupFactory.create(), starts_at=timezone.now() - timedelta(minutes=5))


def badge_in(language: str, user: User) -> str:
    with translation.override(language):
        return unread_badge(user)


def test_a_host_in_the_room_hears_the_new_unread_count_and_guests_do_not(
    occurrence: Occurrence,
):
    async def scenario(room: Room) -> None:
        host = await room.join("hanna", host=True)
        guest = await room.join("gast")
        user = await sync_to_async(User.objects.get)(pk=room.accounts["hanna"].pk)

        await sync_to_async(notify)(user, "accounts.verified")
        message = await host.expect("badges")
        expected = await sync_to_async(badge_in)("de", user)
        assert expected  # "1 ungelesen"
        # Hosts are verified: the chat's count of unread conversations comes along.
        assert message["badges"] == {"notifications:list": expected, "chat:inbox": ""}

        await sync_to_async(mark_read)(user=user)
        message = await host.expect("badges")
        assert message["badges"] == {"notifications:list": "", "chat:inbox": ""}
        assert not [m for m in await guest.drain() if m["type"] == "badges"]

    run(occurrence, scenario)


def test_the_count_comes_in_the_language_the_page_asked_for(occurrence: Occurrence):
    async def scenario(room: Room) -> None:
        await room.account_of("hanna")
        account = await room.account_of("carl")  # a co-host
        person = room.tab(room.cookie("carl", host=True), label="carl", account=account)
        person.ws.scope["query_string"] = b"lang=pl"  # what room.html puts in the address
        assert (await person.connect())["type"] == "welcome"
        user = await sync_to_async(User.objects.get)(pk=account.pk)

        await sync_to_async(notify)(user, "accounts.verified")

        message = await person.expect("badges")
        assert message["badges"]["notifications:list"] == await sync_to_async(badge_in)("pl", user)
        assert message["badges"]["notifications:list"] != await sync_to_async(badge_in)("de", user)

    run(occurrence, scenario)
