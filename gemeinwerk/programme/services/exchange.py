"""The exchange point's writes: a facility posts, edits and closes its items, agrees
(a loan with its return date) and marks a loan returned; another facility writes to it
through the chat. Items are the facility's: its manager's account going deletes them."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gemeinwerk.accounts.models import User
from gemeinwerk.chat import services as chat
from gemeinwerk.core.permissions import may, require
from gemeinwerk.programme import evaluation_selectors
from gemeinwerk.programme.models import AccountStatus, FacilityAccount
from gemeinwerk.programme.models_exchange import ExchangeItem, ExchangeMode, ExchangeStatus

FIELDS = ("kind", "title", "description", "category", "quantity", "mode", "available_until")


def _locked(item: ExchangeItem) -> ExchangeItem:
    return ExchangeItem.objects.select_for_update().select_related("facility").get(pk=item.pk)


@transaction.atomic
def save_item(
    *, actor: User, data: dict[str, Any], item: ExchangeItem | None = None
) -> ExchangeItem:
    """A new item of the actor's facility, or the actor's own item changed."""
    if item is None:
        require(actor, "programme.use_exchange")
        facility = evaluation_selectors.facility_of(actor)
        if facility is None:
            raise PermissionDenied
        item = ExchangeItem(facility=facility)
    else:
        require(actor, "programme.manage_exchange_item", item)
        item = _locked(item)
        if item.status == ExchangeStatus.CLOSED:
            raise ValidationError(_("This item is closed."))
    for name in FIELDS:
        if name in data:
            setattr(item, name, data[name])
    if item.mode != ExchangeMode.LOAN:
        item.return_date = None
        item.returned_at = None
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def close_item(*, actor: User, item: ExchangeItem) -> ExchangeItem:
    require(actor, "programme.manage_exchange_item", item)
    item = _locked(item)
    item.status = ExchangeStatus.CLOSED
    item.save(update_fields=["status", "updated_at"])
    return item


@transaction.atomic
def agree(*, actor: User, item: ExchangeItem, return_date: date | None = None) -> ExchangeItem:
    """The owner agreed with another facility; a loan needs the day it comes back."""
    require(actor, "programme.manage_exchange_item", item)
    item = _locked(item)
    if item.status != ExchangeStatus.OPEN:
        raise ValidationError(_("Only an open item can be agreed."))
    if item.is_loan:
        if return_date is None:
            raise ValidationError(_("A loan needs a return date."))
        if return_date < timezone.localdate():
            raise ValidationError(_("The return date cannot be in the past."))
        item.return_date = return_date
    item.status = ExchangeStatus.AGREED
    item.full_clean()
    item.save(update_fields=["status", "return_date", "updated_at"])
    return item


@transaction.atomic
def mark_returned(*, actor: User, item: ExchangeItem) -> ExchangeItem:
    """The lent thing is back: the loan ends."""
    require(actor, "programme.manage_exchange_item", item)
    item = _locked(item)
    if not (item.is_loan and item.status == ExchangeStatus.AGREED and item.returned_at is None):
        raise ValidationError(_("Only an agreed loan can be marked returned."))
    item.returned_at = timezone.now()
    item.status = ExchangeStatus.CLOSED
    item.save(update_fields=["returned_at", "status", "updated_at"])
    return item


def write_about(*, actor: User, item: ExchangeItem, body: str, client_id: str) -> Any:
    """Opens (or continues) the chat conversation of the two facilities' accounts, about
    the item; only facility accounts write to each other (chat/parties.py)."""
    require(actor, "programme.write_about_exchange_item", item)
    account = (
        FacilityAccount.objects.filter(
            facility_id=item.facility_id, status=AccountStatus.APPROVED, user__is_active=True
        )
        .select_related("user")
        .first()
    )
    if account is None or not may(actor, "chat.write_to", account.user):
        raise PermissionDenied
    return chat.start_conversation(
        starter=actor, others=[account.user], body=body, client_id=client_id, about=item.title
    )


def delete_items(facility_ids: list[int]) -> int:
    """With the manager's account the facility's items go (holdings.py)."""
    deleted, _by_model = ExchangeItem.objects.filter(facility_id__in=facility_ids).delete()
    return deleted
