"""The evaluation cycles: the daily job opens a cycle on 1 March and 1 September (and
catches up when it missed the day), sends each reminder exactly once per facility
(even when it runs twice or crashed half-way), closes the cycle after the deadline by
the installation's rule, and every tier a facility has is kept in its history. Time is
given to the services as `today`/`now`: nothing waits."""

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django_tasks_db.models import DBTaskResult

from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.tests.more_factories import make_coordinator
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.core.housekeeping import jobs
from gemeinwerk.core.tests.test_mail import mailers_delivering_to
from gemeinwerk.programme import evaluation_selectors as selectors
from gemeinwerk.programme.audit_actions import AuditAction
from gemeinwerk.programme.models import Facility
from gemeinwerk.programme.models_cycles import (
    Cycle,
    CycleReminder,
    ReminderKind,
    TierReason,
    TierRecord,
)
from gemeinwerk.programme.models_evaluation import Evaluation, EvaluationStatus, Survey, Tier
from gemeinwerk.programme.services import cycles
from gemeinwerk.programme.tests.evaluation_factories import PASSWORD, manager
from gemeinwerk.programme.tests.evaluation_factories import survey as published

pytestmark = pytest.mark.django_db

MARCH = date(2027, 3, 1)


def facility_of(user: User) -> Facility:
    facility = selectors.facility_of(user)
    assert facility is not None
    return facility


def evaluation(user: User, survey: Survey, cycle: str, status: str, tier: str = "") -> Evaluation:
    return Evaluation.objects.create(
        facility=facility_of(user),
        survey=survey,
        cycle=cycle,
        status=status,
        final_tier=tier,
        proposed_tier=tier,
    )


@pytest.fixture
def survey() -> Survey:
    return published()


def test_the_job_is_registered_for_the_daily_housekeeping():
    assert "evaluation cycles opened, reminded and closed" in [job.name for job in jobs()]


@pytest.mark.parametrize(
    ("today", "label", "opens_on"),
    [
        (date(2027, 3, 1), "2027-03", date(2027, 3, 1)),
        (date(2027, 9, 1), "2027-09", date(2027, 9, 1)),
        # The job did not run on the first: the next run opens it, from the first.
        (date(2027, 3, 4), "2027-03", date(2027, 3, 1)),
        (date(2027, 9, 20), "2027-09", date(2027, 9, 1)),
    ],
)
def test_a_cycle_opens_in_march_and_september(
    today: date, label: str, opens_on: date, settings: Any
):
    settings.PROGRAMME_EVALUATION_WEEKS = 6

    cycles.daily(today=today)
    cycles.daily(today=today)

    (cycle,) = Cycle.objects.all()
    assert (cycle.label, cycle.opens_on) == (label, opens_on)
    assert (cycle.deadline - cycle.opens_on).days == 42


def test_the_deadline_follows_the_installation_setting(settings: Any):
    settings.PROGRAMME_EVALUATION_WEEKS = 4
    cycles.daily(today=MARCH)
    assert Cycle.objects.get().deadline == date(2027, 3, 29)


def test_a_whole_missed_cycle_is_not_opened_after_its_end():
    cycles.daily(today=date(2027, 8, 30))
    assert not Cycle.objects.exists()


def test_each_reminder_goes_once_to_each_facility_that_has_not_submitted(survey: Survey):
    waiting = manager(language="pl")
    english = manager(language="en")
    done = manager()
    evaluation(done, survey, "2027-03", EvaluationStatus.SUBMITTED)
    inactive = manager()
    User.objects.filter(pk=inactive.pk).update(is_active=False)

    for day in (MARCH, MARCH, date(2027, 3, 5)):  # twice on the day, then a quiet day
        cycles.daily(today=day)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [waiting.email, english.email]
    )
    polish = next(message for message in mail.outbox if message.to == [waiting.email])
    assert polish.body.startswith("Dzień dobry,")
    assert "2027-03" in polish.subject

    mail.outbox.clear()
    for day in (date(2027, 3, 15), date(2027, 3, 15), date(2027, 3, 16)):
        cycles.daily(today=day)
    assert len(mail.outbox) == 2
    mail.outbox.clear()
    for day in (date(2027, 4, 9), date(2027, 4, 12), date(2027, 4, 12)):  # deadline 12 April
        cycles.daily(today=day)
    assert len(mail.outbox) == 2
    assert CycleReminder.objects.filter(facility=facility_of(waiting)).count() == 3
    assert set(
        CycleReminder.objects.filter(facility=facility_of(waiting)).values_list("kind", flat=True)
    ) == set(ReminderKind.values)


def test_a_crash_half_way_sends_nobody_twice_and_nobody_is_left_out(monkeypatch: Any):
    users = [manager() for _ in range(3)]
    real = cycles._send_reminder
    broken = {users[1].email}

    def send(account: Any, cycle: Cycle, kind: str) -> None:
        if account.user.email in broken:
            raise RuntimeError("the mail server went away")
        real(account, cycle, kind)

    monkeypatch.setattr(cycles, "_send_reminder", send)
    with pytest.raises(RuntimeError):
        cycles.daily(today=MARCH)
    assert [message.to for message in mail.outbox] == [[users[0].email]]
    assert CycleReminder.objects.count() == 1

    broken.clear()
    cycles.daily(today=MARCH)
    cycles.daily(today=MARCH)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(u.email for u in users)
    assert CycleReminder.objects.count() == 3


def test_a_reminder_leaves_with_the_commit_only(settings: Any):
    settings.MAILERS = mailers_delivering_to("django.core.mail.backends.locmem.EmailBackend")
    manager()
    cycle = cycles.open_cycle(today=MARCH)
    assert cycle is not None

    def housekeeping_that_fails() -> None:
        with transaction.atomic():
            cycles.send_reminders(cycle=cycle, today=MARCH)
            assert DBTaskResult.objects.filter(task_path__endswith="deliver_email").count() == 1
            raise RuntimeError("housekeeping failed")

    with pytest.raises(RuntimeError):
        housekeeping_that_fails()

    assert DBTaskResult.objects.filter(task_path__endswith="deliver_email").count() == 0
    assert not CycleReminder.objects.exists()


def _tiered(survey: Survey, tier: str) -> User:
    user = manager()
    evaluation(user, survey, "2026-09", EvaluationStatus.ACCEPTED, tier)
    cycles.record_tier(
        facility=facility_of(user),
        tier=tier,
        why=TierReason.ACCEPTED,
        cycle="2026-09",
        now=datetime(2026, 10, 1, tzinfo=UTC),
    )
    return user


def test_missing_the_deadline_keeps_the_tier_by_default(survey: Survey, settings: Any):
    settings.PROGRAMME_MISSED_DEADLINE = "keep"
    user = _tiered(survey, Tier.VIP)
    cycles.daily(today=MARCH)
    cycles.daily(today=date(2027, 4, 13))

    assert Cycle.objects.get().closed_at is not None
    assert selectors.current_tier(facility_of(user)) == Tier.VIP
    assert TierRecord.objects.count() == 1


def test_missing_the_deadline_lowers_one_tier_not_below_standard(survey: Survey, settings: Any):
    settings.PROGRAMME_MISSED_DEADLINE = "lower"
    vip = _tiered(survey, Tier.VIP)
    standard = _tiered(survey, Tier.STANDARD)
    punctual = _tiered(survey, Tier.PREMIUM)
    evaluation(punctual, survey, "2027-03", EvaluationStatus.SUBMITTED, Tier.PREMIUM)

    cycles.daily(today=MARCH)
    cycles.daily(today=date(2027, 4, 12))  # the deadline itself: still open
    assert selectors.current_tier(facility_of(vip)) == Tier.VIP
    cycles.daily(today=date(2027, 4, 13))
    cycles.daily(today=date(2027, 4, 14))  # closed once: lowered once

    assert selectors.current_tier(facility_of(vip)) == Tier.PREMIUM
    assert selectors.current_tier(facility_of(standard)) == Tier.STANDARD
    assert selectors.current_tier(facility_of(punctual)) == Tier.PREMIUM
    record = TierRecord.objects.filter(facility=facility_of(vip)).first()
    assert record is not None
    assert (record.why, record.cycle, record.by) == (TierReason.MISSED, "2027-03", None)
    assert AuditEvent.objects.filter(action=AuditAction.TIER_LOWERED).count() == 1


def test_acceptance_writes_the_tier_history_shown_on_my_facility(survey: Survey):
    from gemeinwerk.programme.models_evaluation import QuestionKind
    from gemeinwerk.programme.services import evaluation as service

    user = manager(language="en")
    for question in survey.questions.all():
        value = "yes" if question.kind == QuestionKind.YES_NO else "Tak."
        service.save_answer(actor=user, question=question, value=value)
    submitted = service.submit(actor=user)
    office = make_coordinator()
    service.change_tier(actor=office, evaluation=submitted, tier=Tier.PREMIUM, reason="Brak.")
    service.accept(actor=office, evaluation=submitted)

    record = TierRecord.objects.get(facility=facility_of(user))
    assert (record.tier, record.why, record.by, record.cycle) == (
        Tier.PREMIUM,
        TierReason.CHANGED,
        office,
        submitted.cycle,
    )
    assert selectors.current_tier(facility_of(user)) == Tier.PREMIUM

    client = Client()
    client.login(username=user.username, password=PASSWORD)
    html = client.get("/en/facilities/mine/").content.decode()
    assert "Tier history" in html
    assert "changed by the programme office" in html
