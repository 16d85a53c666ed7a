"""The self-evaluation's pages.

The facility's (/facilities/mine/evaluation/): the questions of the published survey;
each answer is saved as it is typed (htmx posts it to `answer`, a quiet "saved" in a
live region), and "Save" sends the whole form without JavaScript. "Submit" checks the
required answers; a submitted evaluation is shown read-only. `sign_in_destination` is
registered with accounts.hooks.after_sign_in: until it is submitted, every sign-in of
the facility leads here (after the facility's profile, while that is incomplete).

The programme office's (/staff/programme/evaluations/): the submitted evaluations, each
with its answers and score, a tier change with its reason, acceptance; the survey's
versions, a draft's questions, publishing."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gemeinwerk.accounts.typing import AuthenticatedRequest
from gemeinwerk.console.decorators import console
from gemeinwerk.core.forms import add_validation_error
from gemeinwerk.core.permissions import may, require
from gemeinwerk.programme import evaluation_selectors as selectors
from gemeinwerk.programme import scoring
from gemeinwerk.programme.evaluation_forms import QuestionForm, TierForm
from gemeinwerk.programme.models_evaluation import Question, Survey
from gemeinwerk.programme.services import evaluation as service

ANSWER = "programme.answer_evaluation"
REVIEW = "programme.review_evaluations"


def _field(question: Question) -> str:
    return f"question-{question.pk}"


def _page(
    request: AuthenticatedRequest,
    errors: dict[str, list[str]] | None = None,
    values: dict[int, str] | None = None,
) -> HttpResponse:
    facility = selectors.facility_of(request.user)
    if facility is None:
        raise Http404
    evaluation = selectors.evaluation_of(facility)
    survey = evaluation.survey if evaluation else selectors.published_survey()
    answers = selectors.answers_by_question(evaluation)
    rows = []
    for question in selectors.questions(survey) if survey else []:
        answer = answers.get(question.pk)
        if values is not None and question.pk in values:
            value = values[question.pk]
        elif answer is None:
            value = ""
        elif answer.yes is not None:
            value = "yes" if answer.yes else "no"
        else:
            value = answer.text
        rows.append(
            {
                "question": question,
                "name": _field(question),
                "value": value,
                "errors": (errors or {}).get(_field(question), []),
            }
        )
    return render(
        request,
        "programme/evaluation/answer.html",
        {
            "facility": facility,
            "survey": survey,
            "evaluation": evaluation,
            "rows": rows,
            "read_only": evaluation is not None and not evaluation.is_draft,
            "errors": errors or {},
        },
        status=400 if errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def evaluation(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, ANSWER)
    if request.method != "POST":
        return _page(request)
    facility = selectors.facility_of(request.user)
    survey = selectors.published_survey()
    current = selectors.evaluation_of(facility) if facility else None
    if current is not None:
        survey = current.survey
    if survey is None or (current is not None and not current.is_draft):
        return redirect("programme:evaluation")
    values = {
        question.pk: request.POST.get(_field(question), "")
        for question in selectors.questions(survey)
        if _field(question) in request.POST
    }
    try:
        service.save_answers(actor=request.user, values=values)
        if "submit" in request.POST:
            service.submit(actor=request.user)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            return _page(request, errors=error.message_dict, values=values)
        messages.error(request, " ".join(error.messages))
        return redirect("programme:evaluation")
    if "submit" in request.POST:
        messages.success(request, _("Thank you: your self-evaluation is submitted."))
    else:
        messages.success(request, _("Your answers are saved. You can go on later."))
    return redirect("programme:evaluation")


@login_required
@require_POST
def answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One answer, posted by htmx as it is typed; the reply fills the live region."""
    require(request.user, ANSWER)
    facility = selectors.facility_of(request.user)
    current = selectors.evaluation_of(facility) if facility else None
    survey = current.survey if current else selectors.published_survey()
    if survey is None:
        raise Http404
    question = get_object_or_404(Question, pk=pk, survey=survey)
    try:
        service.save_answer(
            actor=request.user, question=question, value=request.POST.get(_field(question), "")
        )
    except ValidationError as error:
        return render(
            request,
            "programme/evaluation/_status.html",
            {"problem": " ".join(error.messages)},
            status=409,
        )
    return render(request, "programme/evaluation/_status.html", {"saved": True})


def sign_in_destination(request: HttpRequest, user: Any) -> str | None:
    """Registered with accounts.hooks.after_sign_in: a facility's manager goes to the
    facility's profile while it is incomplete, then to the evaluation until it is
    submitted; anyone else is not ours to send."""
    if not may(user, ANSWER):
        return None
    facility = selectors.facility_of(user)
    if facility is None:
        return None
    try:
        from gemeinwerk.programme.profile_selectors import profile_complete
    except ImportError:  # the profile arrives with its own change
        pass
    else:
        if not profile_complete(facility):
            return reverse("programme:profile")
    if selectors.is_due(facility):
        return reverse("programme:evaluation")
    return None


# --- The programme office (console) ---------------------------------------------------------


@console
@require_safe
def waiting(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, REVIEW)
    return render(
        request,
        "programme/evaluations/waiting.html",
        {
            "waiting": list(selectors.submitted()),
            "accepted": selectors.accepted_lately(),
            "thresholds": scoring.thresholds(),
            "survey": selectors.published_survey(),
        },
    )


@console
@require_http_methods(["GET", "HEAD", "POST"])
def review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Answers and score; POST changes the tier, with the reason."""
    require(request.user, REVIEW)
    evaluation = selectors.for_review(pk)
    if evaluation is None:
        raise Http404
    form = TierForm(
        request.POST or None,
        initial={"tier": evaluation.final_tier},
    )
    if request.method == "POST" and form.is_valid():
        try:
            service.change_tier(
                actor=request.user,
                evaluation=evaluation,
                tier=form.cleaned_data["tier"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The tier is changed."))
            return redirect("staff:evaluations:review", pk=pk)
    answers = selectors.answers_by_question(evaluation)
    rows = [
        {"question": question, "answer": answers.get(question.pk)}
        for question in selectors.questions(evaluation.survey)
    ]
    return render(
        request,
        "programme/evaluations/review.html",
        {
            "evaluation": evaluation,
            "rows": rows,
            "form": form,
            "thresholds": scoring.thresholds(),
        },
    )


@console
@require_POST
def accept(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require(request.user, REVIEW)
    evaluation = selectors.for_review(pk)
    if evaluation is None:
        raise Http404
    try:
        service.accept(actor=request.user, evaluation=evaluation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The self-evaluation of %(facility)s is accepted. The facility is told.")
            % {"facility": evaluation.facility.name},
        )
    return redirect("staff:evaluations:waiting")


@console
@require_http_methods(["GET", "HEAD", "POST"])
def surveys(request: AuthenticatedRequest) -> HttpResponse:
    """The survey's versions; POST starts (or reopens) the draft version."""
    require(request.user, REVIEW)
    if request.method == "POST":
        draft = service.start_draft(actor=request.user)
        return redirect("staff:evaluations:survey", pk=draft.pk)
    return render(
        request,
        "programme/evaluations/surveys.html",
        {
            "surveys": list(selectors.surveys()),
            "draft": selectors.draft_survey(),
            "thresholds": scoring.thresholds(),
        },
    )


@console
@require_http_methods(["GET", "HEAD", "POST"])
def survey(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A version's questions; on a draft, POST adds a question."""
    require(request.user, REVIEW)
    version = get_object_or_404(Survey, pk=pk)
    form = QuestionForm(request.POST or None) if not version.is_published else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                service.save_question(actor=request.user, survey=version, **form.cleaned_data)
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, _("The question is added."))
                return redirect("staff:evaluations:survey", pk=pk)
    return render(
        request,
        "programme/evaluations/survey.html",
        {"survey": version, "questions": selectors.questions(version), "form": form},
    )


@console
@require_POST
def publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require(request.user, REVIEW)
    version = get_object_or_404(Survey, pk=pk, published_at__isnull=True)
    try:
        service.publish(actor=request.user, survey=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("staff:evaluations:survey", pk=pk)
    messages.success(request, _("The new version is published."))
    return redirect("staff:evaluations:surveys")


@console
@require_http_methods(["GET", "HEAD", "POST"])
def question(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A draft's question; published versions' questions are not found here."""
    require(request.user, REVIEW)
    item = get_object_or_404(
        Question.objects.select_related("survey"), pk=pk, survey__published_at__isnull=True
    )
    form = QuestionForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in QuestionForm.Meta.fields}
        try:
            service.save_question(actor=request.user, survey=item.survey, question=item, **fields)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The question is saved."))
            return redirect("staff:evaluations:survey", pk=item.survey_id)
    return render(request, "programme/evaluations/question.html", {"question": item, "form": form})


@console
@require_POST
def delete_question(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require(request.user, REVIEW)
    item = get_object_or_404(Question, pk=pk, survey__published_at__isnull=True)
    service.delete_question(actor=request.user, question=item)
    messages.success(request, _("The question is removed."))
    return redirect("staff:evaluations:survey", pk=item.survey_id)
