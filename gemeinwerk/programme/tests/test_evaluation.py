"""The self-evaluation as the services and pages see it: answers saved one by one and
resumed, submission checks required answers and freezes everything, the score gives the
tier by the installation's thresholds, the programme office changes a tier only with a
reason and accepts (both audited, the facility e-mailed after the commit), a sign-in
leads back to an unsubmitted evaluation, and one facility never reaches another's."""

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client
from django_tasks_db.models import DBTaskResult

from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.tests.more_factories import make_coordinator, make_verified
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.core.tests.test_mail import mailers_delivering_to
from gemeinwerk.programme import evaluation_selectors as selectors
from gemeinwerk.programme import scoring
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
from gemeinwerk.programme.services import evaluation as service
from gemeinwerk.programme.tests.evaluation_factories import PASSWORD, manager
from gemeinwerk.programme.tests.evaluation_factories import survey as published

pytestmark = pytest.mark.django_db


def facility_of(user: User) -> Facility:
    facility = selectors.facility_of(user)
    assert facility is not None
    return facility


@pytest.fixture
def survey() -> Survey:
    return published()


def answer_all(user: User, survey: Survey, *, yes: bool = True, text: str = "Tak robimy.") -> None:
    for question in survey.questions.all():
        value = ("yes" if yes else "no") if question.kind == QuestionKind.YES_NO else text
        service.save_answer(actor=user, question=question, value=value)


def test_answers_are_saved_one_by_one_and_resumed(survey: Survey):
    user = manager()
    first, second = survey.questions.order_by("position")[:2]

    service.save_answer(actor=user, question=first, value="yes")
    service.save_answer(actor=user, question=second, value="no")
    service.save_answer(actor=user, question=first, value="no")

    evaluation = selectors.evaluation_of(facility_of(user))
    assert evaluation is not None
    assert evaluation.is_draft
    assert evaluation.cycle == selectors.cycle_of()
    answers = selectors.answers_by_question(evaluation)
    assert (answers[first.pk].yes, answers[second.pk].yes) == (False, False)
    assert Answer.objects.count() == 2
    # Leaving and coming back: the page shows what was saved.
    client = Client()
    client.force_login(user)
    page = client.get("/pl/facilities/mine/evaluation/").content.decode()
    assert 'value="no" checked' in page


def test_the_save_button_works_without_javascript(survey: Survey):
    user = manager()
    text_question = survey.questions.filter(kind=QuestionKind.TEXT).first()
    assert text_question is not None
    client = Client()
    client.force_login(user)

    response = client.post(
        "/pl/facilities/mine/evaluation/",
        {f"question-{text_question.pk}": "Spotkania z rodzicami co miesiąc.", "save": ""},
    )

    assert response.status_code == 302
    assert Answer.objects.get(question=text_question).text == "Spotkania z rodzicami co miesiąc."


def test_htmx_saves_one_answer_and_says_so(survey: Survey):
    user = manager()
    question = survey.questions.get(position=1)
    client = Client()
    client.force_login(user)

    response = client.post(
        f"/pl/facilities/mine/evaluation/questions/{question.pk}/",
        {f"question-{question.pk}": "yes"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert Answer.objects.get(question=question).yes is True


def test_submission_needs_every_required_answer_and_then_freezes(survey: Survey):
    user = manager()
    required = survey.questions.filter(required=True).order_by("position")
    for question in required[:3]:
        service.save_answer(actor=user, question=question, value="yes")

    with pytest.raises(ValidationError) as refused:
        service.submit(actor=user)
    assert f"question-{required[3].pk}" in refused.value.message_dict
    assert Evaluation.objects.get().status == EvaluationStatus.DRAFT

    answer_all(user, survey)
    evaluation = service.submit(actor=user)

    assert evaluation.status == EvaluationStatus.SUBMITTED
    assert evaluation.submitted_at is not None
    with pytest.raises(ValidationError):
        service.save_answer(actor=user, question=required[0], value="no")
    with pytest.raises(ValidationError):
        service.save_answers(actor=user, values={required[0].pk: "no"})
    assert Answer.objects.get(question=required[0]).yes is True
    client = Client()
    client.force_login(user)
    page = client.get("/pl/facilities/mine/evaluation/").content.decode()
    assert "<textarea" not in page
    assert 'type="radio"' not in page
    response = client.post(
        f"/pl/facilities/mine/evaluation/questions/{required[0].pk}/",
        {f"question-{required[0].pk}": "no"},
    )
    assert response.status_code == 409
    assert Answer.objects.get(question=required[0]).yes is True


def test_the_score_sums_the_points_and_the_thresholds_give_the_tier(survey: Survey, settings: Any):
    everything = sum(survey.questions.values_list("points", flat=True))
    user = manager()
    answer_all(user, survey)

    evaluation = service.submit(actor=user)

    assert evaluation.score == everything
    assert evaluation.proposed_tier == evaluation.final_tier == Tier.VIP
    # A "no" scores nothing; an empty free text (the optional question) neither.
    texts = survey.questions.filter(kind=QuestionKind.TEXT)
    optional = texts.get(required=False)
    nobody = manager()
    answer_all(nobody, survey, yes=False)
    service.save_answer(actor=nobody, question=optional, value="  ")
    low = service.submit(actor=nobody)
    assert low.score == sum(texts.values_list("points", flat=True)) - optional.points
    assert low.proposed_tier == Tier.STANDARD

    assert scoring.tier_for(14) == Tier.STANDARD
    assert scoring.tier_for(15) == Tier.PREMIUM
    assert scoring.tier_for(24) == Tier.VIP
    settings.PROGRAMME_TIER_THRESHOLDS = {"premium": 5, "vip": 10}
    assert scoring.thresholds() == {"premium": 5, "vip": 10}
    assert scoring.tier_for(7) == Tier.PREMIUM


def test_the_coordinator_changes_the_tier_only_with_a_reason_audited(survey: Survey):
    user = manager()
    answer_all(user, survey)
    evaluation = service.submit(actor=user)
    coordinator = make_coordinator()

    with pytest.raises(ValidationError):
        service.change_tier(actor=coordinator, evaluation=evaluation, tier=Tier.PREMIUM, reason=" ")
    with pytest.raises(PermissionDenied):
        service.change_tier(actor=user, evaluation=evaluation, tier=Tier.VIP, reason="Bo tak.")
    service.change_tier(
        actor=coordinator,
        evaluation=evaluation,
        tier=Tier.PREMIUM,
        reason="Brak dokumentu o ochronie dzieci.",
    )

    evaluation.refresh_from_db()
    assert (evaluation.proposed_tier, evaluation.final_tier) == (Tier.VIP, Tier.PREMIUM)
    assert evaluation.tier_changed_by == coordinator
    event = AuditEvent.objects.get(action=AuditAction.TIER_CHANGED)
    assert event.actor == coordinator
    assert (event.before, event.after["tier"]) == ({"tier": "vip"}, "premium")
    assert evaluation.tier_change_reason == "Brak dokumentu o ochronie dzieci."


def test_acceptance_is_audited_and_mails_the_facility_in_its_language(survey: Survey):
    user = manager(language="pl")
    answer_all(user, survey)
    evaluation = service.submit(actor=user)
    facility = evaluation.facility
    assert not selectors.accepted(facility)
    assert selectors.current_tier(facility) is None

    with pytest.raises(PermissionDenied):
        service.accept(actor=make_verified(), evaluation=evaluation)
    with pytest.raises(PermissionDenied):
        service.accept(actor=make_coordinator(two_factor=False), evaluation=evaluation)
    coordinator = make_coordinator()
    service.accept(actor=coordinator, evaluation=evaluation)

    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.ACCEPTED
    assert evaluation.accepted_by == coordinator
    assert AuditEvent.objects.get(action=AuditAction.EVALUATION_ACCEPTED).actor == coordinator
    assert selectors.accepted(facility)
    assert selectors.current_tier(facility) == Tier.VIP
    (message,) = mail.outbox
    assert message.to == [user.email]
    assert message.body.startswith("Dzień dobry,")
    assert "VIP" in message.body
    with pytest.raises(ValidationError):
        service.accept(actor=coordinator, evaluation=evaluation)


def test_the_acceptance_e_mail_leaves_with_the_commit_only(survey: Survey, settings: Any):
    settings.MAILERS = mailers_delivering_to("django.core.mail.backends.locmem.EmailBackend")
    user = manager()
    answer_all(user, survey)
    evaluation = service.submit(actor=user)
    coordinator = make_coordinator()

    def acceptance_that_fails() -> None:
        with transaction.atomic():
            service.accept(actor=coordinator, evaluation=evaluation)
            assert DBTaskResult.objects.filter(task_path__endswith="deliver_email").count() == 1
            raise RuntimeError("the acceptance failed")

    with pytest.raises(RuntimeError):
        acceptance_that_fails()

    assert DBTaskResult.objects.filter(task_path__endswith="deliver_email").count() == 0
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.SUBMITTED


def test_only_a_facility_manager_answers_and_only_its_own(survey: Survey):
    question = survey.questions.get(position=1)
    with pytest.raises(PermissionDenied):
        service.save_answer(actor=make_verified(), question=question, value="yes")
    with pytest.raises(PermissionDenied):
        service.save_answer(actor=make_coordinator(), question=question, value="yes")

    first, second = manager(), manager()
    service.save_answer(actor=first, question=question, value="yes")
    text = survey.questions.filter(kind=QuestionKind.TEXT).first()
    assert text is not None
    service.save_answer(actor=first, question=text, value="Nasza tajemnica")

    # The second facility sees its own, empty evaluation; its answers go to its own.
    client = Client()
    client.force_login(second)
    assert "Nasza tajemnica" not in client.get("/pl/facilities/mine/evaluation/").content.decode()
    client.post(
        f"/pl/facilities/mine/evaluation/questions/{question.pk}/",
        {f"question-{question.pk}": "no"},
    )
    mine = selectors.evaluation_of(facility_of(first))
    assert mine is not None
    assert selectors.answers_by_question(mine)[question.pk].yes is True
    assert Evaluation.objects.count() == 2


def test_a_question_of_another_version_is_refused(survey: Survey):
    user = manager()
    coordinator = make_coordinator()
    draft = service.start_draft(actor=coordinator)
    other = draft.questions.get(position=1)

    with pytest.raises(ValidationError):
        service.save_answer(actor=user, question=other, value="yes")
    client = Client()
    client.force_login(user)
    response = client.post(f"/pl/facilities/mine/evaluation/questions/{other.pk}/", {})
    assert response.status_code == 404


def test_a_published_version_is_never_edited_a_new_draft_is(survey: Survey):
    coordinator = make_coordinator()
    question = survey.questions.get(position=1)
    with pytest.raises(ValidationError):
        service.save_question(actor=coordinator, survey=survey, question=question, text="Inne?")
    with pytest.raises(PermissionDenied):
        service.start_draft(actor=make_verified())

    draft = service.start_draft(actor=coordinator)
    assert draft.version == 2
    assert not draft.is_published
    assert draft.questions.count() == survey.questions.count()
    assert service.start_draft(actor=coordinator) == draft
    added = service.save_question(
        actor=coordinator,
        survey=draft,
        kind=QuestionKind.YES_NO,
        text="Czy placówka ma ogród?",
        hint="",
        points=1,
        required=False,
    )
    assert added.position == 16
    service.publish(actor=coordinator, survey=draft)

    assert selectors.published_survey() == draft
    assert AuditEvent.objects.filter(action=AuditAction.SURVEY_PUBLISHED).count() == 1
    assert Question.objects.get(pk=question.pk).text == question.text
    with pytest.raises(ValidationError):
        service.publish(actor=coordinator, survey=draft)


def sign_in(login: str) -> Any:
    return Client().post("/pl/accounts/login/", {"login": login, "password": PASSWORD})


def test_every_sign_in_leads_to_the_evaluation_until_it_is_submitted(survey: Survey):
    user = manager()

    response = sign_in(user.email)
    assert response.status_code == 302
    assert response["Location"] == "/pl/facilities/mine/evaluation/"
    answer_all(user, survey)
    assert sign_in(user.email)["Location"] == "/pl/facilities/mine/evaluation/"
    service.submit(actor=user)

    assert sign_in(user.email)["Location"] != "/pl/facilities/mine/evaluation/"


def test_an_incomplete_profile_comes_first(survey: Survey):
    pytest.importorskip("gemeinwerk.programme.profile_selectors")
    user = manager(profile=False)

    assert sign_in(user.email)["Location"] == "/pl/facilities/mine/profile/"


def test_others_sign_in_as_before(survey: Survey):
    make_verified(username="mila", email="mila@example.org", password=PASSWORD)
    response = sign_in("mila@example.org")

    assert response.status_code == 302
    assert "/facilities/" not in response["Location"]


def test_without_a_published_survey_nothing_is_due():
    user = manager()

    assert not selectors.is_due(facility_of(user))
    assert "/facilities/mine/evaluation/" not in sign_in(user.email)["Location"]


def test_the_cycles_are_march_and_september():
    from datetime import date

    assert selectors.cycle_of(date(2026, 9, 1)) == "2026-09"
    assert selectors.cycle_of(date(2027, 2, 28)) == "2026-09"
    assert selectors.cycle_of(date(2027, 3, 1)) == "2027-03"
    assert selectors.cycle_of(date(2027, 8, 31)) == "2027-03"
