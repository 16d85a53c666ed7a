"""Safe home visits. When agreed help means meeting at someone's home, either side
names a trusted contact (a member, or a contact point) and the time by which they will
check out. If the check-out has not come MARKET_VISIT_GRACE_MINUTES later, the contact
is told (a task runs then; the daily housekeeping sweeps up what a stopped worker
missed) and an open incident shows to the staff of the contact point concerned."""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gemeinwerk.accounts.models import TrustLevel, User
from gemeinwerk.accounts.selectors import staff_at
from gemeinwerk.audit import services as audit
from gemeinwerk.chat.selectors import name_of
from gemeinwerk.core.permissions import require
from gemeinwerk.market.audit_actions import AuditAction
from gemeinwerk.market.models import Response, Visit
from gemeinwerk.notifications.services import notify
from gemeinwerk.places.models import ContactPoint

# A visit is planned for today or the next days, not for months ahead.
LONGEST_AHEAD = timedelta(days=14)


def grace() -> timedelta:
    return timedelta(minutes=settings.MARKET_VISIT_GRACE_MINUTES)


def trusted_member_by_name(name: str, *, person: User) -> User:
    member = User.objects.filter(
        username__iexact=name.strip(), is_active=True, trust_level=TrustLevel.VERIFIED
    ).first()
    if member is None or member.pk == person.pk:
        raise ValidationError(
            {"trusted_member": _("There is no verified member with this user name.")}
        )
    return member


@transaction.atomic
def plan_visit(
    *,
    person: User,
    response: Response,
    check_out_by: datetime,
    trusted_member: User | None = None,
    trusted_contact_point: ContactPoint | None = None,
    now: datetime | None = None,
) -> Visit:
    require(person, "market.plan_visit", response)
    now = now or timezone.now()
    if (trusted_member is None) == (trusted_contact_point is None):
        raise ValidationError(_("Choose one trusted contact: a member or a contact point."))
    if trusted_member is not None and (
        trusted_member.pk in (response.responder_id, response.listing.owner_id)
    ):
        raise ValidationError(
            {"trusted_member": _("The trusted contact is someone outside this visit.")}
        )
    # The form finds the member by name among verified members; the service holds the
    # rule itself, for every caller.
    if trusted_member is not None and not (
        trusted_member.is_active and trusted_member.trust_level == TrustLevel.VERIFIED
    ):
        raise ValidationError(
            {"trusted_member": _("There is no verified member with this user name.")}
        )
    if check_out_by <= now:
        raise ValidationError({"check_out_by": _("The check-out time must be in the future.")})
    if check_out_by > now + LONGEST_AHEAD:
        raise ValidationError({"check_out_by": _("Plan the visit for the next two weeks.")})
    visit = Visit.objects.create(
        response=response,
        person=person,
        trusted_member=trusted_member,
        trusted_contact_point=trusted_contact_point,
        check_out_by=check_out_by,
    )
    _check_later(visit)
    return visit


def _check_later(visit: Visit) -> None:
    from gemeinwerk.market.tasks import check_visit

    run_after = visit.check_out_by + grace()
    transaction.on_commit(lambda: check_visit.using(run_after=run_after).enqueue(visit.pk))


def _mine(person: User, visit: Visit) -> Visit:
    require(person, "market.keep_visit", visit)
    return Visit.objects.select_for_update().get(pk=visit.pk)


@transaction.atomic
def check_in(*, person: User, visit: Visit) -> Visit:
    visit = _mine(person, visit)
    if not visit.open:
        raise ValidationError(_("This visit is over."))
    visit.checked_in_at = visit.checked_in_at or timezone.now()
    visit.save(update_fields=["checked_in_at"])
    return visit


@transaction.atomic
def check_out(*, person: User, visit: Visit) -> Visit:
    """All is well. Late, after the contact was told: they hear that too, and the
    incident is settled by the person themselves."""
    visit = _mine(person, visit)
    if not visit.open:
        return visit
    now = timezone.now()
    visit.checked_out_at = now
    fields = ["checked_out_at"]
    if visit.alerted_at is not None and visit.settled_at is None:
        visit.settled_at = now
        visit.settled_by = person
        fields += ["settled_at", "settled_by"]
        for contact in _contacts(visit):
            notify(contact, "market.visit_all_well", params={"person": name_of(person)})
    visit.save(update_fields=fields)
    return visit


@transaction.atomic
def cancel(*, person: User, visit: Visit) -> Visit:
    visit = _mine(person, visit)
    if visit.open and visit.alerted_at is None:
        visit.cancelled_at = timezone.now()
        visit.save(update_fields=["cancelled_at"])
    return visit


def _contacts(visit: Visit) -> list[Any]:
    if visit.trusted_member is not None:
        return [visit.trusted_member]
    if visit.trusted_contact_point is not None:
        return list(staff_at(visit.trusted_contact_point))
    return []


@transaction.atomic
def alert_if_missed(*, visit_id: int, now: datetime | None = None) -> str:
    """Tell the trusted contact once if the check-out has not come in time."""
    now = now or timezone.now()
    visit = (
        Visit.objects.select_for_update(of=("self",))
        .select_related("person", "trusted_member", "trusted_contact_point")
        .filter(pk=visit_id)
        .first()
    )
    if visit is None or not visit.open or visit.alerted_at is not None:
        return "nothing to do"
    if visit.check_out_by + grace() > now:
        return "not due yet"
    visit.alerted_at = now
    visit.save(update_fields=["alerted_at"])
    params = {
        "person": name_of(visit.person),
        "check_out_by": visit.check_out_by.isoformat(),
    }
    for contact in _contacts(visit):
        path = reverse("staff:market:incidents") if visit.trusted_member is None else ""
        notify(contact, "market.visit_missed", params=params, path=path)
    return "told"


def alert_missed(*, now: datetime | None = None) -> int:
    """The housekeeping's sweep: every due visit a task did not reach."""
    now = now or timezone.now()
    due = Visit.objects.filter(
        checked_out_at__isnull=True,
        cancelled_at__isnull=True,
        alerted_at__isnull=True,
        check_out_by__lte=now - grace(),
    ).values_list("pk", flat=True)
    return sum(alert_if_missed(visit_id=pk, now=now) == "told" for pk in list(due))


@transaction.atomic
def settle(*, staff: User, visit: Visit, note: str) -> Visit:
    require(staff, "market.settle_incident", visit)
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if not visit.incident:
        raise ValidationError(_("This incident is settled already."))
    if not note.strip():
        raise ValidationError({"settled_note": _("Please say briefly what happened.")})
    visit.settled_at = timezone.now()
    visit.settled_by = staff
    visit.settled_note = note.strip()[:300]
    visit.save(update_fields=["settled_at", "settled_by", "settled_note"])
    audit.record(
        actor=staff, action=AuditAction.INCIDENT_SETTLED, target=visit, subject=visit.person
    )
    return visit
