"""The writes of the groups app: founding and reviewing groups, host training and the
usage agreement, meetings and room codes, co-hosts and hand-over; and what the groups
hold about a person (export and erasure)."""

from datetime import date, time, timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gemeinwerk.accounts import personal_data
from gemeinwerk.accounts.models import TrustLevel, User
from gemeinwerk.accounts.services.leaving import delete_account
from gemeinwerk.accounts.tests.more_factories import make_admin, make_coordinator, staff_of
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.groups import roomcodes, schedule, selectors
from gemeinwerk.groups.models import (
    AgreementAcceptance,
    Format,
    Group,
    GroupHost,
    GroupStatus,
    HostRole,
    HostTraining,
    Meeting,
    Occurrence,
    Recurrence,
    Topic,
    UsageAgreement,
)
from gemeinwerk.groups.services import directory, hosts, meetings
from gemeinwerk.groups.tests.factories import (
    GroupFactory,
    HostTrainingFactory,
    UsageAgreementFactory,
    code_of,
    make_host,
    make_occurrence,
    verified_member,
)
from gemeinwerk.meetings.joining import Outcome, check_code
from gemeinwerk.places.models import ContactPoint
from gemeinwerk.places.tests.factories import ContactPointFactory, DistrictFactory

pytestmark = pytest.mark.django_db

TUESDAY = 1


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


@pytest.fixture
def office() -> ContactPoint:
    return ContactPointFactory.create(name="Selbsthilfekontaktstelle")


def fresh(user: User) -> User:
    """The user as a new request sees it: without the roles cached on the object."""
    return User.objects.get(pk=user.pk)


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


def next_nth_weekday(weekday: int, week: int) -> date:
    """The next `week`-th `weekday` of a month after today."""
    today = timezone.localdate()
    year, month = today.year, today.month
    while True:
        day = schedule.nth_weekday(year, month, weekday, week)
        if day is not None and day > today:
            return day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


# --- Founding a group -------------------------------------------------------------------


def group_data(office: ContactPoint, **changes: Any) -> dict[str, Any]:
    data = {
        "name": "Angehörige von Menschen mit Demenz",
        "topic": Topic.RELATIVES,
        "description": "Für Angehörige, die einen Menschen mit Demenz begleiten.",
        "languages": ["de", "pl"],
        "format": Format.BOTH,
        "district": DistrictFactory.create(name="Nordstadt", slug="nordstadt"),
        "place": "Stadtteilbibliothek, Raum 2",
        "rhythm": "jeden 2. Dienstag, 19:00",
        "open_to_newcomers": False,
        "contact_point": office,
    }
    return {**data, **changes}


def test_a_verified_member_proposes_a_group_and_becomes_its_host(office: ContactPoint):
    member = verified_member()

    group = directory.propose_group(member=member, data=group_data(office))

    assert group.status == GroupStatus.PROPOSED
    assert group.proposed_by == member
    assert group.slug == "angehorige-von-menschen-mit-demenz"
    assert list(GroupHost.objects.filter(group=group).values_list("user", "role")) == [
        (member.pk, HostRole.HOST)
    ]
    assert "angehörige von menschen mit demenz" in group.search_document
    assert "nordstadt" in group.search_document
    assert group not in selectors.directory()


def test_only_verified_members_propose_groups(office: ContactPoint):
    for level in (TrustLevel.UNVERIFIED, TrustLevel.SUSPENDED):
        with pytest.raises(PermissionDenied):
            directory.propose_group(
                member=verified_member(trust_level=level), data=group_data(office)
            )

    assert not Group.objects.exists()
    assert not GroupHost.objects.exists()


def test_group_slugs_stay_unique(office: ContactPoint):
    member = verified_member()

    slugs = [
        directory.propose_group(member=member, data=group_data(office, name=name)).slug
        for name in ("Trauercafé", "Trauercafé", "trauercafe", "★ ★ ★")
    ]

    assert slugs == ["trauercafe", "trauercafe-2", "trauercafe-3", "gruppe"]


def test_an_invalid_proposal_leaves_nothing_behind(office: ContactPoint):
    with pytest.raises(ValidationError):
        directory.propose_group(
            member=verified_member(), data=group_data(office, topic="astrology")
        )

    assert not Group.objects.exists()
    assert not GroupHost.objects.exists()


@pytest.mark.parametrize("approve", [True, False])
def test_the_contact_office_reviews_a_proposal(office: ContactPoint, approve: bool):
    member = verified_member()
    group = directory.propose_group(member=member, data=group_data(office))
    staff = staff_of(office)

    reviewed = directory.review_group(group=group, staff=staff, approve=approve)

    assert reviewed.status == (GroupStatus.ACTIVE if approve else GroupStatus.DECLINED)
    assert reviewed.reviewed_by == staff
    assert reviewed.reviewed_at is not None
    (event,) = events("group.approved" if approve else "group.declined")
    assert (event.actor, event.subject, event.target_id) == (staff, member, str(group.pk))
    assert (group in selectors.directory()) is approve


def test_only_the_groups_own_office_or_an_admin_reviews(office: ContactPoint):
    group = directory.propose_group(member=verified_member(), data=group_data(office))
    refused = [
        staff_of(ContactPointFactory.create()),
        make_coordinator(two_factor=False),
        verified_member(),
        group.proposed_by,
    ]

    for person in refused:
        with pytest.raises(PermissionDenied):
            directory.review_group(group=group, staff=person, approve=True)  # type: ignore[arg-type]
    assert Group.objects.get(pk=group.pk).status == GroupStatus.PROPOSED
    assert not events("group.approved")

    directory.review_group(group=group, staff=make_admin(), approve=True)
    assert Group.objects.get(pk=group.pk).status == GroupStatus.ACTIVE


def test_a_group_is_reviewed_once(office: ContactPoint):
    group = directory.propose_group(member=verified_member(), data=group_data(office))
    staff = staff_of(office)
    directory.review_group(group=group, staff=staff, approve=False)

    with pytest.raises(ValidationError) as error:
        directory.review_group(group=group, staff=staff, approve=True)

    assert error.value.code == "reviewed"
    assert Group.objects.get(pk=group.pk).status == GroupStatus.DECLINED


# --- Training and the usage agreement ---------------------------------------------------


def test_staff_record_the_host_training(office: ContactPoint):
    member = verified_member()
    staff = staff_of(office)
    day = timezone.localdate() - timedelta(days=3)

    hosts.record_training(member=member, staff=staff, trained_on=day, contact_point=office)
    hosts.record_training(member=member, staff=staff, trained_on=day - timedelta(days=1))

    training = HostTraining.objects.get(user=member)
    assert training.trained_on == day - timedelta(days=1)
    assert training.recorded_by == staff
    assert [e.subject for e in events("host.training_recorded")] == [member, member]


def test_only_staff_record_training_and_not_in_the_future(office: ContactPoint):
    member = verified_member()

    with pytest.raises(PermissionDenied):
        hosts.record_training(member=member, staff=verified_member(), trained_on=date(2026, 1, 5))
    with pytest.raises(ValidationError):
        hosts.record_training(
            member=member,
            staff=staff_of(office),
            trained_on=timezone.localdate() + timedelta(days=1),
        )

    assert not HostTraining.objects.exists()


def test_only_trained_hosts_accept_the_agreement_and_it_is_audited_once():
    agreement = UsageAgreementFactory.create(version="2026-1")
    member = verified_member()

    with pytest.raises(PermissionDenied):
        hosts.accept_agreement(member=member, agreement=agreement)
    HostTrainingFactory.create(user=member)
    first = hosts.accept_agreement(member=member, agreement=agreement)
    again = hosts.accept_agreement(member=member, agreement=agreement)

    assert first == again
    assert AgreementAcceptance.objects.filter(user=member).count() == 1
    (event,) = events("host.agreement_accepted")
    assert (event.actor, event.subject, event.after) == (member, member, {"version": "2026-1"})


# --- Scheduling meetings -----------------------------------------------------------------


@pytest.fixture
def group(office: ContactPoint) -> Group:
    return GroupFactory.create(contact_point=office)


def monthly(group: Group, host: User, **changes: Any) -> Meeting:
    kwargs: dict[str, Any] = {
        "group": group,
        "host": host,
        "recurrence": Recurrence.MONTHLY,
        "first_date": next_nth_weekday(TUESDAY, 2),
        "start_time": time(19),
        "duration_minutes": 90,
        **changes,
    }
    return meetings.schedule_meeting(**kwargs)


def test_a_host_schedules_every_second_tuesday_and_gets_a_room_code(group: Group):
    host = make_host(group)

    meeting = monthly(group, host)

    assert meeting.week_of_month == 2
    assert meeting.room_code is not None
    assert roomcodes.is_well_formed(meeting.room_code)
    occurrences = list(meeting.occurrences.order_by("starts_at"))
    assert 3 <= len(occurrences) <= 5  # 120 days ahead
    for occurrence in occurrences:
        local = timezone.localtime(occurrence.starts_at)
        assert (local.weekday(), schedule.week_of_month(local.date())) == (TUESDAY, 2)
        assert local.time() == time(19)
        assert occurrence.ends_at - occurrence.starts_at == timedelta(minutes=90)
        assert occurrence.room_code is None
    (event,) = events("meeting.scheduled")
    assert event.actor == host
    assert meeting.room_code not in str(event.after)


def test_a_co_host_who_accepted_the_agreement_may_schedule(group: Group):
    make_host(group)
    co_host = make_host(group, role=HostRole.CO_HOST)

    meeting = monthly(group, co_host)

    assert meeting.created_by == co_host


@pytest.mark.parametrize(
    "who",
    ["untrained host", "host without acceptance", "other member", "office staff", "admin"],
)
def test_only_trained_hosts_who_accepted_the_agreement_schedule(group: Group, who: str):
    agreement = UsageAgreementFactory.create()
    person = {
        "untrained host": lambda: make_host(group, trained=False),
        "host without acceptance": lambda: make_host(group, accepted=False),
        "other member": lambda: make_host(GroupFactory.create()),
        "office staff": lambda: staff_of(group.contact_point, two_factor=False),
        "admin": lambda: make_admin(),
    }[who]()
    if who in ("office staff", "admin"):
        HostTrainingFactory.create(user=person)
        AgreementAcceptance.objects.create(user=person, agreement=agreement)

    with pytest.raises(PermissionDenied):
        monthly(group, person)

    assert not Meeting.objects.exists()


def test_a_new_agreement_version_must_be_accepted_again(group: Group):
    host = make_host(group)
    monthly(group, host)
    newer = UsageAgreementFactory.create(version="2027-1", published_at=timezone.now())

    with pytest.raises(PermissionDenied):
        monthly(group, fresh(host))
    hosts.accept_agreement(member=host, agreement=newer)
    monthly(group, fresh(host))

    assert Meeting.objects.count() == 2


def test_an_agreement_not_yet_in_force_does_not_stop_hosts(group: Group):
    # "in force from" next month: until then the version hosts accepted still applies.
    host = make_host(group)
    UsageAgreementFactory.create(published_at=timezone.now() + timedelta(days=30))

    monthly(group, fresh(host))

    assert Meeting.objects.count() == 1


@pytest.mark.parametrize("status", [GroupStatus.PROPOSED, GroupStatus.DECLINED, "archived"])
def test_groups_that_are_not_active_get_no_meetings(group: Group, status: str):
    host = make_host(group)
    Group.objects.filter(pk=group.pk).update(status=status)
    group.refresh_from_db()

    with pytest.raises(PermissionDenied):
        monthly(group, host)


def test_no_meetings_in_the_past(group: Group):
    host = make_host(group)

    with pytest.raises(ValidationError) as error:
        monthly(group, host, first_date=timezone.localdate() - timedelta(days=1))

    assert "first_date" in error.value.message_dict
    assert not Meeting.objects.exists()


def test_until_comes_after_the_first_date(group: Group):
    host = make_host(group)
    first = next_nth_weekday(TUESDAY, 2)

    with pytest.raises(ValidationError) as error:
        monthly(group, host, first_date=first, until=first - timedelta(days=1))

    assert "until" in error.value.message_dict


def test_a_fifth_weekday_is_only_possible_as_the_last(group: Group):
    host = make_host(group)
    fifth = next(
        day
        for day in (timezone.localdate() + timedelta(days=n) for n in range(1, 120))
        if schedule.week_of_month(day) == 5
    )

    with pytest.raises(ValidationError) as error:
        monthly(group, host, first_date=fifth)
    meeting = monthly(group, host, first_date=fifth, last_week_of_month=True)

    assert "first_date" in error.value.message_dict
    assert meeting.week_of_month == -1
    for occurrence in meeting.occurrences.all():
        day = timezone.localtime(occurrence.starts_at).date()
        assert day.weekday() == fifth.weekday()
        assert (day + timedelta(weeks=1)).month != day.month


def test_rotating_codes_give_every_date_its_own(group: Group):
    host = make_host(group)

    meeting = meetings.schedule_meeting(
        group=group,
        host=host,
        recurrence=Recurrence.WEEKLY,
        first_date=timezone.localdate() + timedelta(days=1),
        start_time=time(18, 30),
        duration_minutes=60,
        interval_weeks=2,
        rotate_code=True,
    )

    codes = [o.room_code for o in meeting.occurrences.all()]
    assert meeting.room_code is None
    assert meeting.interval_weeks == 2
    assert len(codes) >= 8
    assert len(set(codes)) == len(codes)
    assert all(code and roomcodes.is_well_formed(code) for code in codes)


def test_a_single_meeting_has_one_date_and_no_last_date(group: Group):
    host = make_host(group)
    day = timezone.localdate() + timedelta(days=10)

    meeting = meetings.schedule_meeting(
        group=group,
        host=host,
        recurrence=Recurrence.ONCE,
        first_date=day,
        start_time=time(10),
        duration_minutes=120,
        interval_weeks=3,
        until=day + timedelta(days=30),
    )

    assert (meeting.until, meeting.interval_weeks, meeting.week_of_month) == (None, 1, None)
    assert meeting.occurrences.count() == 1


# --- Room codes, cancelling and ending ----------------------------------------------------


def test_a_new_code_replaces_the_old_one_at_once(group: Group):
    host = make_host(group)
    occurrence = make_occurrence(group, starts_at=timezone.now() - timedelta(minutes=5))
    meeting = occurrence.meeting
    old = code_of(occurrence)

    new = meetings.regenerate_code(meeting=meeting, actor=host)

    assert new != old
    assert roomcodes.is_well_formed(new)
    assert check_code("a", old).outcome == Outcome.NOT_VALID
    assert check_code("b", new).outcome == Outcome.OPEN
    (event,) = events("meeting.code_regenerated")
    assert new not in str(event.after)
    assert old not in str(event.after)


def test_a_rotating_code_is_replaced_for_one_date_only(group: Group):
    host = make_host(group)
    first = make_occurrence(group, starts_at=timezone.now() - timedelta(minutes=5), rotate=True)
    second = make_occurrence(
        group, starts_at=first.starts_at + timedelta(weeks=1), meeting=first.meeting
    )
    old_first, old_second = code_of(first), code_of(second)

    with pytest.raises(ValidationError):
        meetings.regenerate_code(meeting=first.meeting, actor=host)
    other = make_occurrence(group, starts_at=first.starts_at, rotate=True)
    with pytest.raises(ValidationError):
        meetings.regenerate_code(meeting=first.meeting, actor=host, occurrence=other)
    new = meetings.regenerate_code(meeting=first.meeting, actor=host, occurrence=first)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.room_code == new != old_first
    assert second.room_code == old_second
    assert check_code("a", old_first).outcome == Outcome.NOT_VALID


def test_only_the_groups_hosts_manage_its_meetings(group: Group):
    make_host(group)
    co_host = make_host(group, role=HostRole.CO_HOST, trained=False, accepted=False)
    occurrence = make_occurrence(group, starts_at=timezone.now() + timedelta(days=1))
    outsider = make_host(GroupFactory.create())
    staff = staff_of(group.contact_point, two_factor=False)

    for person in (outsider, staff):
        with pytest.raises(PermissionDenied):
            meetings.regenerate_code(meeting=occurrence.meeting, actor=person)
        with pytest.raises(PermissionDenied):
            meetings.cancel_occurrence(occurrence=occurrence, actor=person)
        with pytest.raises(PermissionDenied):
            meetings.end_series(meeting=occurrence.meeting, actor=person)
    meetings.regenerate_code(meeting=occurrence.meeting, actor=co_host)

    assert Occurrence.objects.get(pk=occurrence.pk).cancelled_at is None


def test_a_cancelled_date_does_not_open(group: Group):
    host = make_host(group)
    occurrence = make_occurrence(group, starts_at=timezone.now() - timedelta(minutes=5))

    meetings.cancel_occurrence(occurrence=occurrence, actor=host)
    meetings.cancel_occurrence(occurrence=occurrence, actor=host)

    assert check_code("a", code_of(occurrence)).outcome == Outcome.NOT_VALID
    assert len(events("meeting.occurrence_cancelled")) == 1
    assert occurrence not in selectors.upcoming_occurrences(group)


def test_ending_a_series_cancels_the_dates_to_come(group: Group):
    host = make_host(group)
    meeting = meetings.schedule_meeting(
        group=group,
        host=host,
        recurrence=Recurrence.WEEKLY,
        first_date=timezone.localdate() + timedelta(days=1),
        start_time=time(19),
        duration_minutes=90,
    )
    running = make_occurrence(
        group, starts_at=timezone.now() - timedelta(minutes=30), meeting=meeting
    )

    meetings.end_series(meeting=meeting, actor=host)

    meeting.refresh_from_db()
    assert meeting.ended_at is not None
    future = meeting.occurrences.filter(starts_at__gt=timezone.now())
    assert future.exists()
    assert not future.filter(cancelled_at__isnull=True).exists()
    assert check_code("a", code_of(running)).outcome == Outcome.OPEN  # may finish
    assert meetings.extend_occurrences(meeting) == 0
    assert events("meeting.ended")


# --- Co-hosts and hand-over ------------------------------------------------------------


def roles(group: Group) -> dict[str, str]:
    return {h.user.username: h.role for h in GroupHost.objects.filter(group=group)}


def test_co_hosts_are_invited_once_accept_and_are_removed(group: Group):
    host = make_host(group, username="eva")
    co_host = verified_member(username="piotr")

    invitation = hosts.invite_co_host(group=group, member=co_host, actor=host)
    with pytest.raises(ValidationError):
        hosts.invite_co_host(group=group, member=co_host, actor=host)  # asked already
    with pytest.raises(ValidationError):
        hosts.invite_co_host(group=group, member=host, actor=host)
    assert roles(group) == {"eva": HostRole.HOST}  # nothing before the answer

    hosts.accept_invitation(invitation=invitation, member=co_host)
    with pytest.raises(ValidationError):
        hosts.invite_co_host(group=group, member=co_host, actor=host)  # hosts already
    assert roles(group) == {"eva": HostRole.HOST, "piotr": HostRole.CO_HOST}

    hosts.remove_co_host(group=group, member=co_host, actor=host)
    hosts.remove_co_host(group=group, member=host, actor=host)  # the host stays

    assert roles(group) == {"eva": HostRole.HOST}
    assert len(events("host.invited")) == 1
    assert len(events("host.invitation_accepted")) == 1
    assert len(events("host.co_host_removed")) == 1


def test_handing_over_keeps_one_host(group: Group):
    host = make_host(group, username="eva")
    co_host = make_host(group, role=HostRole.CO_HOST, username="piotr")
    make_host(group, role=HostRole.CO_HOST, username="lena")

    offer = hosts.offer_host_role(group=group, to=co_host, actor=host)
    assert roles(group)["eva"] == HostRole.HOST  # not before piotr says yes
    hosts.accept_invitation(invitation=offer, member=co_host)

    assert roles(group) == {"eva": HostRole.CO_HOST, "piotr": HostRole.HOST, "lena": "co_host"}
    (event,) = events("host.handed_over")
    assert (event.actor, event.subject) == (co_host, co_host)
    assert event.before == {"host": [host.pk]}
    with pytest.raises(ValidationError):
        hosts.offer_host_role(group=group, to=verified_member(), actor=fresh(co_host))
    with pytest.raises(PermissionDenied):
        hosts.offer_host_role(group=group, to=co_host, actor=fresh(host))  # no longer host
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupHost.objects.filter(group=group).update(role=HostRole.HOST)


# --- What the groups hold about a person ------------------------------------------------


@pytest.fixture
def host_with_everything(office: ContactPoint) -> tuple[User, Group]:
    host = verified_member(username="eva_gastgeberin")
    group = directory.propose_group(member=host, data=group_data(office))
    staff = staff_of(office, username="team_anna")
    directory.review_group(group=group, staff=staff, approve=True)
    hosts.record_training(member=host, staff=staff, trained_on=date(2026, 2, 3))
    hosts.accept_agreement(member=host, agreement=UsageAgreementFactory.create(version="2026-1"))
    monthly(Group.objects.get(pk=group.pk), fresh(host))
    co_host = verified_member(username="piotr_cohost")
    invitation = hosts.invite_co_host(group=group, member=co_host, actor=fresh(host))
    hosts.accept_invitation(invitation=invitation, member=co_host)
    return host, group


def test_the_export_holds_hosting_training_and_agreements(
    host_with_everything: tuple[User, Group],
):
    host, group = host_with_everything

    data = personal_data.export_data(host)["data"]

    assert [(row["group"], row["role"]) for row in data["groups_hosted"]] == [
        (group.name, str(HostRole.HOST.label))
    ]
    assert [row["trained_on"] for row in data["host_training"]] == [date(2026, 2, 3)]
    assert [row["agreement"] for row in data["usage_agreements_accepted"]] == ["2026-1"]
    assert [row["name"] for row in data["groups_proposed"]] == [group.name]


def test_deleting_a_hosts_account_keeps_the_group(host_with_everything: tuple[User, Group]):
    host, group = host_with_everything
    staff = User.objects.get(username="team_anna")

    delete_account(user=host)
    delete_account(user=staff)

    group.refresh_from_db()
    assert group.status == GroupStatus.ACTIVE
    assert (group.proposed_by, group.reviewed_by) == (None, None)
    assert roles(group) == {"piotr_cohost": HostRole.CO_HOST}
    assert Meeting.objects.get(group=group).created_by is None
    assert Meeting.objects.get(group=group).occurrences.exists()
    assert not HostTraining.objects.exists()
    assert not AgreementAcceptance.objects.exists()
    assert UsageAgreement.objects.filter(version="2026-1").exists()
    assert group in selectors.directory()


def test_deleting_the_staff_who_recorded_a_training_keeps_the_training(office: ContactPoint):
    member = verified_member()
    staff = staff_of(office)
    hosts.record_training(member=member, staff=staff, trained_on=date(2026, 2, 3))

    delete_account(user=staff)

    assert HostTraining.objects.get(user=member).recorded_by is None
