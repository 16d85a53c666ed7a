"""Demo items of the exchange point, in Polish: two of "Słoneczko" (the demo manager's
facility, so that its own items show) and two of facilities without an account yet,
which nobody can write to until they register. Running it again changes nothing."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from gemeinwerk.core.demo import DemoLogin
from gemeinwerk.programme.demo import seed_registry
from gemeinwerk.programme.models import Facility
from gemeinwerk.programme.models_exchange import (
    ExchangeCategory,
    ExchangeItem,
    ExchangeKind,
    ExchangeMode,
)

# facility number, kind, category, mode, quantity, title, description
ITEMS = [
    (
        "WAW-PWD-011",
        ExchangeKind.OFFER,
        ExchangeCategory.WORKSPACE,
        ExchangeMode.LOAN,
        1,
        "Wolna sala warsztatowa w soboty",
        "Sala na 15 osób ze stołami i zlewem, wolna w soboty od 10 do 16. "
        "Klucze do odbioru w piątek.",
    ),
    (
        "WAW-PWD-022",
        ExchangeKind.OFFER,
        ExchangeCategory.FURNITURE,
        ExchangeMode.GIVE_AWAY,
        12,
        "Oddamy stoły i krzesła",
        "Dwa stoły i dziesięć krzeseł po remoncie świetlicy, w dobrym stanie. Odbiór własny.",
    ),
    (
        "WAW-PWD-011",
        ExchangeKind.NEED,
        ExchangeCategory.VOLUNTEERS,
        ExchangeMode.GIVE_AWAY,
        2,
        "Szukamy wolontariuszy do odrabiania lekcji",
        "Dwie osoby na popołudnia we wtorki i czwartki, do pomocy przy matematyce.",
    ),
    (
        "WAW-PWD-031",
        ExchangeKind.NEED,
        ExchangeCategory.MATERIALS,
        ExchangeMode.LOAN,
        1,
        "Pożyczymy rzutnik",
        "Na pokaz filmu dla rodziców pod koniec miesiąca, na jeden wieczór.",
    ),
]


@transaction.atomic
def seed() -> list[DemoLogin]:
    seed_registry()
    today = timezone.localdate()
    for number, kind, category, mode, quantity, title, description in ITEMS:
        facility = Facility.objects.get(number=number)
        ExchangeItem.objects.get_or_create(
            facility=facility,
            title=title,
            defaults={
                "kind": kind,
                "category": category,
                "mode": mode,
                "quantity": quantity,
                "description": description,
                "available_until": today + timedelta(days=60),
            },
        )
    return []
