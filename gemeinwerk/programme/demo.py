"""Demo facility registry: four operating organisations in Warsaw with their day-support
facilities, as the city's official list names them (docs/samples/facility-registry.csv
holds the same rows, for coordinators to try the import). Running it again refreshes,
never duplicates."""

from django.db import transaction

from gemeinwerk.core.demo import DemoLogin
from gemeinwerk.programme.models import Facility, Organisation

# organisation number, organisation, facility number, facility, address, postcode, district
REGISTRY = [
    (
        "WAW-ORG-01",
        "Stowarzyszenie Przyjaciół Pragi",
        "WAW-PWD-011",
        "Placówka Wsparcia Dziennego „Słoneczko”",
        "ul. Ząbkowska 12",
        "03-736",
        "Praga-Północ",
    ),
    (
        "WAW-ORG-01",
        "Stowarzyszenie Przyjaciół Pragi",
        "WAW-PWD-012",
        "Placówka Wsparcia Dziennego „Podwórko”",
        "ul. Brzeska 8",
        "03-737",
        "Praga-Północ",
    ),
    (
        "WAW-ORG-01",
        "Stowarzyszenie Przyjaciół Pragi",
        "WAW-PWD-013",
        "Świetlica Środowiskowa „Na Targowej”",
        "ul. Targowa 44",
        "03-733",
        "Praga-Północ",
    ),
    (
        "WAW-ORG-02",
        "Fundacja Dom Otwarty",
        "WAW-PWD-021",
        "Placówka Wsparcia Dziennego „Otwarte Drzwi”",
        "ul. Górczewska 30",
        "01-147",
        "Wola",
    ),
    (
        "WAW-ORG-02",
        "Fundacja Dom Otwarty",
        "WAW-PWD-022",
        "Placówka Wsparcia Dziennego „Kamyk”",
        "ul. Wolska 71",
        "01-229",
        "Wola",
    ),
    (
        "WAW-ORG-03",
        "Fundacja Mokotowskie Gniazdo",
        "WAW-PWD-031",
        "Placówka Wsparcia Dziennego „Gniazdo”",
        "ul. Puławska 120",
        "02-620",
        "Mokotów",
    ),
    (
        "WAW-ORG-03",
        "Fundacja Mokotowskie Gniazdo",
        "WAW-PWD-032",
        "Ognisko Wychowawcze „Sadyba”",
        "ul. Powsińska 34",
        "02-903",
        "Mokotów",
    ),
    (
        "WAW-ORG-04",
        "Stowarzyszenie Razem na Zachodzie",
        "WAW-PWD-041",
        "Placówka Wsparcia Dziennego „Bemowskie Skrzydła”",
        "ul. Powstańców Śląskich 90",
        "01-355",
        "Bemowo",
    ),
    (
        "WAW-ORG-04",
        "Stowarzyszenie Razem na Zachodzie",
        "WAW-PWD-042",
        "Placówka Wsparcia Dziennego „Ursusik”",
        "ul. Keniga 15",
        "02-495",
        "Ursus",
    ),
]
CITY = "Warszawa"


@transaction.atomic
def seed_registry() -> None:
    organisations: dict[str, Organisation] = {}
    for org_number, org_name, number, name, address, postcode, district in REGISTRY:
        if org_number not in organisations:
            organisations[org_number], _created = Organisation.objects.update_or_create(
                number=org_number, defaults={"name": org_name, "listed": True}
            )
        Facility.objects.update_or_create(
            number=number,
            defaults={
                "organisation": organisations[org_number],
                "name": name,
                "address": address,
                "postcode": postcode,
                "city": CITY,
                "district": district,
                "listed": True,
            },
        )


def seed() -> list[DemoLogin]:
    seed_registry()
    return []
