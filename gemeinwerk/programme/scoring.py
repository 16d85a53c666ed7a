"""How a self-evaluation becomes a tier: the score is the sum of the points of its
answers ("yes" to a yes/no question, any answer to a free-text one), and the
installation's thresholds (settings.PROGRAMME_TIER_THRESHOLDS) turn it into standard,
premium or VIP. The coordinator sees the thresholds in the console."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings

from gemeinwerk.programme.models_evaluation import Answer, QuestionKind, Tier

# The least score of each tier above standard; an installation sets its own.
DEFAULT_THRESHOLDS = {Tier.PREMIUM.value: 15, Tier.VIP.value: 24}


def thresholds() -> dict[str, int]:
    configured: dict[str, Any] = getattr(settings, "PROGRAMME_TIER_THRESHOLDS", {}) or {}
    return {tier: int(configured.get(tier, least)) for tier, least in DEFAULT_THRESHOLDS.items()}


def points(answer: Answer) -> int:
    question = answer.question
    if question.kind == QuestionKind.YES_NO:
        return question.points if answer.yes else 0
    return question.points if answer.text.strip() else 0


def score(answers: Iterable[Answer]) -> int:
    return sum(points(answer) for answer in answers)


def tier_for(total: int) -> Tier:
    least = thresholds()
    if total >= least[Tier.VIP]:
        return Tier.VIP
    if total >= least[Tier.PREMIUM]:
        return Tier.PREMIUM
    return Tier.STANDARD
