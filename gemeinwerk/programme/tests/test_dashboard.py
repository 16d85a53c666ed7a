"""The programme overview: the counts of what waits, the tier distribution and the
current cycle in a number of queries that does not grow with the facilities; the CSV
exports (UTF-8 with a BOM, `;`, formulas defused); only the programme office sees it.
And the public FAQ, whose tier criteria come from the scoring rules."""

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.tests.more_factories import (
    make_coordinator,
    make_verified,
    signed_in,
)
from gemeinwerk.programme.models import AccountStatus, FacilityAccount
from gemeinwerk.programme.models_evaluation import Evaluation, EvaluationStatus, Survey, Tier
from gemeinwerk.programme.overview_views import safe_cell
from gemeinwerk.programme.services import cycles, rewards
from gemeinwerk.programme.tests.evaluation_factories import manager
from gemeinwerk.programme.tests.evaluation_factories import survey as published
from gemeinwerk.programme.tests.factories import facility, organisation
from gemeinwerk.programme.tests.rewards_factories import accepted_manager, reward

pytestmark = pytest.mark.django_db

URL = "/staff/programme/overview/"


@pytest.fixture
def survey() -> Survey:
    return published()


def accepted(survey: Survey, tier: str, name: str = "") -> User:
    user = manager(facility(organisation("Fundacja Żółw"), name=name) if name else None)
    account = FacilityAccount.objects.get(user=user)
    Evaluation.objects.create(
        facility=account.facility,
        survey=survey,
        cycle="2027-03",
        status=EvaluationStatus.ACCEPTED,
        final_tier=tier,
        proposed_tier=tier,
    )
    return user


def waiting_registration(name: str = "") -> None:
    user = User.objects.create_user(
        username=f"waiting-{name or FacilityAccount.objects.count()}",
        email=f"{name or FacilityAccount.objects.count()}@example.org",
        is_active=False,
    )
    FacilityAccount.objects.create(
        facility=facility(name=name) if name else facility(),
        user=user,
        manager_first_name="Zofia",
        manager_last_name="Łęcka",
        status=AccountStatus.WAITING,
    )


def queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL).status_code == 200
    return len(context.captured_queries)


def rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_counts_and_a_flat_number_of_queries(survey: Survey):
    cycles.open_cycle(today=date.today())
    accepted(survey, Tier.VIP)
    accepted(survey, Tier.PREMIUM)
    waiting_registration()
    client = signed_in(make_coordinator())
    queries(client)  # the first request of a session does more (its second factor)
    before = queries(client)

    for tier in (Tier.VIP, Tier.STANDARD, Tier.STANDARD):
        accepted(survey, tier)
    waiting_registration()
    waiting_registration()
    assert queries(client) == before

    html = client.get(URL).content.decode()
    assert 'data-count="registrations">3<' in html
    assert 'data-count="tier-vip">2<' in html
    assert 'data-count="tier-premium">1<' in html
    assert 'data-count="tier-standard">2<' in html
    assert "/staff/programme/registrations/" in html
    assert "/staff/programme/evaluations/" in html
    facilities = client.get(URL + "facilities/?tier=standard").content.decode()
    assert facilities.count("<tr>") == 3  # the header and two facilities


def test_the_csv_exports_keep_polish_letters_and_defuse_formulas(survey: Survey):
    accepted(survey, Tier.PREMIUM, name='=HYPERLINK("http://zły.example")')
    accepted(survey, Tier.VIP, name="Świetlica Źdźbło")
    waiting_registration(name="+48 Placówka")
    client = signed_in(make_coordinator())

    response = client.get("/en" + URL + "facilities.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    table = rows(response.content)
    assert table[0] == [
        "Operating organisation",
        "Facility",
        "Number on the official list",
        "District",
        "Tier",
    ]
    names = {row[1]: row[4] for row in table[1:]}
    assert names["Świetlica Źdźbło"] == "VIP"
    assert names['\'=HYPERLINK("http://zły.example")'] == "Premium"

    (_header, row) = rows(client.get(URL + "registrations.csv").content)
    assert row[1] == "'+48 Placówka"
    assert row[2] == "Zofia Łęcka"

    evaluations = rows(client.get("/en" + URL + "evaluations.csv").content)
    assert evaluations[0][0] == "Operating organisation"


def test_every_reservation_downloads_as_csv():
    user = accepted_manager(facility=facility(organisation("Fundacja Źródło"), "Świetlica"))
    rewards.reserve(actor=user, reward=reward("=Warsztaty"))

    table = rows(signed_in(make_coordinator()).get("/en" + URL + "reservations.csv").content)

    assert table[0][:3] == ["Operating organisation", "Facility", "Reward"]
    where, name, title, _cycle, quantity, status = table[1][:6]
    assert (where, name, title) == ("Fundacja Źródło", "Świetlica", "'=Warsztaty")
    assert (quantity, status) == ("1", "Reserved")


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1"])
def test_a_cell_that_starts_like_a_formula_gets_a_quote(value: str):
    assert safe_cell(value) == "'" + value
    assert safe_cell("Łódź") == "Łódź"
    assert safe_cell(None) == ""


def test_only_the_programme_office_sees_the_overview(survey: Survey):
    assert signed_in(make_verified()).get(URL).status_code == 403
    assert signed_in(make_verified()).get(URL + "facilities.csv").status_code == 403
    assert signed_in(manager()).get(URL).status_code == 403
    assert Client().get(URL).status_code == 302
    html = signed_in(make_coordinator()).get("/staff/").content.decode()
    assert URL in html


def test_the_faq_renders_the_tier_criteria_from_the_scoring_rules(survey: Survey, settings: Any):
    settings.PROGRAMME_TIER_THRESHOLDS = {"premium": 11, "vip": 20}
    most = sum(survey.questions.values_list("points", flat=True))

    html = Client().get("/en/facilities/").content.decode()

    assert f"Premium from 11 of {most} points" in html
    assert f"VIP from 20 of {most} points" in html
