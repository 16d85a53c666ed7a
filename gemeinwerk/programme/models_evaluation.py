"""The facility's self-evaluation: the coordinator's survey (versioned: a published
version is never edited, a change makes a new draft version), each facility's answers
per cycle (March and September), its score and the tier it leads to."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Survey(models.Model):
    """One version of the survey. Drafts are edited; publishing freezes a version, and
    new evaluations use the latest published one."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("evaluation survey")
        verbose_name_plural = _("evaluation surveys")

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class QuestionKind(models.TextChoices):
    YES_NO = "yes_no", _("Yes or no")
    TEXT = "text", _("Free text")


class Question(models.Model):
    """A question of a survey version, written by the coordinator in the installation's
    language (it is data, not a translated text)."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind)
    text = models.TextField(_("question"), max_length=1000)
    hint = models.CharField(
        _("hint"),
        max_length=300,
        blank=True,
        help_text=_("Shown below the question and inside the answer field."),
    )
    points = models.PositiveSmallIntegerField(
        _("points"),
        default=0,
        help_text=_("For “yes”, or for any answer to a free-text question."),
    )
    required = models.BooleanField(_("an answer is required"), default=True)

    class Meta:
        ordering = ["survey", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            # Positions order the questions of one version: no two in the same place.
            models.UniqueConstraint(
                fields=["survey", "position"], name="programme_question_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:60]}"


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("Being answered")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")


class Tier(models.TextChoices):
    # The programme's own names, the same in every language.
    STANDARD = "standard", pgettext_lazy("tier", "Standard")
    PREMIUM = "premium", pgettext_lazy("tier", "Premium")
    VIP = "vip", pgettext_lazy("tier", "VIP")


class Evaluation(models.Model):
    """A facility's self-evaluation of one cycle ("2026-09"). Answered as a draft,
    submitted (read-only from then on), accepted by the programme office."""

    facility = models.ForeignKey(
        "programme.Facility",
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name=_("facility"),
    )
    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("survey")
    )
    cycle = models.CharField(_("cycle"), max_length=7)
    status = models.CharField(
        _("status"), max_length=10, choices=EvaluationStatus, default=EvaluationStatus.DRAFT
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    score = models.PositiveIntegerField(_("score"), null=True, blank=True)
    proposed_tier = models.CharField(_("proposed tier"), max_length=10, choices=Tier, blank=True)
    final_tier = models.CharField(_("tier"), max_length=10, choices=Tier, blank=True)
    tier_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tier changed by"),
    )
    tier_change_reason = models.TextField(_("reason for the change"), max_length=1000, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("self-evaluation")
        verbose_name_plural = _("self-evaluations")
        constraints = [
            # One evaluation per facility and cycle: saving twice at once cannot start two.
            models.UniqueConstraint(
                fields=["facility", "cycle"], name="programme_one_evaluation_per_cycle"
            )
        ]

    def __str__(self) -> str:
        return f"{self.facility} {self.cycle} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == EvaluationStatus.DRAFT


class Answer(models.Model):
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="answers", verbose_name=_("evaluation")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    yes = models.BooleanField(_("yes"), null=True, blank=True)
    text = models.TextField(_("answer"), max_length=5000, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["question__position"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "question"], name="programme_one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id}/{self.question_id}"

    @property
    def is_given(self) -> bool:
        if self.question.kind == QuestionKind.YES_NO:
            return self.yes is not None
        return bool(self.text.strip())
