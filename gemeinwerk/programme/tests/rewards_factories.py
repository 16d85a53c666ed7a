"""Rewards and facilities with an accepted self-evaluation, for the reward basket's tests."""

from typing import Any

from django.utils import timezone

from gemeinwerk.accounts.models import User
from gemeinwerk.programme.evaluation_selectors import cycle_of
from gemeinwerk.programme.models import Facility
from gemeinwerk.programme.models_evaluation import Evaluation, EvaluationStatus, Tier
from gemeinwerk.programme.models_rewards import Reward, RewardKind
from gemeinwerk.programme.tests.evaluation_factories import manager, survey
from gemeinwerk.programme.tests.factories import facility as make_facility


def accepted_manager(
    tier: Tier = Tier.PREMIUM, facility: Facility | None = None, **fields: Any
) -> User:
    """The manager of a facility whose self-evaluation of this cycle is accepted."""
    facility = facility or make_facility()
    user = manager(facility, **fields)
    Evaluation.objects.create(
        facility=facility,
        survey=survey(),
        cycle=cycle_of(),
        status=EvaluationStatus.ACCEPTED,
        submitted_at=timezone.now(),
        accepted_at=timezone.now(),
        score=0,
        proposed_tier=tier,
        final_tier=tier,
    )
    return user


def reward(
    title: str = "Superwizja zespołu",
    *,
    tiers: tuple[Tier, ...] = (Tier.STANDARD, Tier.PREMIUM, Tier.VIP),
    stock: int | None = None,
    limit: int = 1,
    **fields: Any,
) -> Reward:
    return Reward.objects.create(
        title=title,
        kind=fields.pop("kind", RewardKind.SUPERVISION),
        for_standard=Tier.STANDARD in tiers,
        for_premium=Tier.PREMIUM in tiers,
        for_vip=Tier.VIP in tiers,
        stock=stock,
        limit_per_cycle=limit,
        delivery=fields.pop("delivery", "Koordynacja programu zadzwoni, aby ustalić termin."),
        **fields,
    )
