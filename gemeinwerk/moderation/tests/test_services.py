"""Reporting and deciding (services.py): a report copies the thing for staff; a decision
covers every open report of the thing, is audited, and every reporter hears the outcome
(never who decided); a warned person reads staff's words (never who reported them)."""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gemeinwerk.accounts.models import Session, TrustLevel
from gemeinwerk.accounts.tests.more_factories import (
    make_admin,
    make_contact_point,
    make_coordinator,
    signed_in,
    staff_of,
)
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.core.housekeeping import jobs
from gemeinwerk.moderation import kinds, services
from gemeinwerk.moderation.audit_actions import AuditAction
from gemeinwerk.moderation.models import Decision, Reason, Report
from gemeinwerk.moderation.tests.factories import NOTE_KIND, person, write_note
from gemeinwerk.notifications import services as notifications
from gemeinwerk.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff() -> Any:
    return staff_of(make_contact_point(), username="decider_kim")


@pytest.fixture
def people() -> dict[str, Any]:
    return {name: person(name) for name in ("anna", "bela", "carl")}


def report_note(reporter: Any, note: Any, reason: str = Reason.SPAM, text: str = "") -> Report:
    return services.report(reporter=reporter, kind=NOTE_KIND, obj=note, reason=reason, note=text)


def emails_to(user: Any) -> list[Any]:
    for notification in Notification.objects.filter(recipient=user, emailed_at__isnull=True):
        notifications.send_instant(notification_id=notification.pk)
    return [message for message in mail.outbox if message.to == [user.email]]


# --- Reporting ----------------------------------------------------------------------------


def test_a_report_copies_the_thing_and_names_its_author(people: dict[str, Any]):
    note = write_note(people["anna"], "Kaufen Sie jetzt!")

    report = report_note(people["bela"], note, Reason.SPAM, "  Schon dreimal.  ")

    assert (report.kind, report.object_id) == (NOTE_KIND, note.pk)
    assert (report.reporter, report.reported) == (people["bela"], people["anna"])
    assert report.snapshot == "Kaufen Sie jetzt!"
    assert report.note == "Schon dreimal."
    assert report.is_open
    note.text = "Geändert"
    report.refresh_from_db()
    assert report.snapshot == "Kaufen Sie jetzt!"


def test_a_person_reports_a_thing_once_while_it_is_open(people: dict[str, Any], staff: Any):
    note = write_note(people["anna"])
    first = report_note(people["bela"], note)

    with pytest.raises(ValidationError, match="already reported"):
        report_note(people["bela"], note, Reason.THREAT)
    report_note(people["carl"], note)
    services.decide(staff=staff, report=first, decision=Decision.DISMISSED)
    # Decided: a new report may come.
    report_note(people["bela"], note)

    assert Report.objects.count() == 3


def test_a_report_needs_a_known_reason_and_a_permitted_reporter(people: dict[str, Any]):
    note = write_note(people["anna"])

    with pytest.raises(ValidationError):
        report_note(people["bela"], note, "boring")
    with pytest.raises(PermissionDenied):
        report_note(people["anna"], note)
    with pytest.raises(KeyError):
        services.report(reporter=people["bela"], kind="no.such", obj=note, reason=Reason.SPAM)
    assert not Report.objects.exists()


def test_a_hidden_thing_is_not_reported_again(people: dict[str, Any], staff: Any):
    note = write_note(people["anna"])
    services.decide(staff=staff, report=report_note(people["bela"], note), decision="hidden")

    with pytest.raises(ValidationError, match="already hidden"):
        report_note(people["carl"], note)


# --- Deciding -----------------------------------------------------------------------------


def test_hiding_decides_every_open_report_of_the_thing_and_tells_each_reporter(
    people: dict[str, Any], staff: Any, django_capture_on_commit_callbacks: Any
):
    note, other = write_note(people["anna"]), write_note(people["anna"], "Anderes")
    first = report_note(people["bela"], note)
    second = report_note(people["carl"], note, Reason.HARASSMENT)
    elsewhere = report_note(people["bela"], other)

    with django_capture_on_commit_callbacks(execute=True):
        decided = services.decide(staff=staff, report=second, decision=Decision.HIDDEN)

    assert note.hidden_by == [staff]
    assert (decided.decision, decided.decided_by) == (Decision.HIDDEN, staff)
    first.refresh_from_db()
    assert (first.decision, first.decided_at) == (Decision.HIDDEN, decided.decided_at)
    elsewhere.refresh_from_db()
    assert elsewhere.is_open
    event = AuditEvent.objects.get(action=AuditAction.HIDDEN)
    assert (event.actor, event.subject, event.target_id) == (staff, people["anna"], str(second.pk))
    assert event.after == {"kind": NOTE_KIND, "object": note.pk, "reports": 2}
    told = Notification.objects.filter(kind="moderation.report_decided")
    assert sorted(n.recipient.username for n in told) == ["bela", "carl"]
    assert all(n.params == {"kind": NOTE_KIND, "decision": "hidden"} for n in told)
    (email,) = emails_to(people["bela"])
    assert "Our team has looked at it and hidden it." in email.body
    # Nobody is told who decided; the author hears nothing of the reporters.
    assert "decider_kim" not in email.body
    assert not Notification.objects.filter(recipient=people["anna"]).exists()


def test_dismissing_changes_nothing_but_the_reports(people: dict[str, Any], staff: Any):
    note = write_note(people["anna"])
    report = report_note(people["bela"], note)

    services.decide(staff=staff, report=report, decision=Decision.DISMISSED)

    assert not note.hidden
    (email,) = emails_to(people["bela"])
    assert "left it as it is" in email.body
    assert AuditEvent.objects.filter(action=AuditAction.DISMISSED).count() == 1


def test_showing_again_is_offered_only_for_what_is_hidden(people: dict[str, Any], staff: Any):
    note = write_note(people["anna"])
    kind = kinds.get(NOTE_KIND)
    assert services.decisions_for(kind, note, people["anna"]) == [
        Decision.DISMISSED,
        Decision.HIDDEN,
        Decision.WARNED,
        Decision.SUSPENDED,
    ]
    report = report_note(people["bela"], note)
    with pytest.raises(ValidationError, match="not possible"):
        services.decide(staff=staff, report=report, decision=Decision.RESTORED)

    note.hidden_by.append(staff)
    services.decide(staff=staff, report=report, decision=Decision.RESTORED)

    assert not note.hidden
    assert AuditEvent.objects.filter(action=AuditAction.RESTORED).exists()


def test_a_warning_needs_words_and_reaches_the_person_without_naming_the_reporter(
    people: dict[str, Any], staff: Any
):
    note = write_note(people["anna"])
    report = report_note(people["bela"], note, text="Bela hier")

    with pytest.raises(ValidationError) as error:
        services.decide(staff=staff, report=report, decision=Decision.WARNED, note=" ")
    assert "note" in error.value.message_dict
    services.decide(
        staff=staff, report=report, decision=Decision.WARNED, note="Bitte keine Werbung."
    )

    report.refresh_from_db()
    assert report.decision_note == "Bitte keine Werbung."
    warning = Notification.objects.get(kind="moderation.warning")
    assert warning.recipient == people["anna"]
    assert warning.params == {"kind": NOTE_KIND, "warning": "Bitte keine Werbung."}
    (email,) = emails_to(people["anna"])
    assert "Bitte keine Werbung." in email.body
    assert "bela" not in email.body.lower()
    assert "decider_kim" not in email.body
    assert AuditEvent.objects.filter(action=AuditAction.WARNED, subject=people["anna"]).exists()


def test_suspending_goes_through_the_accounts_and_ends_the_sessions(
    people: dict[str, Any], staff: Any
):
    anna = people["anna"]
    phone = signed_in(anna)
    report = report_note(people["bela"], write_note(anna))
    assert Session.objects.filter(user=anna).count() == 1

    services.decide(
        staff=staff, report=report, decision=Decision.SUSPENDED, note="Wiederholt Spam."
    )

    anna.refresh_from_db()
    assert anna.trust_level == TrustLevel.SUSPENDED
    assert not Session.objects.filter(user=anna).exists()
    assert phone.get("/en/me/").status_code == 302
    assert AuditEvent.objects.filter(action="member.suspended", subject=anna).exists()
    assert AuditEvent.objects.filter(action=AuditAction.SUSPENDED, subject=anna).exists()
    # Suspended already: not offered again.
    assert Decision.SUSPENDED not in services.decisions_for(kinds.get(NOTE_KIND), None, anna)


def test_staff_do_not_suspend_a_colleague_or_themselves(people: dict[str, Any], staff: Any):
    colleague = staff_of(make_contact_point())
    on_colleague = report_note(people["bela"], write_note(colleague))
    on_self = report_note(people["bela"], write_note(staff))

    for report in (on_colleague, on_self):
        with pytest.raises(PermissionDenied):
            services.decide(staff=staff, report=report, decision="suspended", note="Nein.")
        report.refresh_from_db()
        assert report.is_open
    services.decide(
        staff=make_admin(), report=on_colleague, decision="suspended", note="Wiederholt."
    )
    colleague.refresh_from_db()
    assert colleague.trust_level == TrustLevel.SUSPENDED


def test_only_staff_and_admins_decide_once(people: dict[str, Any], staff: Any):
    report = report_note(people["bela"], write_note(people["anna"]))

    for nobody in (people["carl"], make_coordinator()):
        with pytest.raises(PermissionDenied):
            services.decide(staff=nobody, report=report, decision=Decision.DISMISSED)
    with pytest.raises(ValidationError):
        services.decide(staff=staff, report=report, decision="banned")
    services.decide(staff=make_admin(), report=report, decision=Decision.DISMISSED)
    with pytest.raises(ValidationError, match="decided already"):
        services.decide(staff=staff, report=report, decision=Decision.HIDDEN)

    assert AuditEvent.objects.filter(action__startswith="moderation.").count() == 1


def test_decided_reports_go_after_the_retention_period(people: dict[str, Any], staff: Any):
    old = report_note(people["bela"], write_note(people["anna"]))
    services.decide(staff=staff, report=old, decision=Decision.DISMISSED)
    still_open = report_note(people["carl"], write_note(people["anna"]))
    Report.objects.filter(pk=old.pk).update(decided_at=timezone.now() - timedelta(days=750))
    Report.objects.update(created_at=timezone.now() - timedelta(days=800))

    assert services.forget_decided() == 1

    assert list(Report.objects.values_list("pk", flat=True)) == [still_open.pk]
    assert services.forget_decided in [job.run for job in jobs()]
