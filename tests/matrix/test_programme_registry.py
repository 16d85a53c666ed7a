"""The facility registry in the staff console ("staff:registry:..."): the list, the
import of the official list (upload, preview, confirm) and editing an organisation or
a facility.

The world has a listed facility of a listed organisation (`registry_facility`) and an
upload of the official list by "coordinator" that waits for its confirmation
(`registry_import`).

Who may what (programme/rules.py, "programme.manage_registry"): the programme office,
that is coordinators and admins; staff of contact points use the console but not the
registry (403), suspended staff neither. An upload is its uploader's own: for another
member of the programme office it is not found (the admin here).
"""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.matrix.cases import Case, Matrix, check, console, params
from tests.matrix.world import ALL, World

MISSING = 999999
HEADER = "organisation_number;organisation;facility_number;facility;address;postcode;city;district"
GOOD = (
    f"{HEADER}\n"
    "MATRIX-ORG;Fundacja Matryca;MATRIX-PWD;Nowa nazwa;ul. Wolska 1;01-229;Warszawa;Wola\n"
)
# The facility number is missing on line 2: the preview lists the problem, nothing is kept.
BAD = f"{HEADER}\nMATRIX-ORG;Fundacja Matryca;;Bez numeru;;;;\n"


def office(status: int, **overrides: int) -> dict[str, int]:
    """The registry's pages: coordinators and admins; other staff are refused."""
    return console(status, staff=403, staff_other=403, **overrides)


def upload(content: str) -> Any:
    # A fresh file per request: a request reads it to the end.
    return lambda w: {"file": SimpleUploadedFile("lista.csv", content.encode(), "text/csv")}


def kept(tail: str = "") -> Any:
    return lambda w: f"/staff/programme/registry/import/{w.registry_import.pk}/{tail}"


def facility(w: World) -> str:
    return f"/staff/programme/registry/facilities/{w.registry_facility.pk}/"


def organisation(w: World) -> str:
    return f"/staff/programme/registry/organisations/{w.registry_facility.organisation_id}/"


FACILITY = {
    "name": "Placówka Wsparcia Dziennego „Matryca”",
    "address": "ul. Wolska 3",
    "postcode": "01-229",
    "city": "Warszawa",
    "district": "Wola",
    "listed": "on",
}

MATRIX: Matrix = {
    "staff:registry:organisations": [
        Case("/staff/programme/registry/", expected=office(200)),
        Case("/staff/programme/registry/?q=Matryca&page=2", expected=office(200)),
    ],
    "staff:registry:upload": [
        Case("/staff/programme/registry/import/", expected=office(200)),
        # A file in order is kept for the preview.
        Case("/staff/programme/registry/import/", "post", upload(GOOD), expected=office(302)),
        # A file with problems: they are shown, nothing is kept.
        Case(
            "/staff/programme/registry/import/",
            "post",
            upload(BAD),
            expected=office(200),
            unchanged=ALL,
        ),
        Case("/staff/programme/registry/import/", "post", {}, expected=office(200), unchanged=ALL),
    ],
    "staff:registry:preview": [
        Case(kept(), expected=office(200, admin=404)),
        Case(f"/staff/programme/registry/import/{MISSING}/", expected=office(404)),
    ],
    "staff:registry:confirm": [
        Case(kept("confirm/"), "post", expected=office(302, admin=404)),
        Case(f"/staff/programme/registry/import/{MISSING}/confirm/", "post", expected=office(404)),
    ],
    "staff:registry:organisation": [
        Case(organisation, expected=office(200)),
        Case(
            organisation,
            "post",
            {"name": "Fundacja Matryca i Przyjaciele", "listed": ""},
            expected=office(302),
        ),
        Case(organisation, "post", {"name": ""}, expected=office(200), unchanged=ALL),
        Case(f"/staff/programme/registry/organisations/{MISSING}/", expected=office(404)),
    ],
    "staff:registry:facility": [
        Case(facility, expected=office(200)),
        Case(facility, "post", FACILITY, expected=office(302)),
        Case(
            facility,
            "post",
            FACILITY | {"postcode": "1" * 13},
            expected=office(200),
            unchanged=ALL,
        ),
        Case(f"/staff/programme/registry/facilities/{MISSING}/", expected=office(404)),
    ],
}


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "name", "index"), params(MATRIX))
def test_route_answers_each_role_as_expected(world: World, role: str, name: str, index: int):
    check(world, role, MATRIX[name][index])
