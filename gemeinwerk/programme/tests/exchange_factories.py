"""Facilities for the exchange point's tests: an approved manager whose self-evaluation
the programme office accepted (the exchange point is open), or not yet."""

from django.utils import timezone

from gemeinwerk.accounts.models import User
from gemeinwerk.programme.evaluation_selectors import cycle_of
from gemeinwerk.programme.models import Facility
from gemeinwerk.programme.models_evaluation import Evaluation, EvaluationStatus, Tier
from gemeinwerk.programme.models_exchange import ExchangeItem, ExchangeKind, ExchangeMode
from gemeinwerk.programme.tests.evaluation_factories import manager, survey
from gemeinwerk.programme.tests.factories import facility as make_facility


def accept(facility: Facility) -> Evaluation:
    """Written directly: how an evaluation gets accepted is test_evaluation's subject."""
    return Evaluation.objects.create(
        facility=facility,
        survey=survey(),
        cycle=cycle_of(),
        status=EvaluationStatus.ACCEPTED,
        submitted_at=timezone.now(),
        accepted_at=timezone.now(),
        score=20,
        proposed_tier=Tier.PREMIUM,
        final_tier=Tier.PREMIUM,
    )


def accepted_manager(facility: Facility | None = None, **options: object) -> User:
    facility = facility or make_facility()
    user = manager(facility, **options)  # type: ignore[arg-type]
    accept(facility)
    return user


def item(facility: Facility, **fields: object) -> ExchangeItem:
    values: dict[str, object] = {
        "kind": ExchangeKind.OFFER,
        "title": "Wolna sala warsztatowa w soboty",
        "category": "workspace",
        "quantity": 1,
        "mode": ExchangeMode.LOAN,
    }
    values.update(fields)
    return ExchangeItem.objects.create(facility=facility, **values)
