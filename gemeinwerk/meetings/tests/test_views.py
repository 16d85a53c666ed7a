"""The pages around the meeting room: the sound check with the avatar, the room page,
and the host's way in without the code. The join state is the signed cookie only."""

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gemeinwerk.accounts.models import Profile, TrustLevel, User, Visibility
from gemeinwerk.accounts.tests.more_factories import url
from gemeinwerk.groups.models import Group, GroupHost, HostRole, Occurrence
from gemeinwerk.groups.tests.factories import GroupFactory, code_of, make_host, make_occurrence
from gemeinwerk.help import starter
from gemeinwerk.meetings import joining, tokens

pytestmark = pytest.mark.django_db


@pytest.fixture
def group() -> Group:
    return GroupFactory.create(name="Gesprächskreis Zuversicht")


@pytest.fixture
def occurrence(group: Group) -> Occurrence:
    return make_occurrence(group, starts_at=timezone.now() - timedelta(minutes=5))


def join_state(browser: Client) -> joining.JoinTicket:
    ticket = joining.JoinTicket.from_signed(browser.cookies[joining.JOIN_COOKIE].value)
    assert ticket is not None
    return ticket


def through_the_rules(browser: Client, occurrence: Occurrence, nickname: str = "Zora") -> None:
    browser.post(url("join:form"), {"code": code_of(occurrence), "nickname": nickname})
    browser.post(url("join:rules"), {"confidential": "on", "no_recording": "on", "respect": "on"})


def test_the_check_page_offers_sound_tests_and_avatars(occurrence: Occurrence):
    browser = Client()
    through_the_rules(browser, occurrence)

    response = browser.get(url("join:ready"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Test my microphone" in html
    assert "Play a test sound" in html
    assert 'value="initial-blue"' in html
    assert 'value="sun"' in html
    assert "check-texts" in html  # the words of check.js, as JSON
    assert join_state(browser).seat == ""  # no seat before the room


def test_choosing_an_avatar_gives_a_seat_and_opens_the_room(occurrence: Occurrence):
    browser = Client()
    through_the_rules(browser, occurrence)

    response = browser.post(url("join:ready"), {"avatar": "moon"})

    assert response.status_code == 302
    assert response["Location"] == url("join:room")
    state = join_state(browser)
    assert state.avatar == "moon"
    assert len(state.seat) >= 16  # random, not guessable
    assert state.nickname == "Zora"
    assert state.rules_confirmed is True
    assert state.host is False
    room = browser.get(url("join:room"))
    assert room.status_code == 200
    html = room.content.decode()
    assert 'data-ws-path="/ws/room/?lang=en"' in html
    assert "room-texts" in html
    assert code_of(occurrence) not in html


def test_an_unknown_avatar_is_refused_and_nothing_changes(occurrence: Occurrence):
    browser = Client()
    through_the_rules(browser, occurrence)

    response = browser.post(url("join:ready"), {"avatar": "https://example.org/face.png"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert join_state(browser).seat == ""


def test_the_seat_stays_the_same_on_the_way_back_in(occurrence: Occurrence):
    browser = Client()
    through_the_rules(browser, occurrence)
    browser.post(url("join:ready"), {"avatar": "moon"})
    seat = join_state(browser).seat

    # Entering the code again (say, after closing the tab) keeps the seat, so a
    # dropped connection returns to it and a removed person stays removed.
    through_the_rules(browser, occurrence, nickname="Zora")
    browser.post(url("join:ready"), {"avatar": "sun"})

    assert join_state(browser).seat == seat
    assert join_state(browser).avatar == "sun"


def test_another_meeting_gets_another_seat(group: Group, occurrence: Occurrence):
    other = make_occurrence(GroupFactory.create(), starts_at=timezone.now() - timedelta(minutes=1))
    browser = Client()
    through_the_rules(browser, occurrence)
    browser.post(url("join:ready"), {"avatar": "moon"})
    seat = join_state(browser).seat

    through_the_rules(browser, other)
    browser.post(url("join:ready"), {"avatar": "moon"})

    assert join_state(browser).occurrence_id == other.pk
    assert join_state(browser).seat != seat


@pytest.mark.parametrize("step", ["join:ready", "join:room"])
def test_without_the_rules_confirmed_the_pages_send_back(occurrence: Occurrence, step: str):
    browser = Client()
    browser.post(url("join:form"), {"code": code_of(occurrence), "nickname": "Zora"})

    response = browser.get(url(step))

    assert response.status_code == 302
    assert response["Location"] == url("join:form")


def test_the_room_page_needs_a_seat(occurrence: Occurrence):
    browser = Client()
    through_the_rules(browser, occurrence)

    response = browser.get(url("join:room"))

    assert response["Location"] == url("join:form")


def test_a_forged_cookie_opens_nothing(occurrence: Occurrence):
    browser = Client()
    unsigned = {"o": occurrence.pk, "n": "x", "r": True, "s": "s"}
    browser.cookies[joining.JOIN_COOKIE] = json.dumps(unsigned)

    assert browser.get(url("join:room"))["Location"] == url("join:form")


def test_after_the_meeting_the_room_page_sends_back(group: Group):
    over = make_occurrence(group, starts_at=timezone.now() - timedelta(hours=3), minutes=90)
    browser = Client()
    browser.cookies[joining.JOIN_COOKIE] = joining.JoinTicket.issue(
        over, "Zora", rules_confirmed=True, seat="seat-1"
    ).signed()

    assert browser.get(url("join:room"))["Location"] == url("join:form")


@pytest.mark.parametrize("role", [HostRole.HOST, HostRole.CO_HOST])
def test_hosts_enter_without_the_code_and_are_hosts_in_the_room(
    group: Group, occurrence: Occurrence, role: str
):
    host = make_host(group, role=role)
    browser = Client()
    browser.force_login(host)

    response = browser.post(url("join:host", group.slug, occurrence.meeting.pk))

    assert response["Location"] == url("join:rules")
    state = join_state(browser)
    assert state.host is True
    assert state.occurrence_id == occurrence.pk
    browser.post(url("join:rules"), {"confidential": "on", "no_recording": "on", "respect": "on"})
    browser.post(url("join:ready"), {"avatar": "tree"})
    assert join_state(browser).host is True
    assert browser.get(url("join:room")).status_code == 200


def test_hosts_cannot_enter_before_the_room_opens(group: Group):
    later = make_occurrence(group, starts_at=timezone.now() + timedelta(hours=2))
    host = make_host(group)
    browser = Client()
    browser.force_login(host)

    response = browser.post(url("join:host", group.slug, later.meeting.pk))

    assert response["Location"] == url("groups:meeting", group.slug, later.meeting.pk)
    assert joining.JOIN_COOKIE not in browser.cookies


def test_a_guest_cannot_make_themselves_host(occurrence: Occurrence):
    browser = Client()
    through_the_rules(browser, occurrence)

    browser.post(url("join:ready"), {"avatar": "moon", "host": "1", "h": "1"})

    assert join_state(browser).host is False


def test_the_help_page_for_the_room_is_linked_from_the_room_and_the_help(
    occurrence: Occurrence,
):
    starter.load(overwrite=False)
    browser = Client()
    through_the_rules(browser, occurrence)
    help_link = url("help:room")
    assert help_link in browser.get(url("join:ready")).content.decode()
    browser.post(url("join:ready"), {"avatar": "moon"})

    assert help_link in browser.get(url("join:room")).content.decode()
    handbook = browser.get(help_link, follow=True)
    assert url("help:article", starter.ROOM_TROUBLESHOOTING) in handbook.content.decode()
    assert (
        url("help:article", starter.ROOM_TROUBLESHOOTING)
        in browser.get(url("help:index")).content.decode()
    )
    page = handbook.content.decode()
    for topic in ("I do not hear the others", "Echo or whistling", "allowing the microphone"):
        assert topic in page


# --- The room token: a short-lived cookie for the WebSocket ----------------------------


def in_the_room(occurrence: Occurrence) -> Client:
    """A guest with a seat, whose further requests need the CSRF token like a browser's."""
    browser = Client()
    through_the_rules(browser, occurrence)
    browser.post(url("join:ready"), {"avatar": "moon"})
    browser.handler.enforce_csrf_checks = True
    return browser


def test_the_room_page_gets_a_short_lived_token_bound_to_its_seat(occurrence: Occurrence):
    browser = in_the_room(occurrence)
    html = browser.get(url("join:room")).content.decode()
    assert f'data-token-url="{url("join:room_token")}"' in html
    csrf = browser.cookies["csrftoken"].value

    response = browser.post(url("join:room_token"), HTTP_X_CSRFTOKEN=csrf)

    assert response.status_code == 204
    assert response.content == b""
    assert "no-cache" in response["Cache-Control"]
    cookie = response.cookies[tokens.ROOM_COOKIE]
    assert cookie["max-age"] == tokens.TOKEN_SECONDS
    assert cookie["path"] == tokens.WS_PATH
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    seat = join_state(browser).seat
    assert tokens.is_valid(cookie.value, occurrence_id=occurrence.pk, seat=seat)
    assert not tokens.is_valid(cookie.value, occurrence_id=occurrence.pk, seat=seat + "x")
    assert code_of(occurrence) not in cookie.value


def test_a_room_token_needs_the_csrf_token_and_a_post(occurrence: Occurrence):
    browser = in_the_room(occurrence)
    browser.get(url("join:room"))

    assert browser.post(url("join:room_token")).status_code == 403
    assert browser.get(url("join:room_token")).status_code == 405


@pytest.mark.parametrize("stage", ["nobody", "before the rules", "before the avatar", "over"])
def test_no_room_token_without_a_seat_in_an_open_meeting(occurrence: Occurrence, stage: str):
    browser = Client()
    if stage != "nobody":
        browser.post(url("join:form"), {"code": code_of(occurrence), "nickname": "Zora"})
    if stage in {"before the avatar", "over"}:
        browser.post(
            url("join:rules"), {"confidential": "on", "no_recording": "on", "respect": "on"}
        )
    if stage == "over":
        browser.post(url("join:ready"), {"avatar": "moon"})
        Occurrence.objects.filter(pk=occurrence.pk).update(
            ends_at=timezone.now() - timedelta(minutes=1)
        )

    response = browser.post(url("join:room_token"))

    assert response.status_code == 403
    assert tokens.ROOM_COOKIE not in response.cookies


# --- A host's token: bound to the account that hosts now ---------------------------


def host_in_the_room(group: Group, occurrence: Occurrence, host: Any) -> Client:
    """A host who entered from the group's page, signed in, with a seat."""
    browser = Client()
    browser.force_login(host)
    browser.post(url("join:host", group.slug, occurrence.meeting.pk))
    browser.post(url("join:rules"), {"confidential": "on", "no_recording": "on", "respect": "on"})
    browser.post(url("join:ready"), {"avatar": "tree"})
    assert join_state(browser).host is True
    return browser


def room_token_of(browser: Client, occurrence: Occurrence) -> dict[str, Any]:
    response = browser.post(url("join:room_token"))
    assert response.status_code == 204
    data = tokens.read(
        response.cookies[tokens.ROOM_COOKIE].value,
        occurrence_id=occurrence.pk,
        seat=join_state(browser).seat,
    )
    assert data is not None
    return data


def show_name(user: Any, name: str, visibility: str) -> None:
    Profile.objects.update_or_create(
        user=user, defaults={"display_name": name, "display_name_visibility": visibility}
    )


@pytest.mark.parametrize("role", [HostRole.HOST, HostRole.CO_HOST])
def test_a_hosts_token_names_the_account_and_the_name_everyone_may_see(
    group: Group, occurrence: Occurrence, role: str
):
    host = make_host(group, role=role)
    show_name(host, "Hanna Beispiel", Visibility.PUBLIC)
    browser = host_in_the_room(group, occurrence, host)

    token = room_token_of(browser, occurrence)

    assert (token["u"], token["n"]) == (host.pk, "Hanna Beispiel")


@pytest.mark.parametrize("visibility", [Visibility.NOBODY, Visibility.VERIFIED])
@pytest.mark.parametrize(
    ("role", "label"), [(HostRole.HOST, "Host"), (HostRole.CO_HOST, "Co-host")]
)
def test_guests_see_a_hidden_display_name_as_the_role(
    group: Group, occurrence: Occurrence, visibility: str, role: str, label: str
):
    # The guests in the room are anonymous: "only me" and "verified members" hide it.
    host = make_host(group, role=role)
    show_name(host, "Hanna Geheim", visibility)
    browser = host_in_the_room(group, occurrence, host)

    token = room_token_of(browser, occurrence)

    assert token["n"] == label
    assert "Hanna Geheim" not in json.dumps(token)


@pytest.mark.parametrize("how", ["removed", "suspended", "unverified", "signed out"])
def test_a_co_host_who_lost_the_role_gets_no_host_token_with_the_old_cookie(
    group: Group, occurrence: Occurrence, how: str
):
    make_host(group)
    co_host = make_host(group, role=HostRole.CO_HOST)
    browser = host_in_the_room(group, occurrence, co_host)
    if how == "removed":
        GroupHost.objects.filter(user=co_host).delete()
    elif how == "suspended":
        User.objects.filter(pk=co_host.pk).update(trust_level=TrustLevel.SUSPENDED)
    elif how == "unverified":
        User.objects.filter(pk=co_host.pk).update(trust_level=TrustLevel.UNVERIFIED)
    else:
        join = browser.cookies[joining.JOIN_COOKIE].value
        browser.logout()  # the test client forgets every cookie then
        browser.cookies[joining.JOIN_COOKIE] = join

    token = room_token_of(browser, occurrence)

    # The join cookie still says host; the token carries no account, so the room
    # refuses the host's entry (test_departures).
    assert join_state(browser).host is True
    assert "u" not in token
    assert "n" not in token


def test_a_host_of_another_group_gets_no_host_token(group: Group, occurrence: Occurrence):
    other = make_host(GroupFactory.create())
    browser = Client()
    browser.force_login(other)
    browser.cookies[joining.JOIN_COOKIE] = joining.JoinTicket.issue(
        occurrence, "x", rules_confirmed=True, seat="s-1", host=True
    ).signed()

    token = room_token_of(browser, occurrence)

    assert "u" not in token
