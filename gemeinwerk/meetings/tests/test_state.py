"""The room state as pure functions: seats, the speaking list, rounds, host controls,
and what is left after the end. Time is passed as `now=` where the functions take it;
stand_up stamps the real clock, so the grace time is measured from time.time()."""

import json
import time

import pytest

from gemeinwerk.meetings import state as room
from gemeinwerk.meetings.protocol import RoomView, Round
from gemeinwerk.meetings.state import (
    CAPACITY,
    RECONNECT_GRACE_SECONDS,
    Refusal,
    State,
)

OCCURRENCE = 7
# A fixed moment in the past, so that the real clock is always later.
T0 = 1_600_000_000.0


def round_of(state: State | RoomView) -> Round:
    current = state["round"]
    assert current is not None
    return current


def channel(seat_id: str, generation: int = 1) -> str:
    return f"specific.chan-{seat_id}-{generation}!x"


def sit(
    state: State,
    seat_id: str,
    *,
    host: bool = False,
    generation: int = 1,
    now: float | None = None,
) -> str | None:
    return room.sit_down(
        state,
        seat_id=seat_id,
        channel=channel(seat_id, generation),
        name=f"Name-{seat_id}",
        avatar=f"avatar-{seat_id}",
        host=host,
        now=now,
    )


def seated(*seat_ids: str, host: str | None = "h") -> State:
    """A room with the host first (position 0) and then the others, in this order."""
    state = room.new_room(OCCURRENCE)
    if host is not None:
        assert sit(state, host, host=True) is None
    for seat_id in seat_ids:
        assert sit(state, seat_id) is None
    return state


def leave(state: State, seat_id: str, generation: int = 1) -> None:
    room.stand_up(state, seat_id=seat_id, channel=channel(seat_id, generation), dropped=False)


def drop(state: State, seat_id: str, generation: int = 1) -> None:
    room.stand_up(state, seat_id=seat_id, channel=channel(seat_id, generation), dropped=True)


def positions(state: State) -> dict[str, int]:
    return {seat_id: seat["position"] for seat_id, seat in state["seats"].items()}


# --- Sitting down --------------------------------------------------------------------


def test_a_new_room_is_empty_open_and_running():
    state = room.new_room(OCCURRENCE)

    assert state["occurrence"] == OCCURRENCE
    assert state["seats"] == {}
    assert state["speakers"] == []
    assert state["round"] is None
    assert state["locked"] is False
    assert state["ended"] is False
    assert state["removed"] == []


def test_sitting_down_takes_a_seat_with_the_next_position():
    state = room.new_room(OCCURRENCE)

    assert sit(state, "a", host=True) is None
    assert sit(state, "b") is None

    a, b = state["seats"]["a"], state["seats"]["b"]
    assert a["name"] == "Name-a"
    assert a["avatar"] == "avatar-a"
    assert a["host"] is True
    assert b["host"] is False
    assert (a["position"], b["position"]) == (0, 1)
    for seat in (a, b):
        assert seat["connected"] is True
        assert seat["left_at"] is None
        assert (seat["muted"], seat["camera"], seat["away"]) == (False, False, False)
    assert a["channel"] == channel("a")


def test_fifteen_seats_fit_and_the_sixteenth_is_full():
    state = room.new_room(OCCURRENCE)
    for n in range(CAPACITY):
        assert sit(state, f"s{n}") is None

    assert CAPACITY == 15
    assert sit(state, "sixteen") == Refusal.FULL
    assert "sixteen" not in state["seats"]
    assert len(state["seats"]) == 15


def test_a_seat_kept_for_a_dropped_connection_counts_towards_capacity():
    state = room.new_room(OCCURRENCE)
    for n in range(CAPACITY):
        assert sit(state, f"s{n}") is None
    drop(state, "s3")

    assert sit(state, "sixteen") == Refusal.FULL
    # ... and the dropped one comes back in a full room.
    assert sit(state, "s3", generation=2) is None


def test_a_full_room_has_space_again_when_someone_leaves():
    state = room.new_room(OCCURRENCE)
    for n in range(CAPACITY):
        assert sit(state, f"s{n}") is None
    leave(state, "s0")

    assert sit(state, "sixteen") is None
    assert len(state["seats"]) == CAPACITY


def test_a_locked_room_refuses_newcomers_but_lets_a_dropped_seat_back():
    state = seated("a")
    drop(state, "a")
    assert room.host_action(state, by="h", action="lock") is None

    assert sit(state, "newcomer") == Refusal.LOCKED
    assert "newcomer" not in state["seats"]
    assert sit(state, "a", generation=2) is None
    assert state["seats"]["a"]["connected"] is True


def test_a_locked_room_refuses_someone_who_left_on_purpose():
    state = seated("a")
    room.host_action(state, by="h", action="lock")
    leave(state, "a")

    assert sit(state, "a", generation=2) == Refusal.LOCKED


def test_a_removed_seat_is_refused():
    state = seated("a")
    assert room.host_action(state, by="h", action="remove", target="a") is None

    assert sit(state, "a", generation=2) == Refusal.REMOVED
    assert "a" not in state["seats"]


def test_a_removed_seat_is_refused_even_when_the_room_is_unlocked_and_has_space():
    state = seated("a")
    room.host_action(state, by="h", action="remove", target="a")
    room.host_action(state, by="h", action="unlock")

    assert sit(state, "a", generation=2) == Refusal.REMOVED


def test_an_ended_room_refuses_everyone_even_former_seats():
    state = seated("a")
    drop(state, "a")
    assert room.host_action(state, by="h", action="end") is None

    assert sit(state, "a", generation=2) == Refusal.ENDED
    assert sit(state, "h", host=True, generation=2) == Refusal.ENDED
    assert sit(state, "newcomer") == Refusal.ENDED
    assert state["seats"] == {}


def test_a_reconnect_keeps_seat_position_and_status_with_the_new_channel():
    state = seated("a", "b")
    room.set_status(state, seat_id="a", field="muted", value=True)
    room.raise_hand(state, seat_id="a", raised=True)
    drop(state, "a")
    assert state["seats"]["a"]["connected"] is False
    assert state["seats"]["a"]["left_at"] is not None
    before = positions(state)

    assert sit(state, "a", generation=2) is None

    seat = state["seats"]["a"]
    assert positions(state) == before
    assert seat["position"] == 1
    assert seat["connected"] is True
    assert seat["left_at"] is None
    assert seat["channel"] == channel("a", 2)
    assert seat["muted"] is True
    assert state["speakers"] == ["a"]
    assert len(state["seats"]) == 3
    assert state["next_position"] == 3


def test_a_second_connection_of_a_connected_seat_takes_it_over():
    state = seated("a")

    assert sit(state, "a", generation=2) is None

    assert len(state["seats"]) == 2
    assert room.channel_of(state, "a") == channel("a", 2)


def test_positions_are_never_reused_after_someone_leaves():
    state = seated("a", "b")
    leave(state, "a")
    assert sit(state, "c") is None

    assert positions(state) == {"h": 0, "b": 2, "c": 3}


# --- Standing up ---------------------------------------------------------------------


def test_leaving_on_purpose_frees_the_seat_and_the_hand():
    state = seated("a", "b")
    room.raise_hand(state, seat_id="a", raised=True)

    leave(state, "a")

    assert "a" not in state["seats"]
    assert state["speakers"] == []
    assert room.channels(state) == [channel("h"), channel("b")]


def test_a_dropped_connection_keeps_the_seat_during_the_grace_time():
    state = seated("a")
    before = time.time()
    drop(state, "a")

    seat = state["seats"]["a"]
    left_at = seat["left_at"]
    assert seat["connected"] is False
    assert left_at is not None
    assert before <= left_at <= time.time()
    assert room.channel_of(state, "a") is None
    assert room.channels(state) == [channel("h")]

    room.forget_dropped(state, now=left_at + RECONNECT_GRACE_SECONDS - 1)
    assert "a" in state["seats"]
    room.forget_dropped(state, now=left_at + RECONNECT_GRACE_SECONDS + 1)
    assert "a" not in state["seats"]
    assert "h" in state["seats"]


def test_forget_dropped_leaves_connected_seats_alone_while_their_heartbeat_goes():
    state = seated("a")
    later = time.time() + 10 * RECONNECT_GRACE_SECONDS
    for seat_id in ("h", "a"):
        assert room.heartbeat(state, seat_id=seat_id, channel=channel(seat_id), now=later)

    room.forget_dropped(state, now=later + room.STALE_SECONDS - 1)

    assert set(state["seats"]) == {"h", "a"}


def test_a_connected_seat_without_heartbeat_is_a_ghost_and_is_given_up():
    # Its server process died: no consumer stands it up, nobody stamps it.
    state = seated("a", "b")
    moment = time.time()
    for seat_id in ("h", "b"):
        room.heartbeat(state, seat_id=seat_id, channel=channel(seat_id), now=moment + 40)

    room.forget_dropped(state, now=moment + room.STALE_SECONDS + 1)

    assert set(state["seats"]) == {"h", "b"}
    assert room.STALE_SECONDS + room.HEARTBEAT_SECONDS <= 60


def test_a_heartbeat_from_an_old_connection_stamps_nothing():
    state = seated("a")
    drop(state, "a")
    assert sit(state, "a", generation=2) is None

    assert room.heartbeat(state, seat_id="a", channel=channel("a", 1)) is False
    assert room.heartbeat(state, seat_id="gone", channel=channel("gone")) is False
    assert room.heartbeat(state, seat_id="a", channel=channel("a", 2)) is True


def test_forget_dropped_also_takes_the_hand_down():
    state = seated("a", "b")
    room.raise_hand(state, seat_id="a", raised=True)
    room.raise_hand(state, seat_id="b", raised=True)
    drop(state, "a")

    room.forget_dropped(state, now=time.time() + RECONNECT_GRACE_SECONDS + 1)

    assert state["speakers"] == ["b"]


def test_sitting_down_after_the_grace_time_gives_up_old_seats_first():
    state = room.new_room(OCCURRENCE)
    for n in range(CAPACITY):
        assert sit(state, f"s{n}") is None
    drop(state, "s4")
    later = time.time() + RECONNECT_GRACE_SECONDS + 1

    assert sit(state, "sixteen", now=later) is None
    assert "s4" not in state["seats"]
    # Coming back too late is coming back as a newcomer, with a new position.
    leave(state, "sixteen")
    assert sit(state, "s4", generation=2, now=later) is None
    assert state["seats"]["s4"]["position"] == CAPACITY + 1


def test_an_old_connections_stand_up_does_not_evict_the_newer_one():
    state = seated("a")
    drop(state, "a")
    assert sit(state, "a", generation=2) is None

    leave(state, "a", generation=1)
    drop(state, "a", generation=1)

    seat = state["seats"]["a"]
    assert seat["connected"] is True
    assert seat["channel"] == channel("a", 2)
    assert seat["left_at"] is None


def test_standing_up_without_a_seat_changes_nothing():
    state = seated("a")
    leave(state, "a")

    leave(state, "a")
    drop(state, "a")

    assert set(state["seats"]) == {"h"}


# --- Status and hands ----------------------------------------------------------------


@pytest.mark.parametrize("field", ["muted", "camera", "away"])
def test_status_fields_are_set_and_cleared(field: str):
    state = seated("a")

    seat: dict[str, object] = state["seats"]["a"]  # type: ignore[assignment]  # by name

    assert room.set_status(state, seat_id="a", field=field, value=True) is None
    assert seat[field] is True
    assert room.set_status(state, seat_id="a", field=field, value=False) is None
    assert seat[field] is False


def test_status_refuses_other_fields_and_unknown_seats():
    state = seated("a")

    assert room.set_status(state, seat_id="a", field="host", value=True) == Refusal.BAD_VALUE
    assert room.set_status(state, seat_id="a", field="name", value=True) == Refusal.BAD_VALUE
    assert room.set_status(state, seat_id="x", field="muted", value=True) == Refusal.NO_SUCH_SEAT
    assert state["seats"]["a"]["host"] is False


def test_hands_are_listed_in_the_order_they_were_raised():
    state = seated("a", "b", "c")

    for seat_id in ("c", "a", "b"):
        assert room.raise_hand(state, seat_id=seat_id, raised=True) is None

    assert state["speakers"] == ["c", "a", "b"]


def test_raising_twice_keeps_the_place_and_lowering_leaves_the_list():
    state = seated("a", "b", "c")
    for seat_id in ("a", "b", "c"):
        room.raise_hand(state, seat_id=seat_id, raised=True)

    assert room.raise_hand(state, seat_id="a", raised=True) is None
    assert state["speakers"] == ["a", "b", "c"]
    assert room.raise_hand(state, seat_id="b", raised=False) is None
    assert state["speakers"] == ["a", "c"]
    assert room.raise_hand(state, seat_id="b", raised=False) is None
    assert state["speakers"] == ["a", "c"]
    room.raise_hand(state, seat_id="b", raised=True)
    assert state["speakers"] == ["a", "c", "b"]


def test_an_unknown_seat_cannot_raise_a_hand():
    state = seated("a")

    assert room.raise_hand(state, seat_id="ghost", raised=True) == Refusal.NO_SUCH_SEAT
    assert state["speakers"] == []


def test_the_host_gives_the_word_to_the_first_hand():
    state = seated("a", "b")
    room.raise_hand(state, seat_id="b", raised=True)
    room.raise_hand(state, seat_id="a", raised=True)

    assert room.next_speaker(state, by="h") is None
    assert state["speakers"] == ["a"]
    assert room.next_speaker(state, by="h") is None
    assert state["speakers"] == []
    # An empty list is no error.
    assert room.next_speaker(state, by="h") is None


def test_only_the_host_advances_the_speaking_list():
    state = seated("a", "b")
    room.raise_hand(state, seat_id="a", raised=True)
    room.raise_hand(state, seat_id="b", raised=True)

    assert room.next_speaker(state, by="a") == Refusal.NOT_HOST
    assert room.next_speaker(state, by="b") == Refusal.NOT_HOST
    assert room.next_speaker(state, by="ghost") == Refusal.NOT_HOST
    assert state["speakers"] == ["a", "b"]


# --- Rounds --------------------------------------------------------------------------


def circle_with_host_in_the_middle() -> State:
    """Positions: a 0, b 1, h 2 (the host), c 3."""
    state = room.new_room(OCCURRENCE)
    sit(state, "a")
    sit(state, "b")
    sit(state, "h", host=True)
    sit(state, "c")
    return state


def test_a_round_starts_at_the_host_and_follows_the_positions():
    state = circle_with_host_in_the_middle()

    assert room.start_round(state, by="h", minutes=3, now=T0) is None

    assert state["round"] == {
        "order": ["h", "c", "a", "b"],
        "turn": 0,
        "step": 0,
        "seconds": 180,
        "turn_started": T0,
    }


def test_a_round_leaves_out_seats_whose_connection_dropped():
    state = circle_with_host_in_the_middle()
    drop(state, "c")

    room.start_round(state, by="h", minutes=1, now=T0)

    assert round_of(state)["order"] == ["h", "a", "b"]


@pytest.mark.parametrize("minutes", [1, 2, 3, 4, 5])
def test_a_round_takes_one_to_five_minutes_a_turn(minutes: int):
    state = seated("a")

    assert room.start_round(state, by="h", minutes=minutes, now=T0) is None
    assert round_of(state)["seconds"] == minutes * 60


@pytest.mark.parametrize("minutes", [0, 6, -1, 60])
def test_a_round_refuses_other_durations(minutes: int):
    state = seated("a")

    assert room.start_round(state, by="h", minutes=minutes) == Refusal.BAD_VALUE
    assert state["round"] is None


def test_only_the_host_starts_and_stops_a_round():
    state = seated("a")

    assert room.start_round(state, by="a", minutes=2) == Refusal.NOT_HOST
    assert state["round"] is None
    room.start_round(state, by="h", minutes=2, now=T0)
    assert room.stop_round(state, by="a") == Refusal.NOT_HOST
    assert state["round"] is not None
    assert room.stop_round(state, by="h") is None
    assert state["round"] is None


def test_the_turn_passes_only_by_the_speaker():
    state = seated("a", "b")
    room.start_round(state, by="h", minutes=2, now=T0)

    assert room.next_turn(state, by="a", turn=0, passing=True) == Refusal.NOT_YOUR_TURN
    assert room.next_turn(state, by="h", turn=0, passing=True, now=T0 + 30) is None
    assert round_of(state)["turn"] == 1
    assert round_of(state)["turn_started"] == T0 + 30
    assert room.next_turn(state, by="b", turn=1, passing=True) == Refusal.NOT_YOUR_TURN
    assert room.next_turn(state, by="h", turn=1, passing=True) == Refusal.NOT_YOUR_TURN
    assert room.next_turn(state, by="a", turn=1, passing=True, now=T0 + 60) is None
    assert round_of(state)["turn"] == 2
    assert round_of(state)["turn_started"] == T0 + 60


def test_the_host_moves_on_and_guests_cannot():
    state = seated("a", "b")
    room.start_round(state, by="h", minutes=2, now=T0)
    room.next_turn(state, by="h", turn=0, passing=True, now=T0)

    # Not even the speaker moves on without passing; that is the host's.
    assert room.next_turn(state, by="a", turn=1, passing=False) == Refusal.NOT_HOST
    assert room.next_turn(state, by="b", turn=1, passing=False) == Refusal.NOT_HOST
    assert round_of(state)["turn"] == 1
    assert room.next_turn(state, by="h", turn=1, passing=False, now=T0 + 90) is None
    assert round_of(state)["turn"] == 2
    assert round_of(state)["turn_started"] == T0 + 90


def test_stale_turn_numbers_are_refused_so_a_double_click_moves_on_once():
    state = seated("a", "b", "c")
    room.start_round(state, by="h", minutes=2, now=T0)
    room.next_turn(state, by="h", turn=0, passing=True)

    assert room.next_turn(state, by="h", turn=1, passing=False) is None
    assert room.next_turn(state, by="h", turn=1, passing=False) == Refusal.STALE
    assert round_of(state)["turn"] == 2
    # The speaker passing and the host moving on at once: only one of them counts.
    assert room.next_turn(state, by="b", turn=2, passing=True) is None
    assert room.next_turn(state, by="h", turn=2, passing=False) == Refusal.STALE
    assert round_of(state)["turn"] == 3
    # A turn from the future is no better.
    assert room.next_turn(state, by="h", turn=7, passing=False) == Refusal.STALE


def test_moving_on_without_a_round_is_stale():
    state = seated("a")

    assert room.next_turn(state, by="h", turn=0, passing=False) == Refusal.STALE
    assert room.next_turn(state, by="h", turn=0, passing=True) == Refusal.STALE


def test_the_last_turn_ends_the_round():
    state = seated("a")
    room.start_round(state, by="h", minutes=1, now=T0)
    room.next_turn(state, by="h", turn=0, passing=True)

    assert room.next_turn(state, by="a", turn=1, passing=True) is None

    assert state["round"] is None
    assert room.next_turn(state, by="a", turn=1, passing=True) == Refusal.STALE


def test_a_round_of_the_host_alone_ends_with_the_first_pass():
    state = seated()
    room.start_round(state, by="h", minutes=1, now=T0)

    assert round_of(state)["order"] == ["h"]
    assert room.next_turn(state, by="h", turn=0, passing=True) is None
    assert state["round"] is None


def test_starting_again_starts_a_new_round_from_the_host():
    state = seated("a", "b")
    room.start_round(state, by="h", minutes=1, now=T0)
    room.next_turn(state, by="h", turn=0, passing=True)

    room.start_round(state, by="h", minutes=4, now=T0 + 100)

    assert state["round"] == {
        "order": ["h", "a", "b"],
        "turn": 0,
        "step": 0,
        "seconds": 240,
        "turn_started": T0 + 100,
    }


def test_someone_before_the_speaker_leaving_keeps_the_same_speaker():
    state = seated("a", "b", "c")
    room.start_round(state, by="h", minutes=2, now=T0)
    room.next_turn(state, by="h", turn=0, passing=True, now=T0)
    room.next_turn(state, by="a", turn=1, passing=True, now=T0 + 10)
    assert round_of(state)["order"][round_of(state)["turn"]] == "b"

    leave(state, "a")

    current = round_of(state)
    assert current["order"] == ["h", "b", "c"]
    assert current["order"][current["turn"]] == "b"
    assert current["turn_started"] == T0 + 10
    # Nobody's turn changed: the step a click names is still the current one.
    assert current["step"] == 2
    assert room.next_turn(state, by="b", turn=2, passing=True) is None
    assert round_of(state)["order"][round_of(state)["turn"]] == "c"


def test_someone_after_the_speaker_leaving_is_left_out_of_the_round():
    state = seated("a", "b", "c")
    room.start_round(state, by="h", minutes=2, now=T0)

    leave(state, "b")

    assert round_of(state)["order"] == ["h", "a", "c"]
    assert round_of(state)["turn"] == 0


def test_the_speaker_leaving_gives_the_turn_to_the_next_with_a_fresh_timer():
    state = seated("a", "b")
    room.start_round(state, by="h", minutes=2, now=T0)
    room.next_turn(state, by="h", turn=0, passing=True, now=T0)
    before = time.time()

    leave(state, "a")

    current = round_of(state)
    assert current["order"] == ["h", "b"]
    assert current["order"][current["turn"]] == "b"
    # b's own time starts now, not when a began to speak.
    assert current["turn_started"] >= before


def test_a_click_for_a_speaker_who_left_does_not_move_the_next_one_on():
    state = seated("a", "b", "c")
    room.start_round(state, by="h", minutes=2, now=T0)
    room.next_turn(state, by="h", turn=0, passing=True)
    seen_by_the_host = round_of(state)["step"]  # a speaks

    leave(state, "a")  # ... and leaves before the host's "next" arrives
    late = room.next_turn(state, by="h", turn=seen_by_the_host, passing=False)

    assert late == Refusal.STALE
    assert round_of(state)["order"][round_of(state)["turn"]] == "b"


def test_the_last_speaker_leaving_ends_the_round():
    state = seated("a")
    room.start_round(state, by="h", minutes=2, now=T0)
    room.next_turn(state, by="h", turn=0, passing=True)

    leave(state, "a")

    assert state["round"] is None


def test_a_removed_speaker_is_taken_out_of_the_round():
    state = seated("a", "b")
    room.start_round(state, by="h", minutes=2, now=T0)
    room.next_turn(state, by="h", turn=0, passing=True)

    room.host_action(state, by="h", action="remove", target="a")

    current = round_of(state)
    assert current["order"] == ["h", "b"]
    assert current["order"][current["turn"]] == "b"


def test_a_dropped_speaker_keeps_the_turn_and_the_host_can_move_on():
    state = seated("a", "b")
    room.start_round(state, by="h", minutes=2, now=T0)
    room.next_turn(state, by="h", turn=0, passing=True)

    drop(state, "a")

    assert round_of(state)["order"] == ["h", "a", "b"]
    assert round_of(state)["turn"] == 1
    assert room.next_turn(state, by="h", turn=1, passing=False) is None
    assert round_of(state)["order"][round_of(state)["turn"]] == "b"


def test_forgetting_a_dropped_seat_mid_round_keeps_the_speaker():
    state = seated("a", "b", "c")
    room.start_round(state, by="h", minutes=2, now=T0)
    room.next_turn(state, by="h", turn=0, passing=True)
    room.next_turn(state, by="a", turn=1, passing=True)
    drop(state, "a")

    room.forget_dropped(state, now=time.time() + RECONNECT_GRACE_SECONDS + 1)

    current = round_of(state)
    assert current["order"] == ["h", "b", "c"]
    assert current["order"][current["turn"]] == "b"


def test_a_turn_number_from_before_someone_left_does_not_move_the_next_speaker_on():
    # h, a, b, c; b speaks (turn 2). The host double-clicks "next": the first click moves
    # on to c (turn 3). Then a leaves, and c's turn is renumbered 2 - the number the
    # second click carries. That click is stale and must not end c's turn.
    state = seated("a", "b", "c")
    room.start_round(state, by="h", minutes=2, now=T0)
    room.next_turn(state, by="h", turn=0, passing=True)
    room.next_turn(state, by="a", turn=1, passing=True)
    assert room.next_turn(state, by="h", turn=2, passing=False) is None
    assert round_of(state)["order"][round_of(state)["turn"]] == "c"

    leave(state, "a")
    late_second_click = room.next_turn(state, by="h", turn=2, passing=False)

    assert late_second_click == Refusal.STALE
    assert state["round"] is not None
    assert round_of(state)["order"][round_of(state)["turn"]] == "c"


# --- Host controls -------------------------------------------------------------------


def test_the_host_locks_and_unlocks():
    state = seated("a")

    assert room.host_action(state, by="h", action="lock") is None
    assert state["locked"] is True
    assert sit(state, "newcomer") == Refusal.LOCKED
    assert room.host_action(state, by="h", action="unlock") is None
    assert state["locked"] is False
    assert sit(state, "newcomer") is None


@pytest.mark.parametrize("action", ["lock", "unlock", "end", "mute", "remove", "make_host"])
def test_guests_and_strangers_have_no_host_controls(action: str):
    state = seated("a", "b")
    before = json.dumps(state, sort_keys=True)

    assert room.host_action(state, by="a", action=action, target="b") == Refusal.NOT_HOST
    assert room.host_action(state, by="ghost", action=action, target="b") == Refusal.NOT_HOST
    assert json.dumps(state, sort_keys=True) == before


def test_the_host_mutes_someone():
    state = seated("a", "b")

    assert room.host_action(state, by="h", action="mute", target="a") is None

    assert state["seats"]["a"]["muted"] is True
    assert state["seats"]["b"]["muted"] is False


@pytest.mark.parametrize("action", ["mute", "remove", "make_host"])
def test_actions_on_a_seat_need_a_seat_in_the_room(action: str):
    state = seated("a")

    assert room.host_action(state, by="h", action=action, target="ghost") == Refusal.NO_SUCH_SEAT
    assert room.host_action(state, by="h", action=action, target=None) == Refusal.NO_SUCH_SEAT
    assert state["removed"] == []


def test_unknown_host_actions_are_refused():
    state = seated("a")

    assert room.host_action(state, by="h", action="ask_mute", target="a") == Refusal.BAD_VALUE
    assert room.host_action(state, by="h", action="explode", target="a") == Refusal.BAD_VALUE
    assert set(state["seats"]) == {"h", "a"}


def test_removing_takes_the_seat_its_hand_and_its_turn_and_remembers_it():
    state = seated("a", "b")
    room.raise_hand(state, seat_id="a", raised=True)
    room.raise_hand(state, seat_id="b", raised=True)
    room.start_round(state, by="h", minutes=2, now=T0)

    assert room.host_action(state, by="h", action="remove", target="a") is None

    assert "a" not in state["seats"]
    assert state["removed"] == ["a"]
    assert state["speakers"] == ["b"]
    assert round_of(state)["order"] == ["h", "b"]
    assert room.channel_of(state, "a") is None
    assert channel("a") not in room.channels(state)


def test_a_dropped_seat_can_be_removed_and_cannot_come_back():
    state = seated("a")
    drop(state, "a")

    assert room.host_action(state, by="h", action="remove", target="a") is None

    assert sit(state, "a", generation=2) == Refusal.REMOVED


def test_making_someone_host_hands_the_role_over():
    state = seated("a")

    assert room.host_action(state, by="h", action="make_host", target="a") is None

    assert state["seats"]["a"]["host"] is True
    assert state["seats"]["h"]["host"] is False
    assert room.host_action(state, by="h", action="lock") == Refusal.NOT_HOST
    assert room.host_action(state, by="a", action="lock") is None


def test_making_oneself_host_keeps_one_a_host():
    state = seated("a")

    room.host_action(state, by="h", action="make_host", target="h")

    # The room must not be left without a host by a click on one's own seat.
    assert room.is_host(state, "h")


def test_co_hosts_have_the_same_controls():
    state = room.new_room(OCCURRENCE)
    sit(state, "h", host=True)
    sit(state, "co", host=True)
    sit(state, "a")

    assert room.host_action(state, by="co", action="mute", target="h") is None
    assert room.next_speaker(state, by="co") is None
    assert room.start_round(state, by="co", minutes=1, now=T0) is None
    assert round_of(state)["order"] == ["co", "a", "h"]
    assert room.host_action(state, by="co", action="lock") is None


def test_ending_leaves_only_that_the_room_ended():
    state = seated("a", "b")
    room.raise_hand(state, seat_id="a", raised=True)
    room.start_round(state, by="h", minutes=2, now=T0)
    room.host_action(state, by="h", action="lock")
    room.host_action(state, by="h", action="remove", target="b")
    drop(state, "a")

    assert room.host_action(state, by="h", action="end") is None

    assert state["ended"] is True
    assert state["seats"] == {}
    assert state["speakers"] == []
    assert state["round"] is None
    assert state["removed"] == []
    assert state == {**room.new_room(OCCURRENCE), "ended": True}
    assert state == room.ended_room(state)
    text = json.dumps(state)
    for seat_id in ("h", "a", "b"):
        assert f"Name-{seat_id}" not in text
        assert f"avatar-{seat_id}" not in text
        assert f'"{seat_id}"' not in text
        assert channel(seat_id) not in text


def test_an_ended_room_has_no_host_left_to_act():
    state = seated("a")
    room.host_action(state, by="h", action="end")

    assert room.host_action(state, by="h", action="unlock") == Refusal.NOT_HOST
    assert room.channels(state) == []
    view = room.public_view(state)
    assert view["seats"] == []
    assert view["speakers"] == []
    assert view["round"] is None
    assert view["locked"] is False
    assert view["ended"] is True


# --- What participants see -----------------------------------------------------------


def test_public_view_shows_seats_in_circle_order_without_channel_names():
    state = circle_with_host_in_the_middle()
    drop(state, "b")
    room.raise_hand(state, seat_id="c", raised=True)
    room.start_round(state, by="h", minutes=2, now=T0)

    view = room.public_view(state)

    assert [seat["id"] for seat in view["seats"]] == ["a", "b", "h", "c"]
    expected = {
        "id": "h",
        "name": "Name-h",
        "avatar": "avatar-h",
        "host": True,
        "muted": False,
        "camera": False,
        "away": False,
        "connected": True,
        "position": 2,
    }
    assert {key: dict(view["seats"][2])[key] for key in expected} == expected
    assert view["seats"][1]["connected"] is False
    assert view["speakers"] == ["c"]
    assert round_of(view)["order"] == ["h", "c", "a"]
    assert view["locked"] is False
    assert view["ended"] is False
    text = json.dumps(view)
    assert "specific." not in text
    for seat_id in ("a", "b", "h", "c"):
        assert channel(seat_id) not in text
    assert "channel" not in text
    assert "left_at" not in text
    assert "removed" not in view


def test_public_view_is_a_copy():
    state = seated("a")
    room.raise_hand(state, seat_id="a", raised=True)

    view = room.public_view(state)
    view["speakers"].append("x")

    assert state["speakers"] == ["a"]


def test_channels_are_only_those_of_connected_seats():
    state = seated("a", "b")
    drop(state, "a")

    assert room.channel_of(state, "a") is None
    assert room.channel_of(state, "b") == channel("b")
    assert room.channel_of(state, "ghost") is None
    assert sorted(room.channels(state)) == sorted([channel("h"), channel("b")])


def test_is_host():
    state = seated("a")

    assert room.is_host(state, "h") is True
    assert room.is_host(state, "a") is False
    assert room.is_host(state, "ghost") is False


def test_an_emptied_room_opens_afresh_but_keeps_the_removed_out():
    state = seated("a", "b")
    assert room.host_action(state, by="h", action="remove", target="a") is None
    assert room.host_action(state, by="h", action="lock") is None
    assert room.raise_hand(state, seat_id="b", raised=True) is None
    leave(state, "b")
    leave(state, "h")

    assert state == {**room.new_room(OCCURRENCE), "removed": ["a"]}
    assert sit(state, "a") == Refusal.REMOVED
    assert sit(state, "c") is None


def test_a_room_left_by_dropped_connections_opens_afresh_after_the_grace_time():
    state = seated("a")
    assert room.host_action(state, by="h", action="lock") is None
    drop(state, "a")
    drop(state, "h")
    assert sit(state, "c") == Refusal.LOCKED  # they may still come back

    later = time.time() + RECONNECT_GRACE_SECONDS + 1
    assert sit(state, "c", now=later) is None
    assert state["locked"] is False


def test_when_the_last_host_leaves_the_next_connected_person_in_the_circle_hosts():
    state = seated("a", "b", "c")
    drop(state, "a")  # gone for now: the role goes to someone who is there
    leave(state, "h")

    hosts = [seat_id for seat_id, seat in state["seats"].items() if seat["host"]]
    assert hosts == ["b"]


def test_a_host_whose_connection_dropped_stays_host_for_the_comeback():
    state = seated("a")
    drop(state, "h")

    assert room.is_host(state, "h")
    assert not room.is_host(state, "a")
    room.forget_dropped(state, now=time.time() + RECONNECT_GRACE_SECONDS + 1)
    assert room.is_host(state, "a")


def test_a_closed_page_keeps_its_seat_only_for_its_own_short_grace():
    state = seated("a", "b")
    room.stand_up(
        state,
        seat_id="a",
        channel=channel("a"),
        dropped=True,
        grace=room.PAGE_CLOSED_GRACE_SECONDS,
    )
    drop(state, "b")
    moment = time.time() + room.PAGE_CLOSED_GRACE_SECONDS + 1

    assert room.has_overdue_seats(state, now=moment)
    room.forget_dropped(state, now=moment)
    assert set(state["seats"]) == {"h", "b"}
    assert not room.has_overdue_seats(state, now=moment)


# --- Host accounts, closed pages (review of issue 9) ---------------------------------

HOST_ACCOUNT = 41


def sit_host(state: State, seat_id: str, *, account: int = HOST_ACCOUNT) -> str | None:
    return room.sit_down(
        state,
        seat_id=seat_id,
        channel=channel(seat_id),
        name="Host",
        avatar="",
        host=True,
        account=account,
        reserve=1,
    )


def close_page(state: State, seat_id: str) -> None:
    room.stand_up(state, seat_id=seat_id, channel=channel(seat_id), dropped=True, closing=True)


def test_a_host_switching_browser_keeps_the_host_role_and_no_guest_inherits_it():
    state = room.new_room(OCCURRENCE)
    assert sit_host(state, "h") is None
    assert sit(state, "a") is None

    assert sit_host(state, "h2") is None

    assert set(state["seats"]) == {"a", "h2"}
    assert room.is_host(state, "h2")
    assert not room.is_host(state, "a")


def test_a_host_who_handed_over_and_switches_browser_is_host_again_not_the_guest_twice():
    state = room.new_room(OCCURRENCE)
    assert sit_host(state, "h") is None
    assert sit(state, "a") is None
    assert sit(state, "b") is None
    assert room.host_action(state, by="h", action="make_host", target="a") is None

    assert sit_host(state, "h2") is None

    # The guest who was given the role keeps it; nobody else is made host by the move.
    assert {k for k, v in state["seats"].items() if v["host"]} == {"a", "h2"}


def test_nobody_removes_a_host_accounts_seat_from_the_room():
    state = room.new_room(OCCURRENCE)
    assert sit_host(state, "h") is None
    assert sit(state, "a") is None
    assert room.host_action(state, by="h", action="make_host", target="a") is None

    assert room.host_action(state, by="a", action="remove", target="h") == Refusal.NOT_HOST
    assert "h" in state["seats"]
    assert state["removed"] == []


def test_a_host_account_is_not_kept_out_by_the_lock_or_a_removal():
    state = room.new_room(OCCURRENCE)
    assert sit(state, "a", host=True) is None
    assert room.host_action(state, by="a", action="lock") is None
    state["removed"].append("h")  # as an older removal would have left it

    assert sit_host(state, "h") is None
    assert sit(state, "late") == Refusal.LOCKED


def test_a_closed_page_that_comes_back_needs_a_free_seat_like_a_newcomer():
    # The repro of the review: the group has one host, so guests have 14 seats.
    state = room.new_room(OCCURRENCE)
    for n in range(CAPACITY - 1):
        assert (
            room.sit_down(
                state,
                seat_id=f"g{n}",
                channel=channel(f"g{n}"),
                name="x",
                avatar="",
                host=False,
                reserve=1,
            )
            is None
        )
    close_page(state, "g0")
    assert (
        room.sit_down(
            state, seat_id="new", channel=channel("new"), name="x", avatar="", host=False, reserve=1
        )
        is None
    )

    # The closed page's place was taken meanwhile: its reload is refused like a newcomer.
    assert (
        room.sit_down(
            state,
            seat_id="g0",
            channel=channel("g0", 2),
            name="x",
            avatar="",
            host=False,
            reserve=1,
        )
        == Refusal.FULL
    )
    # ... and the host still gets in.
    assert sit_host(state, "h") is None
    assert sum(1 for v in state["seats"].values() if not v.get("closed")) == CAPACITY


def test_a_closed_page_that_comes_back_to_a_free_seat_sits_in_its_old_place():
    state = seated("a", "b")
    close_page(state, "a")

    assert sit(state, "a", generation=2) is None
    assert state["seats"]["a"]["position"] == 1
    assert state["seats"]["a"]["connected"] is True


def test_a_closed_page_takes_its_hand_down_so_the_word_goes_to_someone_visible():
    state = seated("a", "b")
    assert room.raise_hand(state, seat_id="a", raised=True) is None
    assert room.raise_hand(state, seat_id="b", raised=True) is None

    close_page(state, "a")

    assert state["speakers"] == ["b"]
    assert room.next_speaker(state, by="h") is None
    assert state["speakers"] == []
