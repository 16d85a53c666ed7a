"""Messages as moderation's kind "chat.message" (reporting.py): a report copies the one
message for staff; removing it empties it everywhere and tells the open pages, decides
every open report of that message at once and tells the reporters; showing it again
takes the text back from the report's copy."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gemeinwerk.accounts.tests.more_factories import make_contact_point, staff_of
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.chat import live
from gemeinwerk.chat.models import Message
from gemeinwerk.chat.tests.factories import RecordingLayer, member, report_message, say, start
from gemeinwerk.core import live as header
from gemeinwerk.moderation import kinds
from gemeinwerk.moderation import services as moderation
from gemeinwerk.moderation.audit_actions import AuditAction
from gemeinwerk.moderation.models import Decision, Reason, Report
from gemeinwerk.notifications.models import Notification

pytestmark = pytest.mark.django_db

HURTFUL = "Ihr seid alle unmöglich!"


@pytest.fixture
def staff() -> Any:
    return staff_of(make_contact_point())


@pytest.fixture
def group() -> Any:
    """Anna, Bela and Carl in a group; Anna wrote something hurtful."""
    anna, bela, carl = member("anna"), member("bela"), member("carl")
    conversation = start(anna, bela, carl, title="Hof", body="Guten Tag allerseits")
    say(anna, conversation, HURTFUL)
    return conversation


def people(conversation: Any) -> dict[str, Any]:
    return {p.user.username: p.user for p in conversation.participants.select_related("user")}


def hurtful(conversation: Any) -> Message:
    return conversation.messages.get(body=HURTFUL)


def test_messages_are_a_kind_with_hiding_and_no_link_into_the_conversation():
    kind = kinds.get("chat.message")

    assert kind.permission == "chat.report_message"
    assert kind.hide is not None
    assert kind.restore is not None
    assert kind.staff_link is None


def test_a_report_copies_the_message_and_names_its_sender(group: Any):
    bela = people(group)["bela"]

    report = report_message(bela, hurtful(group), Reason.HARASSMENT, note="  Schon wieder.  ")

    assert (report.kind, report.object_id) == ("chat.message", hurtful(group).pk)
    assert report.snapshot == HURTFUL
    assert report.reported.username == "anna"
    assert report.reporter == bela
    assert report.note == "Schon wieder."
    assert report.decided_at is None


def test_nobody_reports_their_own_message_or_one_outside_their_conversations(group: Any):
    anna = people(group)["anna"]
    with pytest.raises(PermissionDenied):
        report_message(anna, hurtful(group))
    with pytest.raises(PermissionDenied):
        report_message(member(), hurtful(group))
    assert not Report.objects.exists()


def test_a_person_reports_a_message_once(group: Any):
    bela, carl = people(group)["bela"], people(group)["carl"]
    report_message(bela, hurtful(group), Reason.HARASSMENT)

    with pytest.raises(ValidationError, match="already reported"):
        report_message(bela, hurtful(group), Reason.THREAT)
    report_message(carl, hurtful(group), Reason.THREAT)

    assert Report.objects.count() == 2


def test_removing_empties_the_message_tells_everyone_and_is_audited(
    group: Any,
    staff: Any,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Callable[..., Any],
):
    layer = RecordingLayer()
    monkeypatch.setattr(live, "get_channel_layer", lambda: layer)
    monkeypatch.setattr(header, "get_channel_layer", lambda: layer)
    who = people(group)
    message = hurtful(group)
    first = report_message(who["bela"], message, Reason.HARASSMENT)
    second = report_message(who["carl"], message, Reason.THREAT)
    other = report_message(who["anna"], say(who["carl"], group, "Selber!"))

    with django_capture_on_commit_callbacks(execute=True):
        decided = moderation.decide(staff=staff, report=first, decision=Decision.HIDDEN)

    message.refresh_from_db()
    assert message.body == ""
    assert message.removed_at is not None
    assert (decided.decision, decided.decided_by) == (Decision.HIDDEN, staff)
    second.refresh_from_db()
    assert (second.decision, second.decided_by) == (Decision.HIDDEN, staff)
    # Staff still see what it said.
    assert second.snapshot == HURTFUL
    other.refresh_from_db()
    assert other.decided_at is None

    told = Notification.objects.filter(kind="moderation.report_decided")
    assert sorted(n.recipient.username for n in told) == ["bela", "carl"]
    assert all(n.params == {"kind": "chat.message", "decision": "hidden"} for n in told)
    event = AuditEvent.objects.get(action=AuditAction.HIDDEN)
    assert (event.actor, event.subject, event.target_id) == (staff, who["anna"], str(first.pk))

    removed = {"type": "chat.removed", "conversation": group.pk, "id": message.pk}
    assert sorted(group_name for group_name, event in layer if event == removed) == sorted(
        live.chat_group(user.pk) for user in who.values()
    )


def test_a_removed_message_cannot_be_reported_again(group: Any, staff: Any):
    who = people(group)
    report = report_message(who["bela"], hurtful(group))
    moderation.decide(staff=staff, report=report, decision=Decision.HIDDEN)

    with pytest.raises(ValidationError, match="already hidden"):
        report_message(who["carl"], Message.objects.get(pk=report.object_id))


def test_showing_a_removed_message_again_takes_its_text_from_the_report(group: Any, staff: Any):
    who = people(group)
    message = hurtful(group)
    first = report_message(who["bela"], message)
    moderation.decide(staff=staff, report=first, decision=Decision.HIDDEN)
    # A report that came in just before the message was hidden is still open.
    second = Report.objects.create(
        kind="chat.message",
        object_id=message.pk,
        reporter=who["carl"],
        reported=who["anna"],
        reason=Reason.OTHER,
        snapshot=HURTFUL,
    )
    assert Decision.RESTORED in moderation.decisions_for(
        kinds.get("chat.message"), Message.objects.get(pk=message.pk), who["anna"]
    )

    moderation.decide(staff=staff, report=second, decision=Decision.RESTORED)

    message.refresh_from_db()
    assert (message.body, message.removed_at) == (HURTFUL, None)


def test_dismissing_leaves_the_message(group: Any, staff: Any):
    report = report_message(people(group)["bela"], hurtful(group))

    moderation.decide(staff=staff, report=report, decision=Decision.DISMISSED)

    assert hurtful(group).removed_at is None
    assert AuditEvent.objects.filter(
        action=AuditAction.DISMISSED, actor=staff, target_id=str(report.pk)
    ).exists()
