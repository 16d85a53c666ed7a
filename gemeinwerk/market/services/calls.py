"""Search calls: when nothing fits, staff look for help on behalf of someone who stays
anonymous. A call shows at the top of matching searches, reaches the members who follow
its category (in its district or anywhere) and the other contact points of the networks
the contact point belongs to; staff record whether someone was found."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gemeinwerk.accounts.models import TrustLevel, User
from gemeinwerk.accounts.selectors import staff_at
from gemeinwerk.audit import services as audit
from gemeinwerk.core.permissions import require
from gemeinwerk.core.search import document
from gemeinwerk.market.audit_actions import AuditAction
from gemeinwerk.market.models import Category, Interest, Outcome, SearchCall
from gemeinwerk.notifications.services import notify
from gemeinwerk.places.models import ContactPoint, District


def call_path(call: SearchCall) -> str:
    return reverse("market:call", args=[call.pk])


@transaction.atomic
def publish_call(
    *,
    staff: User,
    contact_point: ContactPoint,
    category: Category,
    district: District,
    title: str,
    description: str,
) -> SearchCall:
    require(staff, "market.publish_call", contact_point)
    call = SearchCall(
        contact_point=contact_point,
        category=category,
        district=district,
        title=title.strip(),
        description=description.strip(),
        created_by=staff,
    )
    call.search_document = document(call.title, call.description)
    call.full_clean(exclude=["created_by", "outcome_by", "search_vector"])
    call.save()
    reached = _tell_members(call, staff)
    _tell_network(call)
    call.reached = reached
    call.save(update_fields=["reached"])
    audit.record(
        actor=staff,
        action=AuditAction.CALL_PUBLISHED,
        target=call,
        after={
            "contact_point": contact_point.pk,
            "category": category.slug,
            "district": district.pk,
        },
    )
    return call


def interested_members(call: SearchCall) -> Any:
    # One filter() for both conditions: they must hold for the same interest. Two calls
    # would join the interests twice, and following another category anywhere would
    # count as following this one anywhere.
    return (
        User.objects.filter(
            Q(market_interests__district=call.district)
            | Q(market_interests__district__isnull=True),
            market_interests__category=call.category,
            is_active=True,
            trust_level=TrustLevel.VERIFIED,
        )
        .distinct()
        .order_by("pk")
    )


def _tell_members(call: SearchCall, staff: User) -> int:
    told = 0
    for member in interested_members(call).exclude(pk=staff.pk).iterator():
        notify(
            member,
            "market.search_call",
            params={"title": call.title, "district": call.district.name},
            path=call_path(call),
        )
        told += 1
    return told


def _tell_network(call: SearchCall) -> None:
    """Staff of the other contact points in the same networks hear of it too."""
    others = (
        ContactPoint.objects.filter(networks__contact_points=call.contact_point)
        .exclude(pk=call.contact_point_id)
        .distinct()
    )
    told: set[int] = set()
    for contact_point in others:
        for member in staff_at(contact_point):
            if member.pk in told:
                continue
            told.add(member.pk)
            notify(
                member,
                "market.search_call_shared",
                params={"title": call.title, "contact_point": call.contact_point.name},
                path=call_path(call),
            )


@transaction.atomic
def record_outcome(*, staff: User, call: SearchCall, outcome: str) -> SearchCall:
    call = SearchCall.objects.select_for_update().get(pk=call.pk)
    require(staff, "market.publish_call", call.contact_point)
    if outcome not in (Outcome.MATCHED, Outcome.NOT_MATCHED):
        raise ValidationError(_("Choose whether someone was found."))
    if call.outcome != Outcome.OPEN:
        raise ValidationError(_("The outcome of this search call is recorded already."))
    before = call.outcome
    call.outcome = outcome
    call.outcome_at = timezone.now()
    call.outcome_by = staff
    call.save(update_fields=["outcome", "outcome_at", "outcome_by"])
    audit.record(
        actor=staff,
        action=AuditAction.CALL_OUTCOME,
        target=call,
        before={"outcome": before},
        after={"outcome": outcome},
    )
    return call


@transaction.atomic
def follow(*, user: User, category: Category, district: District | None) -> Interest:
    require(user, "market.follow_interests")
    interest, _created = Interest.objects.get_or_create(
        user=user, category=category, district=district
    )
    return interest


@transaction.atomic
def unfollow(*, user: User, interest_id: int) -> None:
    Interest.objects.filter(user=user, pk=interest_id).delete()
