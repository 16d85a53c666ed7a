"""The evaluation cycles: the daily housekeeping job opens the cycle on 1 March and
1 September (or on the first run after, if the job missed the day), reminds the
facilities that have not submitted (at the opening, 14 days later, 3 days before the
deadline; each reminder exactly once per facility), and closes the cycle after its
deadline, applying the installation's rule (settings.PROGRAMME_MISSED_DEADLINE) to the
facilities that missed it. Every change of a facility's tier is kept as a TierRecord.

Time comes in as `today`/`now` parameters, so tests set the calendar instead of waiting."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from gemeinwerk import audit
from gemeinwerk.accounts.models import User
from gemeinwerk.programme import evaluation_selectors, mail
from gemeinwerk.programme.audit_actions import AuditAction
from gemeinwerk.programme.models import AccountStatus, Facility, FacilityAccount
from gemeinwerk.programme.models_cycles import (
    Cycle,
    CycleReminder,
    ReminderKind,
    TierReason,
    TierRecord,
)
from gemeinwerk.programme.models_evaluation import Evaluation, EvaluationStatus, Tier

FOLLOW_UP_DAYS = 14
LAST_DAYS = 3
ORDER = [Tier.STANDARD, Tier.PREMIUM, Tier.VIP]


def weeks() -> int:
    return int(getattr(settings, "PROGRAMME_EVALUATION_WEEKS", 6))


def missed_rule() -> str:
    rule = getattr(settings, "PROGRAMME_MISSED_DEADLINE", "keep")
    if rule not in ("keep", "lower"):
        raise ValueError(f"PROGRAMME_MISSED_DEADLINE must be 'keep' or 'lower', not {rule!r}")
    return rule


def opening_of(label: str) -> date:
    year, month = label.split("-")
    return date(int(year), int(month), 1)


# --- Tier history -------------------------------------------------------------------------


def record_tier(
    *,
    facility: Facility,
    tier: str,
    why: str,
    cycle: str = "",
    by: User | None = None,
    now: datetime | None = None,
) -> TierRecord:
    return TierRecord.objects.create(
        facility=facility, tier=tier, why=why, cycle=cycle, by=by, since=now or timezone.now()
    )


def record_accepted(*, evaluation: Evaluation, actor: User) -> TierRecord:
    """Called by services/evaluation.accept in its transaction."""
    changed = bool(evaluation.proposed_tier) and evaluation.final_tier != evaluation.proposed_tier
    return record_tier(
        facility=evaluation.facility,
        tier=evaluation.final_tier,
        why=TierReason.CHANGED if changed else TierReason.ACCEPTED,
        cycle=evaluation.cycle,
        by=actor,
    )


def lower(tier: Tier) -> Tier:
    return ORDER[max(ORDER.index(tier) - 1, 0)]


# --- Opening ------------------------------------------------------------------------------


def open_cycle(*, today: date | None = None) -> Cycle | None:
    """The cycle `today` belongs to, made if it is missing and its deadline has not
    passed (a job that missed the opening day catches up; a whole missed cycle is not
    opened after its end). Idempotent."""
    today = today or timezone.localdate()
    label = evaluation_selectors.cycle_of(today)
    opens_on = opening_of(label)
    deadline = opens_on + timedelta(weeks=weeks())
    existing = Cycle.objects.filter(label=label).first()
    if existing is not None or today > deadline:
        return None
    try:
        with transaction.atomic():
            return Cycle.objects.create(label=label, opens_on=opens_on, deadline=deadline)
    except IntegrityError:  # Opened by a run at the same moment.
        return None


# --- Reminders ----------------------------------------------------------------------------


def due_kind(cycle: Cycle, today: date) -> ReminderKind | None:
    """The reminder of the day: each has its window, so a late run sends the one that
    is current, never a stale one on top."""
    if cycle.closed_at is not None or today < cycle.opens_on or today > cycle.deadline:
        return None
    if today >= cycle.deadline - timedelta(days=LAST_DAYS):
        return ReminderKind.LAST_DAYS
    if today >= cycle.opens_on + timedelta(days=FOLLOW_UP_DAYS):
        return ReminderKind.FOLLOW_UP
    return ReminderKind.OPENING


def waiting_accounts(cycle: Cycle) -> list[FacilityAccount]:
    """Approved, active facility accounts whose facility has not submitted this cycle."""
    done = Evaluation.objects.filter(
        cycle=cycle.label, status__in=[EvaluationStatus.SUBMITTED, EvaluationStatus.ACCEPTED]
    ).values("facility_id")
    return list(
        FacilityAccount.objects.filter(status=AccountStatus.APPROVED, user__is_active=True)
        .exclude(facility_id__in=done)
        .select_related("facility", "user")
        .order_by("pk")
    )


def send_reminders(*, cycle: Cycle, today: date | None = None) -> int:
    """Each facility in its own transaction: the CycleReminder row and the queued
    e-mail commit together, so a crash mid-way leaves the rest for the next run and a
    second run finds the rows (the unique constraint refuses a parallel one)."""
    today = today or timezone.localdate()
    kind = due_kind(cycle, today)
    if kind is None:
        return 0
    sent = 0
    for account in waiting_accounts(cycle):
        try:
            with transaction.atomic():
                CycleReminder.objects.create(cycle=cycle, facility=account.facility, kind=kind)
                _send_reminder(account, cycle, kind)
        except IntegrityError:
            continue
        sent += 1
    return sent


def _send_reminder(account: FacilityAccount, cycle: Cycle, kind: str) -> None:
    """In the facility's language (programme/mail.py); written in the transaction of its
    CycleReminder row, so it leaves only with it."""
    mail.send(
        account,
        "programme/cycles/email/reminder",
        {
            "kind": kind,
            "cycle": cycle.label,
            "deadline": cycle.deadline,
        },
        link_to="programme:evaluation",
    )


# --- Closing ------------------------------------------------------------------------------


@transaction.atomic
def close_cycle(*, cycle: Cycle, today: date | None = None, now: datetime | None = None) -> int:
    """After the deadline: closed once (the row is locked and checked), the missed
    deadline's rule applied. Returns how many tiers were lowered."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.closed_at is not None or today <= cycle.deadline:
        return 0
    cycle.closed_at = now
    cycle.save(update_fields=["closed_at"])
    if missed_rule() != "lower":
        return 0
    lowered = 0
    for account in waiting_accounts(cycle):
        tier = evaluation_selectors.current_tier(account.facility)
        if tier is None or tier == Tier.STANDARD:
            continue
        record = record_tier(
            facility=account.facility,
            tier=lower(tier),
            why=TierReason.MISSED,
            cycle=cycle.label,
            now=now,
        )
        audit.record(
            actor=None,
            action=AuditAction.TIER_LOWERED,
            target=account.facility,
            before={"tier": tier.value},
            after={"tier": record.tier, "cycle": cycle.label},
        )
        lowered += 1
    return lowered


# --- The daily job ------------------------------------------------------------------------


def daily(*, today: date | None = None, now: datetime | None = None) -> str:
    """Registered with core.housekeeping: open, remind, close."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    opened = open_cycle(today=today)
    reminded = lowered = 0
    for cycle in Cycle.objects.filter(closed_at__isnull=True).order_by("opens_on"):
        reminded += send_reminders(cycle=cycle, today=today)
        if today > cycle.deadline:
            lowered += close_cycle(cycle=cycle, today=today, now=now)
    return f"opened {opened.label if opened else 'none'}, {reminded} reminded, {lowered} lowered"
