"""Demo data: the reward basket's six Polish rewards, with tiers, stock and limits."""

from typing import Any

from gemeinwerk.core.demo import DemoLogin
from gemeinwerk.programme.models_rewards import Reward, RewardKind

REWARDS: list[dict[str, Any]] = [
    {
        "title": "Superwizja zespołu",
        "kind": RewardKind.SUPERVISION,
        "description": "Trzy godziny superwizji dla zespołu placówki z doświadczonym superwizorem.",
        "tiers": (True, True, True),
        "stock": 20,
        "limit": 1,
        "delivery": "Koordynacja programu zadzwoni, aby ustalić termin.",
    },
    {
        "title": "Warsztaty specjalistyczne: praca z grupą",
        "kind": RewardKind.WORKSHOP,
        "description": "Dwudniowe warsztaty dla wychowawców o prowadzeniu grupy.",
        "tiers": (False, True, True),
        "stock": 12,
        "limit": 2,
        "delivery": "Zaproszenie z terminem przyjdzie e-mailem.",
    },
    {
        "title": "Szkolenie: pierwsza pomoc",
        "kind": RewardKind.TRAINING,
        "description": "Ośmiogodzinne szkolenie z pierwszej pomocy z certyfikatem.",
        "tiers": (True, True, True),
        "stock": None,
        "limit": 3,
        "delivery": "Koordynacja programu zadzwoni, aby ustalić termin.",
    },
    {
        "title": "Wyjazd socjoterapeutyczny",
        "kind": RewardKind.TRIP,
        "description": "Trzydniowy wyjazd socjoterapeutyczny dla wychowanków z opieką.",
        "tiers": (False, False, True),
        "stock": 3,
        "limit": 1,
        "delivery": "Koordynacja programu uzgodni termin i listę uczestników.",
    },
    {
        "title": "Pakiet gier edukacyjnych",
        "kind": RewardKind.RESOURCE,
        "description": "Zestaw gier planszowych i edukacyjnych dla placówki.",
        "tiers": (True, True, True),
        "stock": 30,
        "limit": 1,
        "delivery": "Do odbioru w biurze programu po telefonicznym uzgodnieniu.",
    },
    {
        "title": "Konsultacja prawna",
        "kind": RewardKind.SUPERVISION,
        "description": "Godzinna konsultacja z prawnikiem w sprawach placówki.",
        "tiers": (False, True, True),
        "stock": None,
        "limit": 2,
        "delivery": "Koordynacja programu umówi termin konsultacji.",
    },
]


def seed() -> list[DemoLogin]:
    for item in REWARDS:
        standard, premium, vip = item["tiers"]
        Reward.objects.get_or_create(
            title=item["title"],
            defaults={
                "kind": item["kind"],
                "description": item["description"],
                "for_standard": standard,
                "for_premium": premium,
                "for_vip": vip,
                "stock": item["stock"],
                "limit_per_cycle": item["limit"],
                "delivery": item["delivery"],
            },
        )
    return []
