"""Reads of the self-evaluation: the published survey, a facility's evaluation of the
current cycle, its tier, and what the programme office reviews.

`accepted(facility)` and `current_tier(facility)` are what other parts of the programme
ask: the reward basket and the exchange point open only after an accepted evaluation."""

from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from gemeinwerk.programme.models import AccountStatus, Facility, FacilityAccount
from gemeinwerk.programme.models_evaluation import (
    Answer,
    Evaluation,
    EvaluationStatus,
    Question,
    Survey,
    Tier,
)


def cycle_of(day: date | None = None) -> str:
    """The cycle a day belongs to: facilities evaluate themselves in September and in
    March; until the next one starts, the last one is open."""
    day = day or timezone.localdate()
    if day.month >= 9:
        return f"{day.year}-09"
    if day.month >= 3:
        return f"{day.year}-03"
    return f"{day.year - 1}-09"


def published_survey() -> Survey | None:
    return Survey.objects.filter(published_at__isnull=False).order_by("-version").first()


def draft_survey() -> Survey | None:
    return Survey.objects.filter(published_at__isnull=True).order_by("-version").first()


def surveys() -> QuerySet[Survey]:
    return Survey.objects.order_by("-version")


def questions(survey: Survey) -> list[Question]:
    return list(survey.questions.order_by("position", "pk"))


def facility_of(user: Any) -> Facility | None:
    """The facility whose approved account `user` is, or None."""
    pk = getattr(user, "pk", None)
    if pk is None:
        return None
    account = (
        FacilityAccount.objects.filter(user_id=pk, status=AccountStatus.APPROVED)
        .select_related("facility")
        .first()
    )
    return account.facility if account else None


def evaluation_of(facility: Facility, cycle: str | None = None) -> Evaluation | None:
    """The facility's evaluation of the cycle (the current one), if it was started."""
    return (
        Evaluation.objects.filter(facility=facility, cycle=cycle or cycle_of())
        .select_related("survey", "facility")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("question")))
        .first()
    )


def is_due(facility: Facility) -> bool:
    """A survey is published and the facility has not submitted this cycle's evaluation:
    every sign-in of the facility leads to it."""
    if published_survey() is None:
        return False
    evaluation = Evaluation.objects.filter(facility=facility, cycle=cycle_of()).first()
    return evaluation is None or evaluation.is_draft


def answers_by_question(evaluation: Evaluation | None) -> dict[int, Answer]:
    if evaluation is None:
        return {}
    return {answer.question_id: answer for answer in evaluation.answers.all()}


def accepted(facility: Facility) -> bool:
    """Has an accepted evaluation: the reward basket and the exchange point are open."""
    return Evaluation.objects.filter(facility=facility, status=EvaluationStatus.ACCEPTED).exists()


def current_tier(facility: Facility) -> Tier | None:
    """The tier of the facility's tier history (TierRecord: accepted evaluations, the
    missed deadline's rule), else of its latest accepted evaluation, or None."""
    from gemeinwerk.programme.models_cycles import TierRecord

    tier = (
        TierRecord.objects.filter(facility=facility)
        .order_by("-since", "-pk")
        .values_list("tier", flat=True)
        .first()
    )
    if tier:
        return Tier(tier)
    tier = (
        Evaluation.objects.filter(facility=facility, status=EvaluationStatus.ACCEPTED)
        .order_by("-accepted_at", "-pk")
        .values_list("final_tier", flat=True)
        .first()
    )
    return Tier(tier) if tier else None


def submitted() -> QuerySet[Evaluation]:
    """Waiting for the programme office, oldest first."""
    return (
        Evaluation.objects.filter(status=EvaluationStatus.SUBMITTED)
        .select_related("facility__organisation", "survey")
        .order_by("submitted_at", "pk")
    )


def accepted_lately(limit: int = 20) -> list[Evaluation]:
    return list(
        Evaluation.objects.filter(status=EvaluationStatus.ACCEPTED)
        .select_related("facility__organisation", "accepted_by")
        .order_by("-accepted_at", "-pk")[:limit]
    )


def for_review(pk: int) -> Evaluation | None:
    """A submitted or accepted evaluation with its answers, for the programme office."""
    return (
        Evaluation.objects.exclude(status=EvaluationStatus.DRAFT)
        .select_related("facility__organisation", "survey", "tier_changed_by", "accepted_by")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("question")))
        .filter(pk=pk)
        .first()
    )
