"""The state of one meeting room, and every change to it, as pure functions.

A room is a plain JSON-ready dict, kept in the cache (Redis when several processes
serve) while the meeting runs and deleted when it ends. It holds what the room needs
and nothing more: seats with nickname, avatar and status, the speaking list, the round,
the lock. Chat lines are never part of it.

Every function takes the state and returns an error code (a string) or None; the
consumer broadcasts the new public state after each change.
"""

import time
from typing import Any

CAPACITY = 15
# A dropped connection keeps its seat this long, so a reconnect sits down again.
RECONNECT_GRACE_SECONDS = 90
# A page that was closed or reloaded keeps it only this long: a reload comes back to
# the same place (hand, turn, host role) and a closed tab frees the seat soon.
PAGE_CLOSED_GRACE_SECONDS = 15
ROUND_MINUTES = range(1, 6)

State = dict[str, Any]


class Refusal:
    """Why someone cannot enter or act (sent to the client as a code)."""

    ENDED = "ended"
    REMOVED = "removed"
    LOCKED = "locked"
    FULL = "full"
    NOT_HOST = "not_host"
    NOT_YOUR_TURN = "not_your_turn"
    NO_SUCH_SEAT = "no_such_seat"
    STALE = "stale"
    BAD_VALUE = "bad_value"


def new_room(occurrence_id: int) -> State:
    return {
        "occurrence": occurrence_id,
        "seats": {},
        "speakers": [],
        "round": None,
        "locked": False,
        "ended": False,
        "removed": [],
        "next_position": 0,
    }


def _now() -> float:
    return time.time()


def _overdue(state: State, moment: float) -> list[str]:
    return [
        seat_id
        for seat_id, seat in state["seats"].items()
        if not seat["connected"]
        and moment - seat["left_at"] > seat.get("grace", RECONNECT_GRACE_SECONDS)
    ]


def has_overdue_seats(state: State, *, now: float | None = None) -> bool:
    return bool(_overdue(state, now or _now()))


def forget_dropped(state: State, *, now: float | None = None) -> None:
    """Seats whose connection dropped longer ago than their grace time are given up;
    a room that is empty then starts afresh."""
    for seat_id in _overdue(state, now or _now()):
        _drop(state, seat_id)
    _start_afresh_if_empty(state)


def _drop(state: State, seat_id: str) -> None:
    seat = state["seats"].pop(seat_id, None)
    state["speakers"] = [s for s in state["speakers"] if s != seat_id]
    if seat and seat["host"]:
        _keep_a_host(state)
    current = state["round"]
    if current is None or seat_id not in current["order"]:
        return
    index = current["order"].index(seat_id)
    current["order"].remove(seat_id)
    if index < current["turn"]:
        current["turn"] -= 1
    elif index == current["turn"]:
        # The speaker left: the next person's turn begins, with their own full time.
        current["step"] += 1
        current["turn_started"] = _now()
    if current["turn"] >= len(current["order"]):
        state["round"] = None


def sit_down(
    state: State,
    *,
    seat_id: str,
    channel: str,
    name: str,
    avatar: str,
    host: bool,
    now: float | None = None,
) -> str | None:
    """Enter the room, or come back to one's seat after a dropped connection."""
    moment = now or _now()
    forget_dropped(state, now=moment)
    if state["ended"]:
        return Refusal.ENDED
    if seat_id in state["removed"]:
        return Refusal.REMOVED
    seat = state["seats"].get(seat_id)
    if seat is None:
        if state["locked"]:
            return Refusal.LOCKED
        if len(state["seats"]) >= CAPACITY:
            return Refusal.FULL
        seat = state["seats"][seat_id] = {
            "name": name,
            "avatar": avatar,
            "host": host,
            "muted": False,
            "camera": False,
            "away": False,
            "position": state["next_position"],
            "epoch": 0,
        }
        state["next_position"] += 1
    # Each sitting down is a new browser connection: the others' browsers see the new
    # epoch and build their peer connection to this seat afresh.
    seat.update(connected=True, channel=channel, left_at=None, epoch=seat.get("epoch", 0) + 1)
    return None


def stand_up(
    state: State, *, seat_id: str, channel: str, dropped: bool, grace: float | None = None
) -> None:
    """Leaving on purpose frees the seat; a dropped connection keeps it for `grace`
    seconds (RECONNECT_GRACE_SECONDS unless given)."""
    seat = state["seats"].get(seat_id)
    if seat is None or seat["channel"] != channel:
        return  # a newer connection holds this seat already
    if dropped:
        seat.update(connected=False, left_at=_now(), grace=grace or RECONNECT_GRACE_SECONDS)
    else:
        _drop(state, seat_id)
        _start_afresh_if_empty(state)


def _keep_a_host(state: State) -> None:
    """The last host left: the next person in the circle becomes host, so that someone
    can still lock, remove and end (a co-host coming back is host again by their entry)."""
    seats = state["seats"]
    if not seats or any(seat["host"] for seat in seats.values()):
        return
    present = [seat for seat in seats.values() if seat["connected"]] or list(seats.values())
    min(present, key=lambda seat: seat["position"])["host"] = True


def _start_afresh_if_empty(state: State) -> None:
    """Once everyone has gone, the next person finds an open room without a round or
    speaking list; only who was removed is kept, as they may not come back."""
    if state["seats"] or state["ended"]:
        return
    removed = state["removed"]
    state.update(new_room(state["occurrence"]), removed=removed)


def is_host(state: State, seat_id: str) -> bool:
    seat = state["seats"].get(seat_id)
    return bool(seat and seat["host"])


def set_status(state: State, *, seat_id: str, field: str, value: bool) -> str | None:
    if field not in {"muted", "camera", "away"}:
        return Refusal.BAD_VALUE
    seat = state["seats"].get(seat_id)
    if seat is None:
        return Refusal.NO_SUCH_SEAT
    seat[field] = value
    return None


def raise_hand(state: State, *, seat_id: str, raised: bool) -> str | None:
    if seat_id not in state["seats"]:
        return Refusal.NO_SUCH_SEAT
    speakers = state["speakers"]
    if raised and seat_id not in speakers:
        speakers.append(seat_id)
    if not raised and seat_id in speakers:
        speakers.remove(seat_id)
    return None


def next_speaker(state: State, *, by: str) -> str | None:
    """The host gives the word to the first raised hand (it leaves the list)."""
    if not is_host(state, by):
        return Refusal.NOT_HOST
    if state["speakers"]:
        state["speakers"].pop(0)
    return None


def start_round(state: State, *, by: str, minutes: int, now: float | None = None) -> str | None:
    """A round ("Blitzlicht") goes around the circle from the host, in seat order."""
    if not is_host(state, by):
        return Refusal.NOT_HOST
    if minutes not in ROUND_MINUTES:
        return Refusal.BAD_VALUE
    seats = sorted(
        (s for s in state["seats"].items() if s[1]["connected"]), key=lambda s: s[1]["position"]
    )
    order = [seat_id for seat_id, _seat in seats]
    start = order.index(by) if by in order else 0
    state["round"] = {
        "order": order[start:] + order[:start],
        "turn": 0,
        # Counts every change of speaker; a click names the step it was made in, so that
        # a late second click (or one from before someone left) changes nothing.
        "step": 0,
        "seconds": minutes * 60,
        "turn_started": now or _now(),
    }
    return None


def next_turn(
    state: State, *, by: str, turn: int, passing: bool, now: float | None = None
) -> str | None:
    """The speaker passes, or the host moves on; `turn` must be the current step, so
    that two clicks at once move on only once."""
    current = state["round"]
    if current is None or current["step"] != turn:
        return Refusal.STALE
    index = current["turn"]
    speaker = current["order"][index]
    if passing and by != speaker:
        return Refusal.NOT_YOUR_TURN
    if not passing and not is_host(state, by):
        return Refusal.NOT_HOST
    if index + 1 >= len(current["order"]):
        state["round"] = None
    else:
        current["turn"] = index + 1
        current["step"] += 1
        current["turn_started"] = now or _now()
    return None


def stop_round(state: State, *, by: str) -> str | None:
    if not is_host(state, by):
        return Refusal.NOT_HOST
    state["round"] = None
    return None


def host_action(state: State, *, by: str, action: str, target: str | None = None) -> str | None:
    """lock, unlock, mute (the target), remove (the target), make_host (the target), end."""
    if not is_host(state, by):
        return Refusal.NOT_HOST
    if action in {"lock", "unlock"}:
        state["locked"] = action == "lock"
        return None
    if action == "end":
        end(state)
        return None
    if target is None or target not in state["seats"]:
        return Refusal.NO_SUCH_SEAT
    if action == "mute":
        state["seats"][target]["muted"] = True
    elif action == "remove":
        state["removed"].append(target)
        _drop(state, target)
    elif action == "make_host":
        if target != by:  # handing over to oneself must not leave the room without a host
            state["seats"][target]["host"] = True
            state["seats"][by]["host"] = False
    else:
        return Refusal.BAD_VALUE
    return None


def public_view(state: State) -> dict[str, Any]:
    """What every participant may see: no channel names."""
    seats = [
        {
            "id": seat_id,
            "name": seat["name"],
            "avatar": seat["avatar"],
            "host": seat["host"],
            "muted": seat["muted"],
            "camera": seat["camera"],
            "away": seat["away"],
            "connected": seat["connected"],
            "position": seat["position"],
            "epoch": seat.get("epoch", 1),
        }
        for seat_id, seat in sorted(state["seats"].items(), key=lambda s: s[1]["position"])
    ]
    return {
        "seats": seats,
        "speakers": list(state["speakers"]),
        "round": state["round"],
        "locked": state["locked"],
        "ended": state["ended"],
        # The server's clock, so that browsers with a wrong clock count the round right.
        "now": _now(),
    }


def channel_of(state: State, seat_id: str) -> str | None:
    seat = state["seats"].get(seat_id)
    return seat["channel"] if seat and seat["connected"] else None


def channels(state: State) -> list[str]:
    return [seat["channel"] for seat in state["seats"].values() if seat["connected"]]


def end(state: State) -> None:
    """From now on the room knows only that it ended: no nickname, avatar or seat."""
    ended = ended_room(state)
    state.clear()
    state.update(ended)


def ended_room(state: State) -> State:
    """What stays after the end, until the meeting's time is over: only that it ended.
    No nickname, avatar or seat."""
    return {**new_room(state["occurrence"]), "ended": True}
