"""Retention and erasure (issue 14, part 5): messages older than the installation's
period go in the daily housekeeping; a deleted member's messages go with the account
and the others see "deleted member"; the export holds the person's conversations."""

from datetime import timedelta
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.test import Client
from django.utils import timezone, translation

from gemeinwerk.accounts.personal_data import erase_data, export_data
from gemeinwerk.accounts.services.leaving import delete_account
from gemeinwerk.accounts.tests.more_factories import make_contact_point, staff_of, url
from gemeinwerk.chat import selectors, services
from gemeinwerk.chat.models import Block, Conversation, Message, Participant
from gemeinwerk.chat.tests.factories import member, report_message, say, start, stored
from gemeinwerk.core.housekeeping import jobs
from gemeinwerk.moderation import services as moderation
from gemeinwerk.moderation.models import Decision, Reason
from gemeinwerk.moderation.models import Report as ChatReport

pytestmark = pytest.mark.django_db


# --- Retention ----------------------------------------------------------------------------


def test_messages_older_than_the_retention_period_are_deleted(settings: Any):
    settings.CHAT_RETENTION_MONTHS = 6
    anna, bela = member(), member()
    thread = start(anna, bela, body="Neu")
    now = timezone.now()
    old = stored(thread, anna, "Alt", created_at=now - relativedelta(months=6, days=1))
    kept = stored(thread, bela, "Fast alt", created_at=now - relativedelta(months=6) + timedelta(1))

    assert services.forget_old_messages(now=now) == 1

    assert not Message.objects.filter(pk=old.pk).exists()
    assert set(thread.messages.values_list("body", flat=True)) == {"Neu", "Fast alt"}
    assert Message.objects.filter(pk=kept.pk).exists()


def test_a_retention_of_zero_months_keeps_everything(settings: Any):
    settings.CHAT_RETENTION_MONTHS = 0
    anna, bela = member(), member()
    thread = start(anna, bela)
    stored(thread, anna, "Uralt", created_at=timezone.now() - timedelta(days=3650))

    assert services.forget_old_messages() == 0
    assert thread.messages.count() == 2


def test_decided_reports_go_after_the_same_period_open_ones_stay(settings: Any):
    settings.CHAT_RETENTION_MONTHS = 1
    anna, bela, carl = member(), member(), member()
    group = start(anna, bela, carl, title="Gruppe")
    first, second = say(anna, group, "Eins"), say(anna, group, "Zwei")
    decided = report_message(bela, first, Reason.SPAM)
    moderation.decide(
        staff=staff_of(make_contact_point()), report=decided, decision=Decision.DISMISSED
    )
    still_open = report_message(carl, second, Reason.SPAM)
    ChatReport.objects.filter(pk=decided.pk).update(
        decided_at=timezone.now() - relativedelta(months=1, days=1)
    )
    Message.objects.update(created_at=timezone.now() - relativedelta(months=2))

    services.forget_old_messages()

    assert list(ChatReport.objects.values_list("pk", flat=True)) == [still_open.pk]
    # The open report keeps its copy for staff, though the message itself is gone.
    still_open.refresh_from_db()
    assert not Message.objects.filter(pk=still_open.object_id).exists()
    assert still_open.snapshot == "Zwei"


def test_conversations_nobody_is_in_any_longer_are_deleted(settings: Any):
    settings.CHAT_RETENTION_MONTHS = 0
    anna, bela, carl = member(), member(), member()
    group = start(anna, bela, carl, title="Gruppe")
    pair = start(anna, bela)
    for person in (anna, bela, carl):
        services.leave(user=person, conversation=group)

    services.forget_old_messages()

    assert not Conversation.objects.filter(pk=group.pk).exists()
    assert Conversation.objects.filter(pk=pair.pk).exists()


def test_the_daily_housekeeping_runs_it():
    assert services.forget_old_messages in [job.run for job in jobs()]


# --- Erasure ------------------------------------------------------------------------------


def test_a_deleted_members_messages_go_and_the_others_see_a_deleted_member():
    anna = member("anna", display_name="Anna Alt")
    bela = member("bela")
    carl = member("carl")
    pair = start(anna, bela, body="Von Anna an Bela")
    say(bela, pair, "Von Bela an Anna")
    group = start(carl, anna, bela, title="Gruppe", body="Von Carl")
    say(anna, group, "Von Anna in der Gruppe")
    services.block(blocker=anna, blocked=carl)
    report_message(bela, pair.messages.first())
    report_message(anna, group.messages.first())

    delete_account(user=anna)

    assert not Message.objects.filter(body__startswith="Von Anna").exists()
    assert list(pair.messages.values_list("body", flat=True)) == ["Von Bela an Anna"]
    pair.refresh_from_db()
    assert pair.pair is None
    assert not Block.objects.exists()
    # The report about Anna goes; Anna's report about Carl stays without her.
    (left,) = ChatReport.objects.all()
    assert left.reported == carl
    assert left.reporter is None
    # Bela's list and the thread say "deleted member".
    with translation.override("en"):
        rows = {row.conversation.pk: row for row in selectors.conversations_of(bela)}
        assert rows[pair.pk].names == ["deleted member"]
        assert rows[group.pk].names == ["carl"]
        page = Client()
        page.force_login(bela)
        html = page.get(url("chat:conversation", pair.pk)).content.decode()
    assert "deleted member" in html
    assert "Anna Alt" not in html
    # Nobody is left to read it: Bela cannot write in the pair any more...
    assert not services.conversations.may_post(bela, pair)
    # ...but a new conversation between Bela and someone new is possible at once.
    assert start(bela, member()).pk != pair.pk


def test_erasing_clears_the_pair_and_leaves_every_place():
    anna, bela, carl = member(), member(), member()
    pair = start(anna, bela)
    group = start(anna, bela, carl, title="Gruppe")

    erase_data(anna)

    pair.refresh_from_db()
    assert pair.pair is None
    assert not Participant.objects.filter(user=anna, left_at__isnull=True).exists()
    assert Participant.objects.filter(conversation=group, left_at__isnull=True).count() == 2


# --- Export -------------------------------------------------------------------------------


def test_the_export_holds_the_conversations_with_their_messages():
    anna = member("anna")
    bela = member("bela", display_name="Bela B.")
    carl = member("carl")
    pair = start(anna, bela, body="Können Sie Samstag?", about="Einkaufshilfe")
    say(bela, pair, "Ja, um zehn.")
    group = start(bela, anna, carl, title="Hoffest", body="Wer bringt Kuchen?")
    services.leave(user=anna, conversation=group)
    say(bela, group, "Nach Annas Abschied")
    services.set_muted(user=anna, conversation=pair, muted=True)
    services.block(blocker=anna, blocked=carl)
    report_message(anna, pair.messages.last(), Reason.OTHER)

    data = export_data(anna)["data"]

    conversations = {c["title"]: c for c in data["conversations"]}
    mine = conversations[""]
    assert mine["about"] == "Einkaufshilfe"
    assert mine["muted"] is True
    assert mine["left_at"] is None
    assert sorted(mine["people"]) == ["Bela B.", "anna"]
    assert [(m["from"], m["text"]) for m in mine["messages"]] == [
        ("me", "Können Sie Samstag?"),
        ("Bela B.", "Ja, um zehn."),
    ]
    assert all(m["removed_by_staff"] is False for m in mine["messages"])
    left = conversations["Hoffest"]
    assert left["left_at"] is not None
    # What was written after she left is not hers.
    assert [m["text"] for m in left["messages"]] == ["Wer bringt Kuchen?"]
    assert data["people_blocked"][0]["person"] == "carl"
    assert data["reports_made"][0]["reported_text"] == "Ja, um zehn."
    # Someone who is in no conversation exports none.
    assert export_data(member())["data"]["conversations"] == []
