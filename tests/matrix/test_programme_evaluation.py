"""The self-evaluation: the facility's pages (/facilities/mine/evaluation/...) and the
programme office's console pages ("staff:evaluations:...").

The fixture below writes, once for this module (in a savepoint of the package's world),
the published survey (version 1, the demo's), a draft version 2, and two facilities with
managers: `SUBMITTED` submitted its evaluation, `ACCEPTED` was accepted. A facility
manager is no role of the world: `test_the_facility_manager` checks one.

Who may what (programme/rules.py): only a facility's manager answers, and only its own
facility's evaluation (the URLs name no evaluation: the manager's facility decides); the
programme office (coordinators and admins, not suspended, with the second factor) keeps
the survey, reviews, changes tiers and accepts.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.tests.more_factories import make_coordinator
from gemeinwerk.programme.models_evaluation import (
    Answer,
    Evaluation,
    EvaluationStatus,
    Question,
    QuestionKind,
    Survey,
)
from gemeinwerk.programme.services import evaluation as service
from gemeinwerk.programme.tests.evaluation_factories import manager, survey
from gemeinwerk.programme.tests.factories import facility, organisation
from tests.matrix.cases import Case, Matrix, check, console, params, signed_in
from tests.matrix.world import World

SUBMITTED = "MX-EVAL-1"
ACCEPTED = "MX-EVAL-2"
MISSING = 999999


def _build() -> None:
    published = survey()
    office = make_coordinator(username="mx-eval-office")
    draft = service.start_draft(actor=office)
    assert draft.questions.exists()
    owner = organisation("Fundacja Ewaluacja")
    for number in (SUBMITTED, ACCEPTED):
        user = manager(facility(owner, number=number), email=f"{number.lower()}@example.org")
        for question in published.questions.all():
            value = "yes" if question.kind == QuestionKind.YES_NO else "Odpowiedź."
            service.save_answer(actor=user, question=question, value=value)
        evaluation = service.submit(actor=user)
        if number == ACCEPTED:
            service.accept(actor=office, evaluation=evaluation)


@pytest.fixture(scope="module", autouse=True)
def evaluations(shared_world: World, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        _build()
        yield
        transaction.set_rollback(True)


def evaluation_pk(number: str) -> int:
    return Evaluation.objects.values_list("pk", flat=True).get(facility__number=number)


def version(number: int) -> int:
    return Survey.objects.values_list("pk", flat=True).get(version=number)


def question_pk(number: int) -> int:
    return Question.objects.values_list("pk", flat=True).get(survey__version=number, position=1)


def office(status: int) -> dict[str, int]:
    """The programme office's pages: coordinators and admins; other staff are refused."""
    return console(403, coordinator=status, admin=status)


def staff(tail: str) -> Any:
    return lambda w: f"/staff/programme/evaluations/{tail}"


def submitted(tail: str = "") -> Any:
    return lambda w: f"/staff/programme/evaluations/{evaluation_pk(SUBMITTED)}/{tail}"


QUESTION = {
    "position": 20,
    "kind": "yes_no",
    "text": "Czy placówka ma ogród?",
    "hint": "",
    "points": 1,
    "required": "",
}

MATRIX: Matrix = {
    "programme:evaluation": [
        Case("/facilities/mine/evaluation/", expected=signed_in(403)),
        Case("/facilities/mine/evaluation/", "post", {"save": ""}, expected=signed_in(403)),
    ],
    "programme:evaluation_answer": [
        Case(
            lambda w: f"/facilities/mine/evaluation/questions/{question_pk(1)}/",
            "post",
            lambda w: {f"question-{question_pk(1)}": "yes"},
            expected=signed_in(403),
        ),
    ],
    "staff:evaluations:waiting": [Case(staff(""), expected=office(200))],
    "staff:evaluations:review": [
        Case(submitted(), expected=office(200)),
        Case(
            lambda w: f"/staff/programme/evaluations/{evaluation_pk(ACCEPTED)}/",
            expected=office(200),
        ),
        Case(
            submitted(), "post", {"tier": "premium", "reason": "Brak ogrodu."}, expected=office(302)
        ),
        Case(
            submitted(),
            "post",
            {"tier": "premium", "reason": ""},
            expected=office(200),
            unchanged=("coordinator", "admin"),
        ),
        Case(staff(f"{MISSING}/"), expected=office(404)),
    ],
    "staff:evaluations:accept": [
        Case(submitted("accept/"), "post", expected=office(302)),
        # Accepting is a POST: console users get 405 before any permission is asked.
        Case(submitted("accept/"), expected=console(405)),
        # Accepted already: the office is told, nothing changes.
        Case(
            lambda w: f"/staff/programme/evaluations/{evaluation_pk(ACCEPTED)}/accept/",
            "post",
            expected=office(302),
            unchanged=("coordinator", "admin"),
        ),
    ],
    "staff:evaluations:surveys": [
        Case(staff("surveys/"), expected=office(200)),
        # The draft exists: the office is led to it, nothing is made.
        Case(staff("surveys/"), "post", expected=office(302), unchanged=("coordinator", "admin")),
    ],
    "staff:evaluations:survey": [
        Case(lambda w: f"/staff/programme/evaluations/surveys/{version(1)}/", expected=office(200)),
        Case(lambda w: f"/staff/programme/evaluations/surveys/{version(2)}/", expected=office(200)),
        Case(
            lambda w: f"/staff/programme/evaluations/surveys/{version(2)}/",
            "post",
            QUESTION,
            expected=office(302),
        ),
        # A published version takes no question.
        Case(
            lambda w: f"/staff/programme/evaluations/surveys/{version(1)}/",
            "post",
            QUESTION,
            expected=office(404),
        ),
    ],
    "staff:evaluations:publish": [
        Case(
            lambda w: f"/staff/programme/evaluations/surveys/{version(2)}/publish/",
            "post",
            expected=office(302),
        ),
        Case(
            lambda w: f"/staff/programme/evaluations/surveys/{version(1)}/publish/",
            "post",
            expected=office(404),
        ),
    ],
    "staff:evaluations:question": [
        Case(
            lambda w: f"/staff/programme/evaluations/questions/{question_pk(2)}/",
            expected=office(200),
        ),
        Case(
            lambda w: f"/staff/programme/evaluations/questions/{question_pk(2)}/",
            "post",
            QUESTION,
            expected=office(302),
        ),
        # A published version's question is not found: it is never edited.
        Case(
            lambda w: f"/staff/programme/evaluations/questions/{question_pk(1)}/",
            expected=office(404),
        ),
    ],
    "staff:evaluations:delete_question": [
        Case(
            lambda w: f"/staff/programme/evaluations/questions/{question_pk(2)}/delete/",
            "post",
            expected=office(302),
        ),
        Case(
            lambda w: f"/staff/programme/evaluations/questions/{question_pk(1)}/delete/",
            "post",
            expected=office(404),
        ),
    ],
}


@pytest.mark.parametrize(("role", "name", "index"), params(MATRIX))
def test_matrix(world: World, role: str, name: str, index: int) -> None:
    check(world, role, MATRIX[name][index])


def test_the_facility_manager(world: World) -> None:
    """A facility manager answers its own evaluation and reaches no console page; another
    facility's manager neither sees nor changes it."""
    first = manager(facility(organisation(), number="MX-EVAL-3"))
    second = manager(facility(organisation(), number="MX-EVAL-4"))
    question = Question.objects.get(survey__version=1, position=4)
    client = Client()
    client.force_login(first)

    assert client.get("/facilities/mine/evaluation/").status_code == 200
    assert (
        client.post(
            f"/facilities/mine/evaluation/questions/{question.pk}/",
            {f"question-{question.pk}": "Nasza tajemnica"},
        ).status_code
        == 200
    )
    assert client.get("/staff/programme/evaluations/").status_code == 403
    assert client.post(submitted("accept/")(world)).status_code == 403
    assert Evaluation.objects.get(facility__number=SUBMITTED).status == EvaluationStatus.SUBMITTED

    other = Client()
    other.force_login(User.objects.get(pk=second.pk))
    assert "Nasza tajemnica" not in other.get("/facilities/mine/evaluation/").content.decode()
    other.post(
        f"/facilities/mine/evaluation/questions/{question.pk}/",
        {f"question-{question.pk}": "Cudza odpowiedź"},
    )
    assert Answer.objects.get(evaluation__facility__number="MX-EVAL-3", question=question).text == (
        "Nasza tajemnica"
    )
    # A submitted evaluation's answers stay as they were.
    submitted_manager = Client()
    submitted_manager.force_login(User.objects.get(facility_account__facility__number=SUBMITTED))
    submitted_manager.post("/facilities/mine/evaluation/", {f"question-{question.pk}": "Zmiana"})
    assert Answer.objects.get(evaluation__facility__number=SUBMITTED, question=question).text == (
        "Odpowiedź."
    )
