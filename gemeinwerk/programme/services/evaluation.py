"""The self-evaluation: the programme office keeps the survey (a published version is
frozen; changes go into a new draft version), a facility answers it (saved answer by
answer, submitted once, read-only from then on), the office reviews the proposed tier,
may change it with a reason, and accepts; the facility is e-mailed after the commit."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gemeinwerk import audit
from gemeinwerk.accounts.models import User
from gemeinwerk.core.permissions import may
from gemeinwerk.programme import evaluation_selectors as selectors
from gemeinwerk.programme import mail, scoring
from gemeinwerk.programme.audit_actions import AuditAction
from gemeinwerk.programme.models import Facility
from gemeinwerk.programme.models_evaluation import (
    Answer,
    Evaluation,
    EvaluationStatus,
    Question,
    QuestionKind,
    Survey,
    Tier,
)
from gemeinwerk.programme.services import cycles

REVIEW = "programme.review_evaluations"
ANSWER = "programme.answer_evaluation"


def _check_office(actor: User) -> None:
    if not may(actor, REVIEW):
        raise PermissionDenied("only the programme office keeps the survey and reviews")


# --- The survey ---------------------------------------------------------------------------


@transaction.atomic
def start_draft(*, actor: User, title: str = "") -> Survey:
    """The draft version to edit: the existing one, or a copy of the latest published
    version (its questions included) under the next version number."""
    _check_office(actor)
    draft = Survey.objects.select_for_update().filter(published_at__isnull=True).first()
    if draft is not None:
        return draft
    latest = selectors.published_survey()
    number = (Survey.objects.aggregate(top=Max("version"))["top"] or 0) + 1
    survey = Survey.objects.create(
        version=number,
        title=title or (latest.title if latest else _("Self-evaluation")),
    )
    if latest is not None:
        Question.objects.bulk_create(
            Question(
                survey=survey,
                position=question.position,
                kind=question.kind,
                text=question.text,
                hint=question.hint,
                points=question.points,
                required=question.required,
            )
            for question in latest.questions.all()
        )
    return survey


def _check_draft(survey: Survey) -> None:
    if survey.is_published:
        raise ValidationError(
            _("A published version is never changed. Start a new version instead."),
            code="published",
        )


@transaction.atomic
def save_question(
    *, actor: User, survey: Survey, question: Question | None = None, **fields: Any
) -> Question:
    """Add a question to a draft version, or change one of its questions."""
    _check_office(actor)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _check_draft(survey)
    if question is None:
        top = survey.questions.aggregate(top=Max("position"))["top"] or 0
        question = Question(survey=survey, position=fields.pop("position", None) or top + 1)
    elif question.survey_id != survey.pk:
        raise PermissionDenied("the question is another version's")
    for name, value in fields.items():
        setattr(question, name, value)
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def delete_question(*, actor: User, question: Question) -> None:
    _check_office(actor)
    survey = Survey.objects.select_for_update().get(pk=question.survey_id)
    _check_draft(survey)
    question.delete()


@transaction.atomic
def publish(*, actor: User, survey: Survey) -> Survey:
    """From now on new evaluations use this version; it is never edited again."""
    _check_office(actor)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _check_draft(survey)
    if not survey.questions.exists():
        raise ValidationError(_("Add at least one question first."), code="empty")
    survey.published_at = timezone.now()
    survey.save(update_fields=["published_at"])
    audit.record(
        actor=actor,
        action=AuditAction.SURVEY_PUBLISHED,
        target=survey,
        after={"version": survey.version, "questions": survey.questions.count()},
    )
    return survey


# --- The facility answers -----------------------------------------------------------------


def _facility_of(actor: User) -> Facility:
    facility = selectors.facility_of(actor) if may(actor, ANSWER) else None
    if facility is None:
        raise PermissionDenied("only a facility's manager answers its evaluation")
    return facility


def _open(facility: Facility) -> Evaluation:
    """This cycle's evaluation of the facility, started with the published survey if
    there is none yet. Locked: answers and the submission go one after the other."""
    cycle = selectors.cycle_of()
    evaluation = (
        Evaluation.objects.select_for_update().filter(facility=facility, cycle=cycle).first()
    )
    if evaluation is not None:
        return evaluation
    survey = selectors.published_survey()
    if survey is None:
        raise ValidationError(_("There is no survey to answer yet."), code="no_survey")
    try:
        # Two first answers at the same moment (two tabs): the constraint keeps one.
        with transaction.atomic():
            Evaluation.objects.create(facility=facility, survey=survey, cycle=cycle)
    except IntegrityError:
        pass
    return Evaluation.objects.select_for_update().get(facility=facility, cycle=cycle)


def _check_open(evaluation: Evaluation) -> None:
    if not evaluation.is_draft:
        raise ValidationError(
            _("This self-evaluation is submitted: its answers cannot be changed."),
            code="submitted",
        )


def _store(evaluation: Evaluation, question: Question, value: Any) -> Answer:
    if question.survey_id != evaluation.survey_id:
        raise ValidationError(_("This question is not part of the survey."), code="question")
    answer, _created = Answer.objects.get_or_create(evaluation=evaluation, question=question)
    if question.kind == QuestionKind.YES_NO:
        answer.yes = {"yes": True, "no": False}.get(str(value or "").strip().lower())
    else:
        answer.text = str(value or "").strip()[:5000]
    answer.full_clean(exclude=["evaluation", "question"])
    answer.save()
    return answer


@transaction.atomic
def save_answer(*, actor: User, question: Question, value: Any) -> Answer:
    """One answer, as the facility types it (htmx) — "yes"/"no" for yes/no questions."""
    evaluation = _open(_facility_of(actor))
    _check_open(evaluation)
    return _store(evaluation, question, value)


@transaction.atomic
def save_answers(*, actor: User, values: dict[int, Any]) -> Evaluation:
    """The whole form at once (the "Save" button, without JavaScript): question pk ->
    value; questions of other versions are refused."""
    evaluation = _open(_facility_of(actor))
    _check_open(evaluation)
    by_pk = {question.pk: question for question in evaluation.survey.questions.all()}
    for pk, value in values.items():
        if pk not in by_pk:
            raise ValidationError(_("This question is not part of the survey."), code="question")
        _store(evaluation, by_pk[pk], value)
    return evaluation


def missing(evaluation: Evaluation) -> list[Question]:
    """The required questions without an answer."""
    given = {
        answer.question_id
        for answer in evaluation.answers.select_related("question")
        if answer.is_given
    }
    return [
        question
        for question in evaluation.survey.questions.order_by("position")
        if question.required and question.pk not in given
    ]


@transaction.atomic
def submit(*, actor: User) -> Evaluation:
    """Every required question answered: submitted, scored, a tier proposed. From now on
    nothing in it changes but the programme office's decision."""
    evaluation = _open(_facility_of(actor))
    _check_open(evaluation)
    unanswered = missing(evaluation)
    if unanswered:
        raise ValidationError(
            {
                f"question-{question.pk}": _("Please answer this question.")
                for question in unanswered
            },
            code="required",
        )
    total = scoring.score(evaluation.answers.select_related("question"))
    tier = scoring.tier_for(total)
    evaluation.status = EvaluationStatus.SUBMITTED
    evaluation.submitted_at = timezone.now()
    evaluation.score = total
    evaluation.proposed_tier = tier
    evaluation.final_tier = tier
    evaluation.save(
        update_fields=["status", "submitted_at", "score", "proposed_tier", "final_tier"]
    )
    audit.record(
        actor=actor,
        action=AuditAction.EVALUATION_SUBMITTED,
        target=evaluation,
        after={"score": total, "proposed_tier": tier.value, "cycle": evaluation.cycle},
    )
    return evaluation


# --- The programme office decides ---------------------------------------------------------


def _locked_submitted(evaluation: Evaluation) -> Evaluation:
    evaluation = (
        Evaluation.objects.select_for_update().select_related("facility").get(pk=evaluation.pk)
    )
    if evaluation.status != EvaluationStatus.SUBMITTED:
        raise ValidationError(_("This self-evaluation has been accepted already."), code="decided")
    return evaluation


@transaction.atomic
def change_tier(*, actor: User, evaluation: Evaluation, tier: str, reason: str) -> Evaluation:
    """Another tier than the score proposes, with the reason (audited)."""
    _check_office(actor)
    reason = reason.strip()
    if tier not in Tier.values:
        raise ValidationError({"tier": _("Please choose a tier.")}, code="tier")
    if not reason:
        raise ValidationError(
            {"reason": _("Please give the reason for the change.")}, code="reason"
        )
    evaluation = _locked_submitted(evaluation)
    before = evaluation.final_tier
    evaluation.final_tier = tier
    evaluation.tier_changed_by = actor
    evaluation.tier_change_reason = reason[:1000]
    evaluation.save(update_fields=["final_tier", "tier_changed_by", "tier_change_reason"])
    audit.record(
        actor=actor,
        action=AuditAction.TIER_CHANGED,
        target=evaluation,
        before={"tier": before},
        # The reason stays on the evaluation: the audit trail holds no free text.
        after={"tier": tier, "proposed_tier": evaluation.proposed_tier},
    )
    return evaluation


@transaction.atomic
def accept(*, actor: User, evaluation: Evaluation) -> Evaluation:
    """Accepted with its final tier: the facility is e-mailed (after the commit)."""
    _check_office(actor)
    evaluation = _locked_submitted(evaluation)
    evaluation.status = EvaluationStatus.ACCEPTED
    evaluation.accepted_at = timezone.now()
    evaluation.accepted_by = actor
    evaluation.save(update_fields=["status", "accepted_at", "accepted_by"])
    audit.record(
        actor=actor,
        action=AuditAction.EVALUATION_ACCEPTED,
        target=evaluation,
        before={"status": EvaluationStatus.SUBMITTED},
        after={"status": EvaluationStatus.ACCEPTED, "tier": evaluation.final_tier},
    )
    cycles.record_accepted(evaluation=evaluation, actor=actor)
    _send_accepted(evaluation)
    return evaluation


def _send_accepted(evaluation: Evaluation) -> None:
    """To the facility's account, in its language (programme/mail.py)."""
    mail.send(
        mail.approved_account(evaluation.facility),
        "programme/evaluation/email/accepted",
        {
            "tier": Tier(evaluation.final_tier).label,
            "cycle": evaluation.cycle,
        },
        link_to="programme:evaluation",
    )
