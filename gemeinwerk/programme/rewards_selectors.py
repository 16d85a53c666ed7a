"""Reads of the reward basket: what a facility sees (each active reward, reservable or
locked with the reason in words), its reservations, and the programme office's lists."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gemeinwerk.programme.evaluation_selectors import cycle_of
from gemeinwerk.programme.models import Facility
from gemeinwerk.programme.models_evaluation import Tier
from gemeinwerk.programme.models_rewards import Reservation, ReservationStatus, Reward


@dataclass(frozen=True)
class BasketRow:
    reward: Reward
    used: int
    locked: str  # the reason in words; empty when the facility may reserve it

    @property
    def reservable(self) -> bool:
        return not self.locked


def used(facility: Facility, reward: Reward, cycle: str | None = None) -> int:
    """Units of `reward` the facility holds this cycle (cancelled ones do not count)."""
    total = (
        Reservation.objects.filter(facility=facility, reward=reward, cycle=cycle or cycle_of())
        .exclude(status=ReservationStatus.CANCELLED)
        .aggregate(total=Sum("quantity"))["total"]
    )
    return int(total or 0)


def tiers_in_words(reward: Reward) -> str:
    labels = [str(tier.label) for tier in reward.tiers]
    if not labels:
        return ""
    if len(labels) == 1:
        return labels[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


def locked_reason(reward: Reward, tier: Tier | None, held: int) -> str:
    if not reward.allows(tier):
        if not reward.tiers:
            return _("Not available at the moment")
        return _("For %(tiers)s facilities") % {"tiers": tiers_in_words(reward)}
    if reward.stock is not None and reward.stock < 1:
        return _("Out of stock")
    if held >= reward.limit_per_cycle:
        return ngettext(
            "You have reserved it %(count)s time this cycle: the limit",
            "You have reserved it %(count)s times this cycle: the limit",
            held,
        ) % {"count": held}
    return ""


def basket(facility: Facility, tier: Tier | None) -> list[BasketRow]:
    """Every active reward, in two queries however many there are."""
    held = dict(
        Reservation.objects.filter(facility=facility, cycle=cycle_of())
        .exclude(status=ReservationStatus.CANCELLED)
        .values_list("reward_id")
        .annotate(total=Sum("quantity"))
        .values_list("reward_id", "total")
    )
    return [
        BasketRow(
            reward, held.get(reward.pk, 0), locked_reason(reward, tier, held.get(reward.pk, 0))
        )
        for reward in Reward.objects.filter(active=True).order_by("title", "pk")
    ]


def reservations_of(facility: Facility) -> QuerySet[Reservation]:
    return Reservation.objects.filter(facility=facility).select_related("reward")


def reservation_of(facility: Facility, pk: int) -> Reservation | None:
    """One of the facility's own reservations; another facility's is not found."""
    return reservations_of(facility).filter(pk=pk).first()


def reservations(status: str = "") -> QuerySet[Reservation]:
    """For the programme office: the open ones first (oldest first), by status on request."""
    rows = Reservation.objects.select_related("reward", "facility__organisation")
    if status in ReservationStatus.values:
        return rows.filter(status=status).order_by("reserved_at", "pk")
    return rows.filter(
        Q(status=ReservationStatus.RESERVED) | Q(status=ReservationStatus.ARRANGED)
    ).order_by("reserved_at", "pk")


def all_reservations() -> QuerySet[Reservation]:
    """Every reservation of every status, oldest first: the programme office's export."""
    return Reservation.objects.select_related("reward", "facility__organisation").order_by(
        "reserved_at", "pk"
    )


def reservation(pk: int) -> Reservation | None:
    return (
        Reservation.objects.select_related(
            "reward", "facility__organisation", "arranged_by", "delivered_by", "cancelled_by"
        )
        .filter(pk=pk)
        .first()
    )


def rewards() -> QuerySet[Reward]:
    return Reward.objects.order_by("-active", "title", "pk")
