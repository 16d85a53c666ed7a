"""Members who asked for a group's reminders: asked only from the room's door (they
knew the code), reminded once per date however often the task runs, told of a
cancelled date and of a new code; the hosts see who asked and take people off."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.personal_data import export_data
from gemeinwerk.accounts.services.leaving import delete_account
from gemeinwerk.accounts.tests.more_factories import make_user, signed_in, url
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.groups.models import Follower, Group, HostRole, Meeting, Occurrence, Recurrence
from gemeinwerk.groups.services import followers
from gemeinwerk.groups.services.meetings import (
    cancel_occurrence,
    extend_occurrences,
    move_occurrence,
    regenerate_code,
)
from gemeinwerk.groups.tests.factories import GroupFactory, code_of, make_host, make_occurrence
from gemeinwerk.notifications import texts
from gemeinwerk.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def group() -> Group:
    return GroupFactory.create(name="Gesprächskreis Zuversicht")


@pytest.fixture
def host(group: Group) -> User:
    return make_host(group, username="eva_host")


@pytest.fixture
def tomorrow(group: Group) -> Occurrence:
    return make_occurrence(group, starts_at=timezone.now() + timedelta(hours=20))


def follower(group: Group, name: str) -> User:
    user = make_user(username=name)
    Follower.objects.create(group=group, user=user)
    return user


def told(kind: str) -> list[str]:
    notes = Notification.objects.filter(kind=kind).order_by("recipient__username")
    return list(notes.values_list("recipient__username", flat=True))


# --- Asking, from the room's door ---------------------------------------------------------


def through_the_rules(browser: Client, occurrence: Occurrence) -> None:
    browser.post(url("join:form"), {"code": code_of(occurrence), "nickname": "Zora"})
    browser.post(url("join:rules"), {"confidential": "on", "no_recording": "on", "respect": "on"})


def test_a_signed_in_person_at_the_rooms_door_asks_for_reminders(group: Group):
    occurrence = make_occurrence(group, starts_at=timezone.now() - timedelta(minutes=5))
    member = make_user(username="zora")
    browser = signed_in(member)
    through_the_rules(browser, occurrence)
    assert "Remind me of this group" in browser.get(url("join:ready")).content.decode()

    answer = browser.post(url("join:follow"))
    answer_again = browser.post(url("join:follow"))

    assert answer["Location"] == answer_again["Location"] == url("join:ready")
    assert list(Follower.objects.values_list("group", "user")) == [(group.pk, member.pk)]
    page = browser.get(url("join:ready")).content.decode()
    assert "Remind me of this group" not in page
    assert group.name in browser.get(url("groups:mine")).content.decode()


def test_without_a_ticket_into_the_room_nobody_can_ask(group: Group):
    browser = signed_in(make_user())
    assert browser.post(url("join:follow"))["Location"] == url("join:form")
    assert Client().post(url("join:follow")).status_code == 302  # to the sign-in page
    assert not Follower.objects.exists()


def test_a_guest_without_an_account_is_not_offered_reminders(group: Group):
    occurrence = make_occurrence(group, starts_at=timezone.now() - timedelta(minutes=5))
    browser = Client()
    through_the_rules(browser, occurrence)
    assert "Remind me of this group" not in browser.get(url("join:ready")).content.decode()


def test_a_member_stops_the_reminders_on_my_groups(group: Group):
    member = follower(group, "zora")
    browser = signed_in(member)
    assert browser.post(url("groups:stop_following", group.slug)).status_code == 302
    assert not Follower.objects.exists()


# --- Reminders ------------------------------------------------------------------------------


def test_each_follower_is_reminded_once_however_often_the_task_runs(
    group: Group, tomorrow: Occurrence, django_capture_on_commit_callbacks: Any
):
    follower(group, "anna")
    follower(group, "ben")
    with django_capture_on_commit_callbacks(execute=True):
        assert followers.remind(occurrence_id=tomorrow.pk) == "2 reminded"
        assert followers.remind(occurrence_id=tomorrow.pk) == "0 reminded"

    assert told("groups.meeting_reminder") == ["anna", "ben"]
    note = Notification.objects.filter(kind="groups.meeting_reminder").first()
    assert note is not None
    day = timezone.localtime(tomorrow.starts_at)
    with translation.override("de"):
        words = texts.words(note, "de")
    assert group.name in words.subject
    assert str(day.day) in words.subject
    assert day.strftime("%H:%M") in words.body


def test_no_reminder_for_a_cancelled_date_or_one_that_began(group: Group, host: User):
    follower(group, "anna")
    began = make_occurrence(group, starts_at=timezone.now() - timedelta(minutes=1))
    cancelled = make_occurrence(group, starts_at=timezone.now() + timedelta(hours=3))
    Occurrence.objects.filter(pk=cancelled.pk).update(cancelled_at=timezone.now())
    assert followers.remind(occurrence_id=began.pk) == "begun"
    assert followers.remind(occurrence_id=cancelled.pk) == "no date"
    assert told("groups.meeting_reminder") == []


def test_the_daily_job_plans_a_reminder_a_day_before_each_followed_date(
    group: Group, tomorrow: Occurrence
):
    later = make_occurrence(group, starts_at=timezone.now() + timedelta(hours=40))
    unfollowed = GroupFactory.create()
    make_occurrence(unfollowed, starts_at=timezone.now() + timedelta(hours=30))
    follower(group, "anna")
    now = timezone.now()

    assert followers.plan_reminders(now) == 2

    planned = {
        task.args_kwargs["args"][0]: task.run_after
        for task in DBTaskResult.objects.filter(task_path__endswith="remind_followers")
    }
    assert planned.keys() == {tomorrow.pk, later.pk}
    assert planned[tomorrow.pk] == now  # sooner than a day: at once
    assert planned[later.pk] == later.starts_at - followers.REMIND_BEFORE


# --- A cancelled date, a new code ---------------------------------------------------------------


def test_a_cancelled_date_reaches_followers_and_the_other_hosts(
    group: Group, host: User, tomorrow: Occurrence
):
    follower(group, "anna")
    make_host(group, role=HostRole.CO_HOST, username="carl_cohost")

    cancel_occurrence(occurrence=tomorrow, actor=host)

    assert told("groups.meeting_cancelled") == ["anna", "carl_cohost"]  # not the one who did it


def test_a_new_code_reaches_the_people_who_asked_and_not_those_taken_off(
    group: Group, host: User, tomorrow: Occurrence
):
    follower(group, "anna")
    gone = follower(group, "ben")
    followers.remove_follower(actor=host, follower=Follower.objects.get(user=gone))

    code = regenerate_code(meeting=tomorrow.meeting, actor=host)

    assert told("groups.room_code_changed") == ["anna"]
    note = Notification.objects.get(kind="groups.room_code_changed")
    assert note.params["code"] == followers.roomcodes.display(code)
    assert note.params["code"] in texts.words(note, "en").body
    event = AuditEvent.objects.get(action="follower.removed")
    assert event.subject_id == gone.pk


def test_only_the_groups_hosts_take_someone_off_the_list(group: Group, host: User):
    anna = follower(group, "anna")
    entry = Follower.objects.get(user=anna)
    with pytest.raises(PermissionDenied):
        followers.remove_follower(actor=make_user(), follower=entry)

    other_group = GroupFactory.create()
    other_host = make_host(other_group)
    browser = signed_in(other_host)
    assert browser.post(url("groups:remove_follower", group.slug, entry.pk)).status_code == 403
    # The host's own page lists the person; removing through another group is not found.
    own = signed_in(host)
    assert "Stop the reminders for" in own.get(url("groups:manage", group.slug)).content.decode()
    wrong_group = own.post(url("groups:remove_follower", other_group.slug, entry.pk))
    assert wrong_group.status_code == 403
    assert own.post(url("groups:remove_follower", group.slug, entry.pk)).status_code == 302
    assert not Follower.objects.exists()


def test_the_reminder_list_is_in_the_export_and_goes_with_the_account(group: Group):
    anna = follower(group, "anna")
    exported = export_data(anna)["data"]
    assert exported["group_reminders"][0]["group"] == group.name
    delete_account(user=anna)
    assert not Follower.objects.exists()


# --- A moved date ----------------------------------------------------------------------------


def test_a_host_moves_a_date_the_series_keeps_it_moved_and_the_people_who_asked_hear(
    group: Group, host: User
):
    meeting = make_occurrence(group, starts_at=timezone.now() + timedelta(days=3)).meeting
    Meeting.objects.filter(pk=meeting.pk).update(recurrence=Recurrence.WEEKLY)
    meeting.refresh_from_db()
    extend_occurrences(meeting)
    first = meeting.occurrences.order_by("starts_at").first()
    assert first is not None
    count = meeting.occurrences.count()
    length = first.ends_at - first.starts_at
    old = first.starts_at
    new = old + timedelta(days=1, hours=2)
    follower(group, "anna")

    move_occurrence(occurrence=first, actor=host, starts_at=new)

    first.refresh_from_db()
    assert (first.starts_at, first.ends_at - first.starts_at, first.moved_from) == (
        new,
        length,
        old,
    )
    extend_occurrences(meeting)
    assert meeting.occurrences.count() == count  # the old date is not made again
    assert told("groups.meeting_moved") == ["anna"]
    note = Notification.objects.get(kind="groups.meeting_moved")
    words = texts.words(note, "de")
    assert f"{timezone.localtime(new):%H:%M} Uhr" in words.body
    assert ".." not in texts.words(note, "en").body  # "7 p.m.." would end a sentence
    assert AuditEvent.objects.filter(action="meeting.occurrence_moved").count() == 1


def test_a_date_cannot_move_into_the_past_onto_another_date_or_by_someone_else(
    group: Group, host: User
):
    occurrence = make_occurrence(group, starts_at=timezone.now() + timedelta(days=2))
    other = make_occurrence(
        group, starts_at=timezone.now() + timedelta(days=9), meeting=occurrence.meeting
    )
    with pytest.raises(ValidationError):
        move_occurrence(
            occurrence=occurrence, actor=host, starts_at=timezone.now() - timedelta(hours=1)
        )
    with pytest.raises(ValidationError):
        move_occurrence(occurrence=occurrence, actor=host, starts_at=other.starts_at)
    with pytest.raises(PermissionDenied):
        move_occurrence(
            occurrence=occurrence, actor=make_user(), starts_at=timezone.now() + timedelta(days=5)
        )
    assert not Notification.objects.exists()


def test_the_move_page_shows_the_form_and_says_why_a_time_is_refused(group: Group, host: User):
    occurrence = make_occurrence(group, starts_at=timezone.now() + timedelta(days=2))
    page = url("groups:move", group.slug, occurrence.meeting.pk, occurrence.pk)
    browser = signed_in(host)
    assert browser.get(page).status_code == 200
    past = timezone.localtime(timezone.now() - timedelta(days=1))
    answer = browser.post(page, {"day": past.date().isoformat(), "start_time": "18:00"})
    assert "Choose a day and time in the future." in answer.content.decode()
    soon = timezone.localtime(timezone.now() + timedelta(days=4))
    moved = browser.post(page, {"day": soon.date().isoformat(), "start_time": "18:30"})
    assert moved["Location"] == url("groups:meeting", group.slug, occurrence.meeting.pk)
    occurrence.refresh_from_db()
    assert timezone.localtime(occurrence.starts_at).strftime("%H:%M") == "18:30"
