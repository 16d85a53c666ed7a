"""Registry rows for tests: an organisation and its facilities, numbered uniquely."""

from itertools import count

from gemeinwerk.programme.models import Facility, Organisation

_numbers = count(1)


def organisation(name: str = "", **fields: object) -> Organisation:
    number = next(_numbers)
    return Organisation.objects.create(
        number=str(fields.pop("number", f"ORG-{number}")),
        name=name or f"Stowarzyszenie {number}",
        **fields,
    )


def facility(of: Organisation | None = None, name: str = "", **fields: object) -> Facility:
    number = next(_numbers)
    return Facility.objects.create(
        organisation=of or organisation(),
        number=str(fields.pop("number", f"PWD-{number}")),
        name=name or f"Placówka Wsparcia Dziennego {number}",
        **fields,
    )
