"""The facility profile (/facilities/mine/profile/ and its logo): only the manager of an
approved facility account edits the own facility's profile. No role of the world is a
facility manager, so every one of them is refused; `test_the_facility_manager` checks
the manager, whom the fixture below creates once for this module (in a savepoint of
the package's world), with a complete profile."""

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from PIL import Image

from gemeinwerk.accounts.models import User
from gemeinwerk.programme.models import AccountStatus, Facility, FacilityAccount, Organisation
from gemeinwerk.programme.models_profile import FacilityProfile
from gemeinwerk.programme.services.profile import save_profile
from tests.matrix.cases import Case, Matrix, check, params, signed_in
from tests.matrix.world import World

MANAGED = "MX-PRO-1"
PROFILE = "/facilities/mine/profile/"
LOGO = "/facilities/mine/profile/logo/"


def profile_data(**changes: Any) -> dict[str, Any]:
    return {
        "display_name": "Placówka z profilem",
        "description": "<p>Opis <strong>placówki</strong>.</p>",
        "email": "kontakt-mx@example.org",
        "phone": "",
        "website": "",
        "address": "",
        "postcode": "",
        "city": "",
        "opening_hours": "",
        **changes,
    }


def _logo() -> SimpleUploadedFile:
    output = io.BytesIO()
    Image.new("RGB", (20, 20), "teal").save(output, format="PNG")
    return SimpleUploadedFile("logo.png", output.getvalue(), content_type="image/png")


def _build() -> None:
    organisation = Organisation.objects.create(number="MX-PRO-ORG", name="Fundacja Profil")
    facility = Facility.objects.create(
        organisation=organisation, number=MANAGED, name="Placówka z profilem"
    )
    user = User.objects.create_user(
        username="facility-mx-pro-1", email="mx-pro-1@example.org", is_active=True
    )
    FacilityAccount.objects.create(
        facility=facility,
        user=user,
        manager_first_name="Anna",
        manager_last_name="Kowalska",
        status=AccountStatus.APPROVED,
    )
    save_profile(actor=user, facility=facility, **profile_data())


@pytest.fixture(scope="module", autouse=True)
def profile_world(shared_world: World, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        _build()
        yield
        transaction.set_rollback(True)


MATRIX: Matrix = {
    "programme:profile": [
        Case(PROFILE, expected=signed_in(403)),
        Case(PROFILE, "post", profile_data(display_name="Taken over"), expected=signed_in(403)),
    ],
    "programme:profile_logo": [Case(LOGO, expected=signed_in(403))],
}


@pytest.mark.parametrize(("role", "name", "index"), params(MATRIX))
def test_matrix(world: World, role: str, name: str, index: int) -> None:
    check(world, role, MATRIX[name][index])


def test_the_facility_manager(world: World) -> None:
    """The manager opens and saves the own facility's profile and sees its logo; a
    form with a missing name changes nothing."""
    manager = User.objects.get(facility_account__facility__number=MANAGED)
    client = Client()
    client.force_login(manager)

    assert client.get(PROFILE).status_code == 200
    assert client.get(LOGO).status_code == 404
    assert client.post(PROFILE, profile_data(display_name="")).status_code == 200
    assert FacilityProfile.objects.get(facility__number=MANAGED).display_name == (
        "Placówka z profilem"
    )
    with transaction.atomic():
        sent = client.post(PROFILE, profile_data(display_name="Nowa nazwa", logo=_logo()))
        assert sent.status_code == 302
        assert FacilityProfile.objects.get(facility__number=MANAGED).display_name == "Nowa nazwa"
        logo = client.get(LOGO)
        assert logo.status_code == 200
        assert logo["Content-Type"] == "image/jpeg"
        transaction.set_rollback(True)
