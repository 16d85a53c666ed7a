"""The reward basket's writes: the programme office's catalogue, a facility's
reservation and its cancellation, the office's arranging, delivering and cancelling.

Stock and the per-facility limit are checked after locking the reward's row
(select_for_update), and counted in the same transaction: two reservations at the same
moment cannot both take the last unit or the last place of the limit. The reward's row
is always locked before the reservation's, in every service, so that two of them never
wait for each other. E-mails go through the mail queue, written in the transaction: they
leave only if it commits."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gemeinwerk import audit
from gemeinwerk.accounts.models import User
from gemeinwerk.core.permissions import may
from gemeinwerk.programme import evaluation_selectors, mail, rewards_selectors
from gemeinwerk.programme.audit_actions import AuditAction
from gemeinwerk.programme.models import Facility
from gemeinwerk.programme.models_rewards import Reservation, ReservationStatus, Reward

MANAGE = "programme.manage_rewards"
RESERVE = "programme.reserve_rewards"

REWARD_FIELDS = (
    "title",
    "description",
    "kind",
    "for_standard",
    "for_premium",
    "for_vip",
    "stock",
    "limit_per_cycle",
    "delivery",
    "active",
)


def _check_office(actor: User) -> None:
    if not may(actor, MANAGE):
        raise PermissionDenied("only the programme office manages the reward basket")


@transaction.atomic
def save_reward(*, actor: User, reward: Reward | None = None, **fields: Any) -> Reward:
    _check_office(actor)
    reward = Reward.objects.select_for_update().get(pk=reward.pk) if reward else Reward()
    before = {name: getattr(reward, name) for name in REWARD_FIELDS} if reward.pk else {}
    for name in REWARD_FIELDS:
        if name in fields:
            setattr(reward, name, fields[name])
    reward.full_clean()
    reward.save()
    audit.record(
        actor=actor,
        action=AuditAction.REWARD_SAVED,
        target=reward,
        before=before,
        after={name: getattr(reward, name) for name in REWARD_FIELDS},
    )
    return reward


# --- The facility -------------------------------------------------------------------------


def _facility_of(actor: User) -> Facility:
    facility = evaluation_selectors.facility_of(actor)
    if facility is None or not may(actor, RESERVE):
        raise PermissionDenied("only a facility with an accepted self-evaluation reserves")
    return facility


@transaction.atomic
def reserve(*, actor: User, reward: Reward, quantity: int = 1) -> Reservation:
    """Reserves `quantity` units for the actor's facility in the current cycle, within
    the stock and the facility's limit; the facility is e-mailed (after the commit)."""
    facility = _facility_of(actor)
    if quantity < 1:
        raise ValidationError(_("Please reserve at least one."), code="quantity")
    tier = evaluation_selectors.current_tier(facility)
    # The lock first, then the count: the next reservation waits for this one's commit.
    reward = Reward.objects.select_for_update().get(pk=reward.pk)
    if not reward.active:
        raise ValidationError(_("This reward is no longer in the basket."), code="inactive")
    cycle = evaluation_selectors.cycle_of()
    held = rewards_selectors.used(facility, reward, cycle)
    reason = rewards_selectors.locked_reason(reward, tier, held)
    if reason:
        raise ValidationError(reason, code="locked")
    if held + quantity > reward.limit_per_cycle:
        raise ValidationError(_("This is more than the limit per cycle."), code="limit")
    if reward.stock is not None:
        if reward.stock < quantity:
            raise ValidationError(_("Out of stock"), code="stock")
        Reward.objects.filter(pk=reward.pk).update(stock=F("stock") - quantity)
        reward.refresh_from_db(fields=["stock"])
    reservation = Reservation(
        reward=reward, facility=facility, cycle=cycle, quantity=quantity, reserved_by=actor
    )
    reservation.full_clean()
    reservation.save()
    _send(reservation, "reserved")
    return reservation


def _locked(reservation: Reservation) -> tuple[Reward, Reservation]:
    """The reward's row, then the reservation's: the order every service keeps."""
    reward = Reward.objects.select_for_update().get(pk=reservation.reward_id)
    locked = (
        Reservation.objects.select_for_update().select_related("facility").get(pk=reservation.pk)
    )
    locked.reward = reward
    return reward, locked


def _return_stock(reward: Reward, reservation: Reservation) -> None:
    if reward.stock is not None:
        Reward.objects.filter(pk=reward.pk).update(stock=F("stock") + reservation.quantity)


@transaction.atomic
def cancel_own(*, actor: User, reservation: Reservation) -> Reservation:
    """The facility cancels its own reservation while it is still only reserved; the
    units go back to the stock."""
    facility = _facility_of(actor)
    reward, reservation = _locked(reservation)
    if reservation.facility_id != facility.pk:
        raise PermissionDenied("another facility's reservation")
    if reservation.status != ReservationStatus.RESERVED:
        raise ValidationError(
            _("The programme office has arranged it already: please write to it."),
            code="arranged",
        )
    _cancel(actor, reward, reservation, note="")
    return reservation


def _cancel(actor: User, reward: Reward, reservation: Reservation, note: str) -> None:
    before = reservation.status
    reservation.status = ReservationStatus.CANCELLED
    reservation.cancelled_at = timezone.now()
    reservation.cancelled_by = actor
    if note:
        reservation.note = note[:1000]
    reservation.save(update_fields=["status", "cancelled_at", "cancelled_by", "note"])
    _return_stock(reward, reservation)
    audit.record(
        actor=actor,
        action=AuditAction.RESERVATION_CANCELLED,
        target=reservation,
        before={"status": before},
        after={"status": reservation.status, "quantity": reservation.quantity},
    )


# --- The programme office -----------------------------------------------------------------


@transaction.atomic
def arrange(*, actor: User, reservation: Reservation, note: str = "") -> Reservation:
    """The office has agreed the details with the facility; the facility is e-mailed."""
    _check_office(actor)
    _reward, reservation = _locked(reservation)
    if reservation.status != ReservationStatus.RESERVED:
        raise ValidationError(_("Only a reserved reward can be arranged."), code="status")
    reservation.status = ReservationStatus.ARRANGED
    reservation.arranged_at = timezone.now()
    reservation.arranged_by = actor
    reservation.note = note.strip()[:1000]
    reservation.save(update_fields=["status", "arranged_at", "arranged_by", "note"])
    audit.record(
        actor=actor,
        action=AuditAction.RESERVATION_ARRANGED,
        target=reservation,
        before={"status": ReservationStatus.RESERVED},
        after={"status": reservation.status},
    )
    _send(reservation, "arranged")
    return reservation


@transaction.atomic
def deliver(*, actor: User, reservation: Reservation) -> Reservation:
    _check_office(actor)
    _reward, reservation = _locked(reservation)
    if reservation.status != ReservationStatus.ARRANGED:
        raise ValidationError(_("Only an arranged reward can be delivered."), code="status")
    reservation.status = ReservationStatus.DELIVERED
    reservation.delivered_at = timezone.now()
    reservation.delivered_by = actor
    reservation.save(update_fields=["status", "delivered_at", "delivered_by"])
    audit.record(
        actor=actor,
        action=AuditAction.RESERVATION_DELIVERED,
        target=reservation,
        before={"status": ReservationStatus.ARRANGED},
        after={"status": reservation.status},
    )
    return reservation


@transaction.atomic
def cancel(*, actor: User, reservation: Reservation, note: str = "") -> Reservation:
    """The office cancels a reservation not yet delivered; the units go back to the
    stock and the facility is e-mailed with the note."""
    _check_office(actor)
    reward, reservation = _locked(reservation)
    if reservation.status not in (ReservationStatus.RESERVED, ReservationStatus.ARRANGED):
        raise ValidationError(_("This reservation cannot be cancelled any more."), code="status")
    _cancel(actor, reward, reservation, note=note.strip())
    _send(reservation, "cancelled")
    return reservation


# --- E-mails ------------------------------------------------------------------------------


def _send(reservation: Reservation, event: str) -> None:
    """To the facility's account, in its language (programme/mail.py)."""
    mail.send(
        mail.approved_account(reservation.facility),
        f"programme/rewards/email/{event}",
        {
            "reward": reservation.reward.title,
            "delivery": reservation.reward.delivery,
            "note": reservation.note,
        },
        link_to="programme:rewards",
    )
