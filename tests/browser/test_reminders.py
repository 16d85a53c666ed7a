"""Reminders of a group's meetings as people meet them: a signed-in member who joins a
meeting with its room code asks for the group's reminders on the sound-check page and
stops them again on "My groups"; the group's host sees who asked on the group's page
and takes someone off the list, and moves a date, which the people who asked hear of.

Every screen is reached by clicking from the home page and passes axe-core. The pages
are the English ones (as in the other tests that join a meeting): links and buttons are
found by the names people read. Nobody enters the room itself (no WebRTC here).
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from gemeinwerk.accounts.models import Profile, TrustLevel, User, Visibility
from gemeinwerk.accounts.tests.factories import member_who_can_sign_in
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.groups import roomcodes
from gemeinwerk.groups.audit_actions import AuditAction
from gemeinwerk.groups.models import Follower, Group, Occurrence
from gemeinwerk.groups.tests.factories import GroupFactory, code_of, make_host, make_occurrence
from gemeinwerk.notifications.models import Notification
from tests.browser.accounts_helpers import enter_signed_in
from tests.browser.conftest import PageWatch

GROUP = "Angehörige im Gespräch"
FOLLOWER_NAME = "Mila B."


@dataclass
class Town:
    group: Group
    occurrence: Occurrence  # on now: its room is open


@pytest.fixture
def town() -> Town:
    group = GroupFactory.create(name=GROUP, slug="angehoerige-im-gespraech")
    occurrence = make_occurrence(group, starts_at=timezone.now() - timedelta(minutes=5))
    return Town(group, occurrence)


def header(page: Page) -> Locator:
    return page.locator("header.gw-header")


def main_nav(page: Page, name: str) -> Locator:
    return page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name=name, exact=True
    )


def main(page: Page) -> Locator:
    return page.locator("main")


def messages(page: Page) -> Locator:
    return page.locator(".gw-messages")


def open_home(page: Page, base: str) -> None:
    # The only address typed in this module.
    page.goto(f"{base}/en/")


def my_groups_link(page: Page) -> Locator:
    return header(page).get_by_role("link", name="My groups", exact=True)


def test_a_member_in_the_room_asks_for_reminders_and_stops_them_on_my_groups(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any, town: Town
):
    member = member_who_can_sign_in(username="ruth", trust_level=TrustLevel.VERIFIED)
    enter_signed_in(page.context, live_server_url, member)
    open_home(page, live_server_url)
    # Following no group and hosting none: no personal "My groups" yet.
    expect(my_groups_link(page)).to_have_count(0)

    main_nav(page, "Join a meeting").click()
    expect(page.locator("h1")).to_have_text("Join a meeting")
    page.get_by_label("Room code").fill(roomcodes.display(code_of(town.occurrence)))
    page.get_by_label("Your name in the meeting").fill("Ruth")
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(f"{live_server_url}/en/join/rules/")
    for name in ("confidential", "no_recording", "respect"):
        page.locator(f"input[name={name}]").check()
    page.get_by_role("button", name="I agree, let me in").click()

    expect(page).to_have_url(f"{live_server_url}/en/join/ready/")
    expect(page.locator("h1")).to_have_text("Check your sound")
    reminders = main(page).get_by_role("region", name="Reminders")
    expect(reminders).to_contain_text("The group's hosts see your display name")
    assert_accessible("sound check, reminders offered")

    reminders.get_by_role("button", name="Remind me of this group's meetings").click()

    expect(page).to_have_url(f"{live_server_url}/en/join/ready/")
    expect(messages(page)).to_contain_text(
        "You get a reminder the day before each meeting of this group."
    )
    # Asked once: the section says so instead of offering the button again.
    expect(reminders.get_by_role("button")).to_have_count(0)
    expect(reminders).to_contain_text("You can stop it on the page “My groups”.")
    follower = Follower.objects.get()
    assert (follower.group, follower.user) == (town.group, member)
    assert_accessible("sound check, reminders asked for")

    # "My groups" is now in the header, to stop them.
    my_groups_link(page).click()
    expect(page.locator("h1")).to_have_text("My groups")
    expect(my_groups_link(page)).to_have_attribute("aria-current", "page")
    expect(main(page).get_by_text("You do not host a group yet.")).to_be_visible()
    followed = main(page).get_by_role("region", name="Reminders of meetings")
    expect(followed.get_by_role("listitem")).to_have_count(1)
    expect(followed.get_by_role("listitem")).to_contain_text(GROUP)
    assert_accessible("my groups, one group followed")

    followed.get_by_role("button", name=f"Stop the reminders of “{GROUP}”").click()

    expect(page.locator("h1")).to_have_text("My groups")
    expect(messages(page)).to_contain_text(f"You no longer get reminders of “{GROUP}”.")
    expect(main(page).get_by_role("region", name="Reminders of meetings")).to_have_count(0)
    # Named only in the message now: no list item, no button.
    expect(main(page).get_by_role("listitem").filter(has_text=GROUP)).to_have_count(0)
    expect(main(page).get_by_role("button", name=GROUP)).to_have_count(0)
    assert not Follower.objects.exists()
    # Nothing left to list: the header's personal link is gone again.
    expect(my_groups_link(page)).to_have_count(0)
    assert_accessible("my groups, reminders stopped")


def follower_with_display_name(group: Group) -> User:
    mila = member_who_can_sign_in(username="mila_b", trust_level=TrustLevel.VERIFIED)
    Profile.objects.create(
        user=mila, display_name=FOLLOWER_NAME, display_name_visibility=Visibility.VERIFIED
    )
    Follower.objects.create(group=group, user=mila)
    return mila


def test_the_host_sees_who_gets_reminders_and_takes_someone_off_the_list(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any, town: Town
):
    host = make_host(town.group, username="gruppenleitung_eva")
    mila = follower_with_display_name(town.group)
    enter_signed_in(page.context, live_server_url, host)
    open_home(page, live_server_url)

    my_groups_link(page).click()
    expect(page.locator("h1")).to_have_text("My groups")
    main(page).get_by_role("link", name=GROUP).click()

    expect(page.locator("h1")).to_have_text(GROUP)
    expect(main(page).get_by_text("Manage the group")).to_be_visible()
    listed = main(page).get_by_role("region", name="Who gets reminders")
    expect(listed.get_by_role("listitem")).to_have_count(1)
    expect(listed.get_by_role("listitem")).to_contain_text(FOLLOWER_NAME)
    # The display name, not the user name.
    expect(listed).not_to_contain_text("mila_b")
    assert_accessible("dashboard, one person gets reminders")

    dashboard_url = page.url
    listed.get_by_role("button", name=f"Stop the reminders for {FOLLOWER_NAME}").click()

    expect(page).to_have_url(dashboard_url)
    expect(messages(page)).to_contain_text("The person no longer gets this group's reminders.")
    expect(listed.get_by_role("listitem")).to_have_count(0)
    expect(listed).to_contain_text("Nobody has asked for reminders yet.")
    expect(listed.get_by_role("button")).to_have_count(0)
    assert not Follower.objects.filter(group=town.group, user=mila).exists()
    (event,) = AuditEvent.objects.filter(action=AuditAction.FOLLOWER_REMOVED)
    assert (event.actor, event.subject) == (host, mila)
    assert_accessible("dashboard, nobody gets reminders")


def test_the_host_moves_a_date_and_the_people_who_asked_hear_of_it(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any, town: Town
):
    host = make_host(town.group, username="gruppenleitung_eva")
    mila = follower_with_display_name(town.group)
    later = make_occurrence(
        town.group, starts_at=timezone.now() + timedelta(days=3), meeting=town.occurrence.meeting
    )
    enter_signed_in(page.context, live_server_url, host)
    open_home(page, live_server_url)
    my_groups_link(page).click()
    main(page).get_by_role("link", name=GROUP).click()
    main(page).get_by_role("region", name="Meetings").get_by_role("link").first.click()

    day = timezone.localtime(later.starts_at)
    main(page).get_by_role("link", name=f"Move the meeting on {day.day} {day:%B}").click()
    expect(page.locator("h1")).to_have_text("Move a meeting")
    assert_accessible("move a meeting")
    new_day = (day + timedelta(days=1)).date()
    page.get_by_label("New day").fill(new_day.isoformat())
    page.get_by_label("New start time").fill("18:30")
    main(page).get_by_role("button", name="Move the meeting").click()

    expect(messages(page)).to_contain_text("The date has been moved.")
    later.refresh_from_db()
    moved = timezone.localtime(later.starts_at)
    assert (moved.date(), f"{moved:%H:%M}") == (new_day, "18:30")
    assert Notification.objects.filter(recipient=mila, kind="groups.meeting_moved").exists()
    assert_accessible("meeting, a date moved")
