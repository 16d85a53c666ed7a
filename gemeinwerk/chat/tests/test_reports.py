"""Reporting a message and staff's decision (services/safety.py): the report copies the
one message for staff; a removal empties it everywhere, tells the reporters, writes an
audit row and decides every open report of that message at once."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gemeinwerk.accounts.tests.more_factories import make_contact_point, staff_of
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.chat import live, services
from gemeinwerk.chat.audit_actions import AuditAction
from gemeinwerk.chat.models import Message, Outcome, Reason, Report
from gemeinwerk.chat.tests.factories import RecordingLayer, member, say, start
from gemeinwerk.core import live as header
from gemeinwerk.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff() -> Any:
    return staff_of(make_contact_point())


@pytest.fixture
def group() -> Any:
    """Anna, Bela and Carl in a group; Anna wrote something hurtful."""
    anna, bela, carl = member("anna"), member("bela"), member("carl")
    conversation = start(anna, bela, carl, title="Hof", body="Guten Tag allerseits")
    say(anna, conversation, "Ihr seid alle unmöglich!")
    return conversation


def people(conversation: Any) -> dict[str, Any]:
    return {p.user.username: p.user for p in conversation.participants.select_related("user")}


def hurtful(conversation: Any) -> Message:
    return conversation.messages.get(body="Ihr seid alle unmöglich!")


def test_a_report_copies_the_message_and_names_its_sender(group: Any):
    bela = people(group)["bela"]
    message = hurtful(group)

    report = services.report(
        reporter=bela, message=message, reason=Reason.HARASSMENT, note="  Schon wieder.  "
    )

    assert report.body == "Ihr seid alle unmöglich!"
    assert report.sent_at == message.created_at
    assert report.reported.username == "anna"
    assert report.reporter == bela
    assert report.note == "Schon wieder."
    assert report.decided_at is None


def test_nobody_reports_their_own_message_or_one_outside_their_conversations(group: Any):
    anna = people(group)["anna"]
    with pytest.raises(PermissionDenied):
        services.report(reporter=anna, message=hurtful(group), reason=Reason.OTHER)
    with pytest.raises(PermissionDenied):
        services.report(reporter=member(), message=hurtful(group), reason=Reason.OTHER)
    assert not Report.objects.exists()


def test_a_person_reports_a_message_once(group: Any):
    bela, carl = people(group)["bela"], people(group)["carl"]
    services.report(reporter=bela, message=hurtful(group), reason=Reason.HARASSMENT)

    with pytest.raises(ValidationError, match="already reported"):
        services.report(reporter=bela, message=hurtful(group), reason=Reason.THREAT)
    services.report(reporter=carl, message=hurtful(group), reason=Reason.THREAT)

    assert Report.objects.count() == 2


def test_a_report_needs_a_known_reason(group: Any):
    with pytest.raises(ValidationError):
        services.report(reporter=people(group)["bela"], message=hurtful(group), reason="boring")


def test_removing_empties_the_message_tells_the_reporters_and_is_audited(
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
    first = services.report(reporter=who["bela"], message=message, reason=Reason.HARASSMENT)
    second = services.report(reporter=who["carl"], message=message, reason=Reason.THREAT)
    other = services.report(
        reporter=who["anna"], message=say(who["carl"], group, "Selber!"), reason=Reason.OTHER
    )

    with django_capture_on_commit_callbacks(execute=True):
        decided = services.decide_report(staff=staff, report=first, outcome=Outcome.REMOVED)

    message.refresh_from_db()
    assert message.body == ""
    assert message.removed_at is not None
    assert decided.outcome == Outcome.REMOVED
    assert decided.decided_by == staff
    second.refresh_from_db()
    assert (second.outcome, second.decided_by) == (Outcome.REMOVED, staff)
    # Staff still see what it said.
    assert second.body == "Ihr seid alle unmöglich!"
    other.refresh_from_db()
    assert other.decided_at is None

    told = Notification.objects.filter(kind="chat.report_decided")
    assert sorted(n.recipient.username for n in told) == ["bela", "carl"]
    assert all(n.params == {"outcome": "removed"} for n in told)
    event = AuditEvent.objects.get(action=AuditAction.MESSAGE_REMOVED)
    assert event.actor == staff
    assert event.subject == who["anna"]
    assert event.target_id == str(first.pk)

    removed = {"type": "chat.removed", "conversation": group.pk, "id": message.pk}
    assert sorted(group_name for group_name, event in layer if event == removed) == sorted(
        live.chat_group(user.pk) for user in who.values()
    )


def test_dismissing_leaves_the_message_and_tells_the_reporter(group: Any, staff: Any):
    bela = people(group)["bela"]
    report = services.report(reporter=bela, message=hurtful(group), reason=Reason.SPAM)

    services.decide_report(staff=staff, report=report, outcome=Outcome.DISMISSED)

    assert hurtful(group).removed_at is None
    report.refresh_from_db()
    assert report.outcome == Outcome.DISMISSED
    notification = Notification.objects.get(kind="chat.report_decided")
    assert notification.recipient == bela
    assert notification.params == {"outcome": "dismissed"}
    assert AuditEvent.objects.filter(
        action=AuditAction.REPORT_DISMISSED, actor=staff, target_id=str(report.pk)
    ).exists()


def test_a_decision_is_taken_once_by_staff_with_a_known_outcome(group: Any, staff: Any):
    bela = people(group)["bela"]
    report = services.report(reporter=bela, message=hurtful(group), reason=Reason.SPAM)

    with pytest.raises(PermissionDenied):
        services.decide_report(staff=bela, report=report, outcome=Outcome.REMOVED)
    with pytest.raises(ValidationError):
        services.decide_report(staff=staff, report=report, outcome="banned")
    services.decide_report(staff=staff, report=report, outcome=Outcome.DISMISSED)
    with pytest.raises(ValidationError, match="decided already"):
        services.decide_report(staff=staff, report=report, outcome=Outcome.REMOVED)

    assert AuditEvent.objects.filter(action__startswith="chat.").count() == 1


def test_a_removed_message_cannot_be_reported_again(group: Any, staff: Any):
    who = people(group)
    message = hurtful(group)
    report = services.report(reporter=who["bela"], message=message, reason=Reason.SPAM)
    services.decide_report(staff=staff, report=report, outcome=Outcome.REMOVED)
    message.refresh_from_db()

    with pytest.raises(ValidationError, match="already removed"):
        services.report(reporter=who["carl"], message=message, reason=Reason.SPAM)
