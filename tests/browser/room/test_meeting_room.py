"""The meeting room with four real browsers (Chromium with a fake microphone): they
connect peer to peer and hear each other, share one speaking list, go around in a
round, and the host removes, locks and ends."""

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from gemeinwerk.groups import roomcodes
from gemeinwerk.groups.tests.factories import code_of
from tests.browser.room.conftest import Meeting, Person, wait_until


def everyone_connected(people: list[Person]) -> None:
    others = len(people) - 1

    def connected(person: Person) -> Callable[[], bool]:
        return lambda: bool(person.room("connectedPeers()") == others)

    def hearing(person: Person) -> Callable[[], bool]:
        return lambda: bool(person.room("inboundAudioPackets()") > 0)

    for person in people:
        wait_until(connected(person), what=f"{person.name} to connect with {others} others")
    for person in people:
        wait_until(hearing(person), what=f"{person.name} to receive audio")
        expect(person.page.locator("#room-status")).to_have_text(
            f"Connected with {others} of {others} people."
        )


def speaking_list(page: Page) -> list[str]:
    return [text.replace(" (you)", "") for text in page.locator("#speakers li").all_inner_texts()]


def enter_through_the_pages(meeting: Meeting, page: Page, name: str) -> None:
    """Code, nickname, the rules and the sound check, as a guest does it."""
    page.goto(f"{meeting.base}/en/join/")
    page.get_by_label("Room code").fill(roomcodes.display(code_of(meeting.occurrence)))
    page.get_by_label("Your name in the meeting").fill(name)
    page.get_by_role("button", name="Continue").click()
    for box in ("confidential", "no_recording", "respect"):
        page.locator(f"input[name={box}]").check()
    page.get_by_role("button", name="I agree, let me in").click()
    expect(page.locator("h1")).to_have_text("Check your sound")
    page.get_by_role("button", name="Test my microphone").click()
    expect(page.locator("#mic-result")).to_have_text("We hear you. The microphone works.")
    page.get_by_label("Bird").check()
    page.get_by_role("button", name="Enter the room").click()
    expect(page).to_have_url(f"{meeting.base}/en/join/room/")


def test_four_people_meet_in_the_circle(meeting: Meeting, assert_accessible: Any, page: Page):
    host = meeting.seat("Hanna", host=True)
    meeting.enter(host)
    anna = meeting.adopt("Anna", page.context, page, owned=False)
    enter_through_the_pages(meeting, anna.page, "Anna")
    ben, cem = meeting.seat("Ben"), meeting.seat("Cem", avatar="sun")
    for person in (ben, cem):
        meeting.enter(person)
    people = [host, anna, ben, cem]

    # Everyone is connected with the three others and hears them.
    everyone_connected(people)
    # The room token the page fetched: only for the WebSocket, out of scripts' reach.
    (token,) = [c for c in anna.page.context.cookies() if c["name"] == "gw_room"]
    assert (token["path"], token["httpOnly"], token["sameSite"]) == ("/ws/room/", True, "Strict")
    assert "gw_room" not in anna.page.evaluate("document.cookie")
    for person in people:
        expect(person.page.locator("#people > li")).to_have_count(4)
    expect(host.page.get_by_role("heading", name="Host")).to_be_visible()
    expect(anna.page.get_by_role("heading", name="Host")).to_be_hidden()
    assert_accessible("meeting room, with a round to come")

    # Hands go up in one order, and every page shows that order.
    for person in (ben, anna, cem):
        person.page.get_by_role("button", name="Raise my hand").click()
        expect(person.page.get_by_role("button", name="Raise my hand")).to_have_attribute(
            "aria-pressed", "true"
        )
    for person in people:
        expect(person.page.locator("#speakers li")).to_have_count(3)
        assert speaking_list(person.page) == ["Ben", "Anna", "Cem"], person.name
    expect(anna.page.locator("#announcer")).to_contain_text("Cem raised a hand.")
    host.page.get_by_role("button", name="Give the word to the next").click()
    for person in people:
        expect(person.page.locator("#speakers li")).to_have_count(2)
        assert speaking_list(person.page) == ["Anna", "Cem"], person.name

    # A round of one minute each, starting with the host; the speaker passes.
    host.page.get_by_label("Minutes per person").select_option("1")
    host.page.get_by_role("button", name="Start a round").click()
    expect(host.page.locator("#round-speaker")).to_have_text(
        "It is your turn. You can speak now, or pass."
    )
    expect(anna.page.locator("#round-speaker")).to_have_text("It is the turn of Hanna.")
    timer = anna.page.locator("#round-timer")
    expect(timer).to_have_text(re.compile(r"^0:5\d left$"))
    first = timer.inner_text()
    expect(timer).not_to_have_text(first)  # it counts down
    expect(anna.page.locator("#announcer")).to_contain_text("A round has started.")
    host.page.get_by_role("button", name="I pass / I am done").click()
    expect(host.page.locator("#round-speaker")).to_have_text(re.compile("^It is the turn of"))
    next_speaker = host.page.evaluate(
        "() => { const r = window.gemeinwerkRoom.state().round;"
        " return window.gemeinwerkRoom.state().seats.find(s => s.id === r.order[r.turn]).name }"
    )
    assert next_speaker != "Hanna"
    for person in people:
        if person.name == next_speaker:
            expect(person.page.locator("#round-speaker")).to_have_text(
                "It is your turn. You can speak now, or pass."
            )
            expect(person.page.get_by_role("button", name="I pass / I am done")).to_be_visible()
        else:
            expect(person.page.locator("#round-speaker")).to_have_text(
                f"It is the turn of {next_speaker}."
            )
    expect(timer).to_have_text(re.compile(r"^(1:00|0:5\d) left$"))
    assert_accessible("meeting room during a round")
    host.page.get_by_role("button", name="Stop the round").click()
    expect(anna.page.locator("#round-panel")).to_be_hidden()

    # The host removes Cem: Cem's page says so, the others go on with three.
    host.page.once("dialog", lambda dialog: dialog.accept())
    host.page.get_by_role("button", name="Remove Cem").click()
    expect(cem.page.locator("#room-over-text")).to_have_text(
        "The host has asked you to leave this meeting."
    )
    remaining = [host, anna, ben]
    everyone_connected(remaining)
    cem.page.reload()
    expect(cem.page.locator("#room-over-text")).to_have_text(
        "You cannot take part in this meeting again."
    )

    # The host locks the room: a newcomer is refused.
    host.page.get_by_role("button", name="Lock the room").click()
    expect(ben.page.locator("#announcer")).to_contain_text("The room is locked")
    dora = meeting.seat("Dora")
    meeting.enter(dora)
    expect(dora.page.locator("#room-over-text")).to_have_text(
        "The host has locked the room. Please ask the host to open it."
    )

    # Ben reloads his page: a reload keeps the seat, so he is back even in a locked room.
    seat_before = ben.room("seat()")
    ben.page.reload()
    wait_until(lambda: ben.room("seat()") == seat_before, what="Ben to be back in his seat")
    everyone_connected(remaining)
    expect(host.page.locator("#people > li")).to_have_count(3)

    # The host ends the meeting for everyone.
    host.page.once("dialog", lambda dialog: dialog.accept())
    host.page.get_by_role("button", name="End the meeting for everyone").click()
    for person in remaining:
        expect(person.page.locator("#room-over-text")).to_have_text(
            "The meeting has ended. Thank you for being there."
        )
        expect(person.page.locator("#circle")).to_be_hidden()
        assert person.room("connectedPeers()") == 0
    assert_accessible("meeting room after the end")
    ben.page.reload()
    expect(ben.page.locator("#room-over-text")).to_have_text("This meeting has ended.")
