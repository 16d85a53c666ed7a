"""Reads of the exchange point: open items of all facilities (filtered), a facility's
own items, one item."""

from typing import Any

from django.db.models import QuerySet

from gemeinwerk.core.permissions import may
from gemeinwerk.programme.models import Facility
from gemeinwerk.programme.models_exchange import ExchangeItem, ExchangeStatus


def open_items(*, kind: str = "", category: str = "") -> QuerySet[ExchangeItem]:
    items = ExchangeItem.objects.filter(status=ExchangeStatus.OPEN).select_related("facility")
    if kind:
        items = items.filter(kind=kind)
    if category:
        items = items.filter(category=category)
    return items


def items_of(facility: Facility) -> QuerySet[ExchangeItem]:
    """The facility's own items, newest first (the page shows closed ones apart)."""
    return ExchangeItem.objects.filter(facility=facility).order_by("-created_at", "-pk")


def item(pk: int) -> ExchangeItem | None:
    return ExchangeItem.objects.select_related("facility__organisation").filter(pk=pk).first()


def chat_party(user: Any) -> bool:
    """Registered with the chat (chat/parties.py): facility accounts write to each other,
    and only to each other, through the chat."""
    return may(user, "programme.use_facility_account")
