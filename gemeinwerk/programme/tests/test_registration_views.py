"""The registration pages as a browser without JavaScript and htmx see them, the
activation link, the console's decisions and "My facility"."""

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from gemeinwerk.accounts.tests.more_factories import make_coordinator, make_verified, signed_in
from gemeinwerk.programme.models import AccountStatus, Facility, FacilityAccount, Organisation
from gemeinwerk.programme.services import registration
from gemeinwerk.programme.tests.factories import facility as make_facility
from gemeinwerk.programme.tests.factories import organisation as make_organisation

pytestmark = pytest.mark.django_db

REGISTER = "/en/facilities/register/"
PASSWORD = "Zielone jabłko na stole"


@pytest.fixture
def praga() -> Organisation:
    return make_organisation("Stowarzyszenie Przyjaciół Pragi")


@pytest.fixture
def sloneczko(praga: Organisation) -> Facility:
    return make_facility(praga, "Placówka „Słoneczko”")


@pytest.fixture
def elsewhere() -> Facility:
    return make_facility(make_organisation("Fundacja Dom Otwarty"), "Placówka „Kamyk”")


def data(facility: Facility, **changes: Any) -> dict[str, Any]:
    return {
        "organisation": facility.organisation_id,
        "facility": facility.pk,
        "first_name": "Anna",
        "last_name": "Kowalska",
        "email": "sloneczko@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "informal_name": "",
        **changes,
    }


def test_without_javascript_the_organisation_step_reloads_with_its_facilities(
    sloneczko: Facility, elsewhere: Facility
):
    unlisted = make_organisation("Stara Fundacja", listed=False)
    make_facility(unlisted, "Zamknięta placówka")

    first = Client().get(REGISTER).content.decode()
    assert "Stowarzyszenie Przyjaciół Pragi" in first
    assert "Stara Fundacja" not in first
    assert "Show its facilities" in first
    assert sloneczko.name not in first

    page = Client().get(REGISTER, {"organisation": sloneczko.organisation_id}).content.decode()
    assert sloneczko.name in page
    assert elsewhere.name not in page
    assert f'name="organisation" value="{sloneczko.organisation_id}"' in page


def test_htmx_gets_only_the_facility_step(sloneczko: Facility):
    response = Client().get(
        REGISTER, {"organisation": sloneczko.organisation_id}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="facility-step">')
    assert sloneczko.name in html
    assert "<html" not in html


def test_registering_in_polish(sloneczko: Facility):
    response = Client().post("/pl/facilities/register/", data(sloneczko))

    assert response.status_code == 302
    assert response["Location"] == "/pl/facilities/register/sent/"
    account = FacilityAccount.objects.get()
    assert account.status == AccountStatus.WAITING
    assert account.user.email_settings.language == "pl"


def test_a_facility_with_an_account_is_refused_with_whom_to_ask(sloneczko: Facility, settings: Any):
    settings.PROGRAMME_OFFICE_EMAIL = "biuro@programm.example"
    Client().post(REGISTER, data(sloneczko))

    response = Client().post(REGISTER, data(sloneczko, email="inna@example.org"))

    assert response.status_code == 200
    assert "biuro@programm.example" in response.content.decode()
    assert FacilityAccount.objects.count() == 1


def test_a_facility_of_another_organisation_is_not_a_choice(
    sloneczko: Facility, elsewhere: Facility
):
    response = Client().post(REGISTER, data(elsewhere, organisation=sloneczko.organisation_id))

    assert response.status_code == 200
    assert not FacilityAccount.objects.exists()


def test_the_passwords_must_agree_and_be_strong(sloneczko: Facility):
    differ = Client().post(REGISTER, data(sloneczko, password2="Inne hasło do konta"))
    weak = Client().post(REGISTER, data(sloneczko, password1="12345678", password2="12345678"))

    assert "The two passwords differ." in differ.content.decode()
    assert weak.status_code == 200
    assert not FacilityAccount.objects.exists()


def test_the_activation_link_asks_for_a_click_and_works_once(sloneczko: Facility):
    Client().post(REGISTER, data(sloneczko))
    account = FacilityAccount.objects.get()
    registration.approve(actor=make_coordinator(), account=account)
    link = f"/en/facilities/activate/{registration.activation_token(account.user)}/"

    assert Client().get(link).status_code == 200
    account.user.refresh_from_db()
    assert not account.user.is_active
    assert Client().post(link)["Location"] == "/en/accounts/login/"
    again = Client().get(link)
    assert again.status_code == 410
    assert "has been used" in again.content.decode()
    assert Client().get("/en/facilities/activate/nonsense/").status_code == 400


def test_the_console_lists_and_decides(sloneczko: Facility, elsewhere: Facility):
    for facility, email in ((sloneczko, "a@example.org"), (elsewhere, "b@example.org")):
        registration.register(
            facility=facility, first_name="Anna", last_name="Nowak", email=email, password=PASSWORD
        )
    first, second = FacilityAccount.objects.order_by("pk")
    client = signed_in(make_coordinator())

    page = client.get("/en/staff/programme/registrations/").content.decode()
    for shown in (sloneczko.name, "a@example.org", "Anna Nowak"):
        assert shown in page
    assert "Stowarzyszenie Przyjaciół Pragi" in page

    assert client.post(f"/en/staff/programme/registrations/{first.pk}/approve/").status_code == 302
    refused = client.post(f"/en/staff/programme/registrations/{second.pk}/reject/", {"reason": ""})
    assert refused.status_code == 200
    client.post(f"/en/staff/programme/registrations/{second.pk}/reject/", {"reason": "Nie ta."})

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (AccountStatus.APPROVED, AccountStatus.REJECTED)
    assert len(mail.outbox) == 2
    decided = client.get("/en/staff/programme/registrations/").content.decode()
    assert "No registration is waiting." in decided
    assert "Nie ta." in decided
    # A decided registration is decided.
    again = client.post(f"/en/staff/programme/registrations/{first.pk}/approve/")
    assert again.status_code == 404


def test_my_facility_is_the_managers_and_in_the_personal_navigation(sloneczko: Facility):
    account = registration.register(
        facility=sloneczko,
        first_name="Anna",
        last_name="Kowalska",
        email="sloneczko@example.org",
        password=PASSWORD,
        informal_name="Słoneczko",
    )
    registration.approve(actor=make_coordinator(), account=account)
    registration.activate(token=registration.activation_token(account.user))
    account.user.refresh_from_db()
    client = signed_in(account.user)

    home = client.get("/en/me/").content.decode()
    assert 'href="/en/facilities/mine/"' in home
    page = client.get("/en/facilities/mine/").content.decode()
    for shown in (sloneczko.name, sloneczko.number, "Anna Kowalska", "sloneczko@example.org"):
        assert shown in page
    assert signed_in(make_verified()).get("/en/facilities/mine/").status_code == 403
    assert (
        'href="/en/facilities/mine/"'
        not in signed_in(make_verified()).get("/en/me/").content.decode()
    )


def test_one_connection_registers_only_so_many_times_an_hour(sloneczko: Facility):
    from gemeinwerk.programme.views import REGISTRATIONS_PER_HOUR

    client = Client()
    for _ in range(REGISTRATIONS_PER_HOUR):
        client.post(REGISTER, data(sloneczko, password2="Inne hasło do konta"))

    response = client.post(REGISTER, data(sloneczko))

    assert "Too many registrations" in response.content.decode()
    assert not FacilityAccount.objects.exists()
