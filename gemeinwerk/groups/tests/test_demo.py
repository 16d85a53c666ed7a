"""The demo groups: a directory worth searching, a host who may schedule, a meeting with
a room code; seeding again changes nothing."""

import pytest
from django.contrib.auth import authenticate

from gemeinwerk.core.demo import seed_all
from gemeinwerk.groups import roomcodes, selectors
from gemeinwerk.groups.demo import GROUPS
from gemeinwerk.groups.models import (
    AgreementAcceptance,
    Group,
    GroupHost,
    GroupStatus,
    HostRole,
    HostTraining,
    Meeting,
    Occurrence,
    UsageAgreement,
)
from gemeinwerk.groups.rules import current_agreement, may_schedule

pytestmark = pytest.mark.django_db

MODELS = (Group, GroupHost, HostTraining, UsageAgreement, AgreementAcceptance, Meeting, Occurrence)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_the_demo_has_a_directory_worth_searching():
    seed_all()

    assert Group.objects.filter(status=GroupStatus.ACTIVE).count() == len(GROUPS) == 6
    assert len({group.topic for group in Group.objects.all()}) >= 5
    relatives = [g.slug for g in selectors.directory(query="Angehörige")]
    assert "angehoerige-demenz" in relatives
    assert [g.slug for g in selectors.directory(language="pl")] == ["rodzina-razem"]
    assert all(group.search_document for group in Group.objects.all())


def test_the_demo_host_signs_in_and_may_schedule():
    logins = {login.username: login for login in seed_all()}

    host = authenticate(
        username="gruppenleitung_eva", password=logins["gruppenleitung_eva"].password
    )

    assert host is not None
    group = Group.objects.get(slug="angehoerige-demenz")
    assert GroupHost.objects.get(group=group).user == host
    assert GroupHost.objects.get(group=group).role == HostRole.HOST
    assert may_schedule(host, group)


def test_the_demo_meeting_has_a_room_code_and_dates():
    seed_all()

    meeting = Meeting.objects.get(group__slug="angehoerige-demenz")

    assert meeting.room_code is not None
    assert roomcodes.is_well_formed(meeting.room_code)
    assert meeting.occurrences.count() >= 15  # weekly, 120 days ahead


def test_the_demo_agreement_names_the_rules_in_three_languages():
    seed_all()
    agreement = current_agreement()

    assert agreement is not None
    assert "Vertraulichkeit" in agreement.text_de
    assert "Aufnahmen" in agreement.text_de
    assert "Poufność" in agreement.text_pl
    assert "nagrań" in agreement.text_pl
    assert "Confidentiality" in agreement.text_en
    assert "screenshots" in agreement.text_en


def test_seeding_twice_changes_nothing():
    seed_all()
    first = counts()
    code = Meeting.objects.get().room_code

    seed_all()

    assert counts() == first
    assert Meeting.objects.get().room_code == code
