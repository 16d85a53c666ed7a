"""Every write of moderation: a member reports something, staff decide.

A decision covers every open report of the same thing at once: staff judge the thing,
not each report. Each reporter hears the outcome, never who decided; the reported
person is never told who reported them."""

from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gemeinwerk import audit
from gemeinwerk.accounts.models import TrustLevel
from gemeinwerk.core.permissions import require
from gemeinwerk.moderation import kinds
from gemeinwerk.moderation.audit_actions import AuditAction
from gemeinwerk.moderation.models import GONE, Decision, Reason, Report
from gemeinwerk.notifications.services import notify

# Decided reports keep a copy of someone's text: they are deleted after this time.
DECIDED_KEPT_MONTHS = 24
# Decisions that act on a person and so need staff's words (the warning, the reason).
NEEDS_NOTE = (Decision.WARNED, Decision.SUSPENDED)


@transaction.atomic
def report(*, reporter: Any, kind: str, obj: Any, reason: str, note: str = "") -> Report:
    """Report `obj` (of the registered `kind`) to staff. KeyError for an unknown kind,
    PermissionDenied when the kind's rule refuses, ValidationError for an unknown
    reason, a thing already hidden, or a second open report by the same person."""
    registered = kinds.get(kind)
    require(reporter, registered.permission, obj)
    if reason not in Reason.values:
        raise ValidationError(_("Choose a reason."), code="reason")
    if registered.hidden(obj):
        raise ValidationError(_("Our team has already hidden this."), code="hidden")
    entry = Report(
        kind=registered.key,
        object_id=obj.pk,
        reporter=reporter,
        reported=registered.author(obj),
        reason=reason,
        note=note.strip(),
        snapshot=registered.snapshot(obj),
    )
    # The constraint is checked by the database below, with the answer people read.
    entry.full_clean(exclude=["reporter", "reported", "decided_by"], validate_constraints=False)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        raise ValidationError(_("You have already reported this."), code="already") from None
    return entry


def decisions_for(kind: kinds.ReportKind, obj: Any, reported: Any) -> list[Decision]:
    """What staff may decide about this thing: hiding only for kinds that can hide (and
    showing again only what is hidden); warning and suspending only when a person is
    responsible."""
    offered = [Decision.DISMISSED]
    if obj is not None and kind.hide is not None and not kind.hidden(obj):
        offered.append(Decision.HIDDEN)
    if obj is not None and kind.restore is not None and kind.hidden(obj):
        offered.append(Decision.RESTORED)
    if reported is not None and reported.is_active:
        offered.append(Decision.WARNED)
        if reported.trust_level != TrustLevel.SUSPENDED:
            offered.append(Decision.SUSPENDED)
    return offered


@transaction.atomic
def decide(*, staff: Any, report: Report, decision: str, note: str = "") -> Report:
    """Decide on `report` and every other open report of the same thing; audited, and
    every reporter is told. A suspension goes through the accounts' own service, which
    checks that staff may judge this person (its errors reach the caller)."""
    require(staff, "moderation.moderate")
    if decision not in Decision.values:
        raise ValidationError(_("Choose a decision."), code="decision")
    # Only the report rows are locked (PostgreSQL locks no nullable side of a join).
    report = (
        Report.objects.select_for_update(of=("self",)).select_related("reported").get(pk=report.pk)
    )
    if report.decided_at is not None:
        raise ValidationError(_("This report has been decided already."), code="decided")
    note = note.strip()
    kind = kinds.get(report.kind)
    obj = kind.load(report.object_id)
    reported = report.reported
    if decision not in decisions_for(kind, obj, reported):
        raise ValidationError(_("This decision is not possible here."), code="not_offered")
    if decision in NEEDS_NOTE and not note:
        raise ValidationError(
            {"note": _("Please write what the person is told.")}, code="note_missing"
        )
    same = Report.objects.select_for_update(of=("self",)).filter(
        kind=report.kind, object_id=report.object_id, decided_at__isnull=True
    )
    if report.object_id == GONE:
        same = same.filter(pk=report.pk)
    reports = list(same.select_related("reporter"))

    # decisions_for() offered hiding and showing again only where the kind can.
    if decision == Decision.HIDDEN and kind.hide is not None:
        kind.hide(obj, staff)
    elif decision == Decision.RESTORED and kind.restore is not None:
        kind.restore(obj, staff)
    elif decision == Decision.WARNED and reported is not None:
        notify(reported, "moderation.warning", params={"kind": kind.key, "warning": note})
    elif decision == Decision.SUSPENDED and reported is not None:
        # Imported here: trust decisions belong to accounts; its checks of staff's reach
        # (nobody judges themselves, colleagues only by an admin) apply unchanged.
        from gemeinwerk.accounts.services.trust import suspend_member

        suspend_member(member=reported, staff=staff, reason=note)

    now = timezone.now()
    same.update(decided_at=now, decided_by=staff, decision=decision, decision_note=note)
    audit.record(
        actor=staff,
        # Literal actions (the audit labels' test reads them from the source).
        action=(
            AuditAction.HIDDEN
            if decision == Decision.HIDDEN
            else AuditAction.RESTORED
            if decision == Decision.RESTORED
            else AuditAction.WARNED
            if decision == Decision.WARNED
            else AuditAction.SUSPENDED
            if decision == Decision.SUSPENDED
            else AuditAction.DISMISSED
        ),
        subject=reported,
        target=report,
        after={"kind": kind.key, "object": report.object_id, "reports": len(reports)},
    )
    told = set()
    for each in reports:
        if each.reporter is not None and each.reporter_id not in told:
            told.add(each.reporter_id)
            notify(
                each.reporter,
                "moderation.report_decided",
                params={"kind": kind.key, "decision": decision},
            )
    report.refresh_from_db()
    return report


@transaction.atomic
def forget_decided(*, now: Any = None) -> int:
    """Daily housekeeping: decided reports older than DECIDED_KEPT_MONTHS go."""
    cutoff = (now or timezone.now()) - relativedelta(months=DECIDED_KEPT_MONTHS)
    deleted, _by_model = Report.objects.filter(decided_at__lt=cutoff).delete()
    return deleted
