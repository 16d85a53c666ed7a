"""Factories and small builders for the groups tests: groups, hosts with training and
an accepted agreement, meetings with occurrences at given times, requests to join."""

from datetime import datetime, timedelta
from typing import Any

import factory
from django.utils import timezone

from gemeinwerk.accounts.models import TrustLevel, User
from gemeinwerk.accounts.tests.factories import UserFactory
from gemeinwerk.groups.models import (
    AgreementAcceptance,
    Format,
    Group,
    GroupHost,
    GroupStatus,
    HostRole,
    HostTraining,
    JoinRequest,
    Meeting,
    Occurrence,
    Recurrence,
    Topic,
    UsageAgreement,
)
from gemeinwerk.groups.rules import current_agreement
from gemeinwerk.groups.services.directory import refresh_search_document
from gemeinwerk.groups.services.meetings import new_room_code
from gemeinwerk.places.tests.factories import ContactPointFactory, DistrictFactory


class GroupFactory(factory.django.DjangoModelFactory[Group]):
    class Meta:
        model = Group
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Gesprächskreis {n}")
    slug = factory.Sequence(lambda n: f"gespraechskreis-{n}")
    topic = Topic.RELATIVES
    description = "Wir hören einander zu und teilen, was uns im Alltag hilft."
    district = factory.SubFactory(DistrictFactory)
    languages = factory.LazyFunction(lambda: ["de"])
    format = Format.BOTH
    open_to_newcomers = True
    rhythm = "jeden 2. Dienstag, 19:00"
    place = ""
    contact_point = factory.SubFactory(ContactPointFactory)
    status = GroupStatus.ACTIVE

    @factory.post_generation
    def index_for_search(group: Group, create: bool, extracted: Any, **kwargs: Any) -> None:
        # As the services do it: the directory finds only what is in the document.
        refresh_search_document(group)
        if create:
            group.save(update_fields=["search_document"])


class UsageAgreementFactory(factory.django.DjangoModelFactory[UsageAgreement]):
    class Meta:
        model = UsageAgreement

    version = factory.Sequence(lambda n: f"2026-{n + 1}")
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    text_de = "Vertraulichkeit, keine Aufnahmen, keine Bildschirmfotos, Respekt."
    text_pl = "Poufność, bez nagrań, bez zrzutów ekranu, szacunek."
    text_en = "Confidentiality, no recordings, no screenshots, respect."


class HostTrainingFactory(factory.django.DjangoModelFactory[HostTraining]):
    class Meta:
        model = HostTraining

    user = factory.SubFactory(UserFactory, trust_level=TrustLevel.VERIFIED)
    trained_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))


class JoinRequestFactory(factory.django.DjangoModelFactory[JoinRequest]):
    class Meta:
        model = JoinRequest

    group = factory.SubFactory(GroupFactory)
    name = "Zofia"
    contact = "zofia.gast@example.net"
    message = "Meine Mutter hat Demenz."


def verified_member(**kwargs: Any) -> User:
    kwargs.setdefault("trust_level", TrustLevel.VERIFIED)
    return UserFactory.create(**kwargs)


def agreement_in_force() -> UsageAgreement:
    return current_agreement() or UsageAgreementFactory.create()


def make_host(
    group: Group,
    *,
    role: str = HostRole.HOST,
    trained: bool = True,
    accepted: bool = True,
    **user_fields: Any,
) -> User:
    """A member who hosts (or co-hosts) `group`; by default trained and with the
    agreement in force accepted, so that they may schedule meetings."""
    user = verified_member(**user_fields)
    GroupHost.objects.create(group=group, user=user, role=role)
    if trained:
        HostTrainingFactory.create(user=user)
    if accepted:
        AgreementAcceptance.objects.create(user=user, agreement=agreement_in_force())
    return user


def make_occurrence(
    group: Group,
    *,
    starts_at: datetime,
    minutes: int = 90,
    rotate: bool = False,
    meeting: Meeting | None = None,
) -> Occurrence:
    """An occurrence at an exact moment, with its own meeting unless one is given; a
    rotating meeting gives the occurrence its own code."""
    local = timezone.localtime(starts_at)
    if meeting is None:
        meeting = Meeting.objects.create(
            group=group,
            recurrence=Recurrence.ONCE,
            first_date=local.date(),
            start_time=local.time().replace(microsecond=0),
            duration_minutes=minutes,
            rotate_code=rotate,
            room_code=None if rotate else new_room_code(),
        )
    return Occurrence.objects.create(
        meeting=meeting,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        room_code=new_room_code() if meeting.rotate_code else None,
    )


def code_of(occurrence: Occurrence) -> str:
    """The code that opens `occurrence`: its own, or its meeting's."""
    code = occurrence.room_code or occurrence.meeting.room_code
    assert code is not None
    return code
