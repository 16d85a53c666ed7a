"""Reads of the programme overview (the programme office's console page): the counts,
the lists behind them and the tier criteria the public FAQ shows. Each list is one
query, however many facilities there are."""

from dataclasses import dataclass
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum

from gemeinwerk.programme import evaluation_selectors, scoring
from gemeinwerk.programme.models import AccountStatus, Facility, FacilityAccount
from gemeinwerk.programme.models_cycles import Cycle, TierRecord
from gemeinwerk.programme.models_evaluation import Evaluation, EvaluationStatus, Tier

DONE = [EvaluationStatus.SUBMITTED, EvaluationStatus.ACCEPTED]


def registrations_waiting() -> QuerySet[FacilityAccount]:
    return (
        FacilityAccount.objects.filter(status=AccountStatus.WAITING)
        .select_related("facility__organisation", "user")
        .order_by("registered_at", "pk")
    )


def facilities_with_tier(tier: str | None = None) -> list[Facility]:
    """Facilities with an accepted evaluation, each with `tier`: its latest TierRecord,
    else its latest accepted evaluation's tier (as evaluation_selectors.current_tier)."""
    latest_record = TierRecord.objects.filter(facility=OuterRef("pk")).order_by("-since", "-pk")
    latest_accepted = Evaluation.objects.filter(
        facility=OuterRef("pk"), status=EvaluationStatus.ACCEPTED
    ).order_by("-accepted_at", "-pk")
    rows: list[Facility] = list(
        Facility.objects.filter(
            pk__in=Evaluation.objects.filter(status=EvaluationStatus.ACCEPTED).values("facility_id")
        )
        .select_related("organisation")
        .annotate(
            record_tier=Subquery(latest_record.values("tier")[:1]),
            accepted_tier=Subquery(latest_accepted.values("final_tier")[:1]),
        )
        .order_by("organisation__name", "name", "pk")
    )
    for row in rows:
        row.tier = row.record_tier or row.accepted_tier  # type: ignore[attr-defined]
        row.tier_label = Tier(row.tier).label  # type: ignore[attr-defined]
    if tier:
        rows = [row for row in rows if row.tier == tier]  # type: ignore[attr-defined]
    return rows


def tier_distribution(facilities: list[Facility]) -> list[dict[str, Any]]:
    counts = dict.fromkeys(Tier.values, 0)
    for facility in facilities:
        counts[facility.tier] = counts.get(facility.tier, 0) + 1  # type: ignore[attr-defined]
    return [{"tier": tier, "label": tier.label, "count": counts[tier]} for tier in Tier]


def current_cycle() -> Cycle | None:
    return Cycle.objects.order_by("-opens_on").first()


def cycle_evaluations(label: str) -> QuerySet[Evaluation]:
    return (
        Evaluation.objects.filter(cycle=label)
        .select_related("facility__organisation")
        .order_by("facility__organisation__name", "facility__name", "pk")
    )


def reservation_counts() -> list[dict[str, Any]] | None:
    """Reservations by status, once the reward basket exists; None until then."""
    if find_spec("gemeinwerk.programme.models_rewards") is None:
        return None
    try:
        reservation = apps.get_model("programme", "Reservation")
    except LookupError:
        return None
    status_field = reservation._meta.get_field("status")
    counts = dict(
        reservation.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return [
        {"status": value, "label": label, "count": counts.get(value, 0)}
        for value, label in status_field.choices or []
    ]


@dataclass(frozen=True)
class Overview:
    registrations: int
    evaluations: int
    tiers: list[dict[str, Any]]
    cycle: Cycle | None
    submitted: int
    facilities: int
    reservations: list[dict[str, Any]] | None


def overview() -> Overview:
    cycle = current_cycle()
    label = cycle.label if cycle else evaluation_selectors.cycle_of()
    counts = Evaluation.objects.aggregate(
        waiting=Count("pk", filter=Q(status=EvaluationStatus.SUBMITTED)),
        submitted=Count("pk", filter=Q(cycle=label, status__in=DONE)),
    )
    return Overview(
        registrations=FacilityAccount.objects.filter(status=AccountStatus.WAITING).count(),
        evaluations=counts["waiting"],
        tiers=tier_distribution(facilities_with_tier()),
        cycle=cycle,
        submitted=counts["submitted"],
        facilities=FacilityAccount.objects.filter(
            status=AccountStatus.APPROVED, user__is_active=True
        ).count(),
        reservations=reservation_counts(),
    )


def tier_history(facility: Facility) -> list[TierRecord]:
    """ "My facility": the facility's tiers, the latest first."""
    return list(TierRecord.objects.filter(facility=facility).order_by("-since", "-pk"))


# --- The public FAQ: the tier criteria, from the scoring rules ---------------------------


def tier_criteria() -> dict[str, Any]:
    """The least score of each tier and the most points the published survey gives."""
    survey = evaluation_selectors.published_survey()
    most = (survey.questions.aggregate(total=Sum("points"))["total"] or 0) if survey else 0
    least = scoring.thresholds()
    return {
        "most": most,
        "tiers": [
            {"label": Tier.STANDARD.label, "least": 0},
            {"label": Tier.PREMIUM.label, "least": least[Tier.PREMIUM]},
            {"label": Tier.VIP.label, "least": least[Tier.VIP]},
        ],
    }
