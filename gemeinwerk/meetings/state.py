"""The state of one meeting room, and every change to it, as pure functions.

A room is a plain JSON-ready dict, kept in the cache (Redis when several processes
serve) while the meeting runs and deleted when it ends. It holds what the room needs
and nothing more: seats with nickname, avatar and status, the speaking list, the round,
the lock. Chat lines are never part of it.

Every function takes the state and returns an error code (a string) or None; the
consumer broadcasts the new public state after each change.
"""

import time
from enum import StrEnum
from typing import NotRequired, TypedDict

from gemeinwerk.meetings.protocol import (
    ROUND_MINUTES,
    HostAction,
    RoomView,
    Round,
    SeatView,
    StatusField,
)

CAPACITY = 15
# A connection that dropped without a word keeps its seat this long, so that a reconnect
# sits down again (the consumer passes settings.MEETING_ROOM_RECONNECT_SECONDS). The
# server notices a silent drop by its WebSocket pings (gemeinwerk/serve.py) within 20
# seconds, and a room tidies up at the next heartbeat: a seat is free within 20 + 25 + 10
# = 55 seconds, which leaves a margin below the promised minute for a late heartbeat.
RECONNECT_GRACE_SECONDS = 25
# A page that was closed or reloaded ("leave" with closing) has left at once: nobody
# sees it and its seat counts for nobody. Only for this long may a reload come back to
# the same place (turn, host role), if the room still has a seat for it. Its raised hand
# goes at once: nobody could see it, and the host must not give the word to nobody.
PAGE_CLOSED_GRACE_SECONDS = 15
# Every connection stamps its seat at this interval (the consumer's heartbeat). A seat
# that claims a connection but has not been stamped for STALE_SECONDS has no consumer
# behind it any more (its server process died): it is given up like a dropped one,
# within STALE_SECONDS + HEARTBEAT_SECONDS = 50 seconds.
HEARTBEAT_SECONDS = 10
STALE_SECONDS = 4 * HEARTBEAT_SECONDS


class Seat(TypedDict):
    name: str
    avatar: str
    host: bool
    # The host account that entered from the group's page; None for guests.
    account: int | None
    muted: bool
    camera: bool
    away: bool
    position: int
    # Counts the connections that sat here: the others rebuild their peer connection.
    epoch: int
    connected: bool
    channel: str
    left_at: float | None
    closed: bool
    seen: float
    grace: NotRequired[float]


class State(TypedDict):
    occurrence: int
    seats: dict[str, Seat]
    speakers: list[str]
    round: Round | None
    locked: bool
    ended: bool
    removed: list[str]
    next_position: int
    # The last host left while nobody was connected: the next one in inherits it.
    host_wanted: bool


class Refusal(StrEnum):
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
        "host_wanted": False,
    }


def _now() -> float:
    return time.time()


def _overdue(state: State, moment: float) -> list[str]:
    return [seat_id for seat_id, seat in state["seats"].items() if _is_overdue(seat, moment)]


def _is_overdue(seat: Seat, moment: float) -> bool:
    if seat["connected"]:
        # A connection whose consumer stopped stamping the seat is a ghost.
        return moment - seat.get("seen", moment) > STALE_SECONDS
    return moment - (seat["left_at"] or moment) > seat.get("grace", RECONNECT_GRACE_SECONDS)


def _present(seat: Seat) -> bool:
    return bool(seat["connected"])


def _listed(seat: Seat) -> bool:
    """Seen by the others: present, or dropped and perhaps coming back. A closed page
    has left."""
    return not seat.get("closed")


def has_overdue_seats(state: State, *, now: float | None = None) -> bool:
    return bool(_overdue(state, now or _now()))


def forget_dropped(state: State, *, now: float | None = None) -> list[str]:
    """Seats whose connection dropped longer ago than their grace time are given up;
    a room that is empty then starts afresh. Returns the seats given up."""
    overdue = _overdue(state, now or _now())
    for seat_id in overdue:
        _drop(state, seat_id)
    _start_afresh_if_empty(state)
    return overdue


def _drop(state: State, seat_id: str, *, keep_a_host: bool = True) -> None:
    """Give up a seat. `keep_a_host=False`: the caller hands the host role on itself
    (a host account moving to another browser), so nobody else inherits it meanwhile."""
    seat = state["seats"].pop(seat_id, None)
    state["speakers"] = [s for s in state["speakers"] if s != seat_id]
    if seat and seat["host"] and keep_a_host:
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
    account: int | None = None,
    reserve: int = 0,
    now: float | None = None,
) -> str | None:
    """Enter the room, or come back to one's seat after a dropped connection.

    `account`: the host account this seat belongs to (hosts and co-hosts who entered
    from their group's page, checked by the consumer); None for guests. `reserve`: how
    many host accounts the group has. Guests never take the seats those hosts need, so
    a host or co-host is never refused for capacity: 15 seats in all.

    A host account (checked by the consumer: it hosts the group now, active and
    verified) is never kept out by a removal or the lock: hosts leave a group through
    the group's pages, never by a click in the room."""
    moment = now or _now()
    forget_dropped(state, now=moment)
    if state["ended"]:
        return Refusal.ENDED
    if account is None and seat_id in state["removed"]:
        return Refusal.REMOVED
    seats = state["seats"]
    seat = seats.get(seat_id)
    if seat is not None and seat.get("account") != account:
        # The seat changes hands (a host's browser whose account lost the role, or a
        # guest's): it starts afresh, with what it is now.
        _drop(state, seat_id)
        seat = None
    # One seat per host account: a second browser takes it over (below).
    own = [k for k, v in seats.items() if account is not None and v.get("account") == account]
    own = [k for k in own if k != seat_id]
    if seat is None and state["locked"] and account is None:
        return Refusal.LOCKED
    if seat is None or seat.get("closed"):
        # A newcomer, or a closed page that comes back: either needs a free seat. (A
        # reload that finds its place taken by a newcomer is refused like one.)
        occupied = [v for k, v in seats.items() if _listed(v) and k != seat_id and k not in own]
        hosts_in = {v["account"] for v in occupied if v.get("account") is not None}
        limit = CAPACITY if account is not None else CAPACITY - max(0, reserve - len(hosts_in))
        if len(occupied) >= limit:
            return Refusal.FULL
    # The host role moves with the account: dropped without passing it on, so that no
    # guest inherits it between the two browsers (and could lock the real host out).
    carried = any(seats[k]["host"] for k in own)
    for other_id in own:
        _drop(state, other_id, keep_a_host=False)
    if seat is None:
        seat = seats[seat_id] = Seat(
            name=name,
            avatar=avatar,
            host=host or carried,
            account=account,
            muted=False,
            camera=False,
            away=False,
            position=state["next_position"],
            epoch=0,
            connected=True,
            channel=channel,
            left_at=None,
            closed=False,
            seen=moment,
        )
        state["next_position"] += 1
        _make_room_for(state, keep=seat_id)
    # Each sitting down is a new browser connection: the others' browsers see the new
    # epoch and build their peer connection to this seat afresh.
    seat["connected"], seat["channel"], seat["left_at"] = True, channel, None
    seat["closed"], seat["seen"] = False, moment
    seat["epoch"] = seat.get("epoch", 0) + 1
    if state.get("host_wanted") and not any(v["host"] for v in seats.values()):
        seat["host"] = True
    state["host_wanted"] = False
    return None


def _make_room_for(state: State, *, keep: str) -> None:
    """Closed pages hold no seat: when a newcomer needs one, the oldest of them gives
    up its place for a reload."""
    seats = state["seats"]
    closed = sorted(
        (k for k, v in seats.items() if v.get("closed") and k != keep),
        key=lambda k: seats[k]["left_at"] or 0.0,
    )
    while len(seats) > CAPACITY and closed:
        _drop(state, closed.pop(0))


def heartbeat(state: State, *, seat_id: str, channel: str, now: float | None = None) -> bool:
    """The connection holding the seat is alive; False if it holds it no longer."""
    seat = state["seats"].get(seat_id)
    if seat is None or seat["channel"] != channel or not seat["connected"]:
        return False
    seat["seen"] = now or _now()
    return True


def stand_up(
    state: State,
    *,
    seat_id: str,
    channel: str,
    dropped: bool,
    grace: float | None = None,
    closing: bool = False,
) -> None:
    """Leaving on purpose frees the seat. A closed page (`closing`) has left as well
    and is seen by nobody, but a reload may come back to its place within
    PAGE_CLOSED_GRACE_SECONDS. A dropped connection keeps its seat, shown as offline,
    for `grace` seconds (RECONNECT_GRACE_SECONDS unless given)."""
    seat = state["seats"].get(seat_id)
    if seat is None or seat["channel"] != channel:
        return  # a newer connection holds this seat already
    if closing:
        # A host's reload keeps the role: it passes on only when the seat is given up.
        seat["connected"], seat["left_at"], seat["closed"] = False, _now(), True
        seat["grace"] = PAGE_CLOSED_GRACE_SECONDS
        # Nobody sees a closed page: its hand must not wait, invisible, for the word.
        state["speakers"] = [s for s in state["speakers"] if s != seat_id]
    elif dropped:
        seat["connected"], seat["left_at"] = False, _now()
        seat["grace"] = grace or RECONNECT_GRACE_SECONDS
    else:
        _drop(state, seat_id)
        _start_afresh_if_empty(state)


def _keep_a_host(state: State) -> None:
    """The last host left: the next person present in the circle becomes host, so that
    someone can still lock, remove and end (a co-host coming back is host again by
    their entry). Never a seat without a connection: if nobody is present, the next
    person to come in is host."""
    seats = state["seats"]
    if any(seat["host"] and not seat.get("closed") for seat in seats.values()):
        return
    present = [seat for seat in seats.values() if _present(seat)]
    if not present:
        state["host_wanted"] = bool(seats)
        return
    min(present, key=lambda seat: seat["position"])["host"] = True


def _start_afresh_if_empty(state: State) -> None:
    """Once everyone has gone, the next person finds an open room without a round or
    speaking list; only who was removed is kept, as they may not come back."""
    if state["seats"] or state["ended"]:
        return
    fresh = new_room(state["occurrence"])
    fresh["removed"] = state["removed"]
    # Every key is replaced: the state object itself stays (callers hold it).
    state.update(fresh)


def is_host(state: State, seat_id: str) -> bool:
    seat = state["seats"].get(seat_id)
    return bool(seat and seat["host"])


def set_status(state: State, *, seat_id: str, field: str, value: bool) -> str | None:
    seat = state["seats"].get(seat_id)
    if seat is None:
        return Refusal.NO_SUCH_SEAT
    match field:
        case StatusField.MUTED:
            seat["muted"] = value
        case StatusField.CAMERA:
            seat["camera"] = value
        case StatusField.AWAY:
            seat["away"] = value
        case _:
            return Refusal.BAD_VALUE
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
    state["round"] = Round(
        order=order[start:] + order[:start],
        turn=0,
        step=0,
        seconds=minutes * 60,
        turn_started=now or _now(),
    )
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
    if action in {HostAction.LOCK, HostAction.UNLOCK}:
        state["locked"] = action == HostAction.LOCK
        return None
    if action == HostAction.END:
        end(state)
        return None
    if target is None or target not in state["seats"]:
        return Refusal.NO_SUCH_SEAT
    if action == HostAction.MUTE:
        state["seats"][target]["muted"] = True
    elif action == HostAction.REMOVE:
        if state["seats"][target].get("account") is not None:
            # A host's seat: hosts leave through the group's pages, never by a click in
            # the room (a guest who inherited the host role must not lock them out).
            return Refusal.NOT_HOST
        state["removed"].append(target)
        _drop(state, target)
    elif action == HostAction.MAKE_HOST:
        if target != by:  # handing over to oneself must not leave the room without a host
            state["seats"][target]["host"] = True
            state["seats"][by]["host"] = False
    else:
        return Refusal.BAD_VALUE
    return None


def revoke_account(state: State, *, account: int) -> list[str]:
    """The host seats of an account that lost its role or trust leave the room; the
    channels of those that were connected, to be sent away."""
    channels = []
    for seat_id, seat in list(state["seats"].items()):
        if seat.get("account") == account:
            if seat["connected"]:
                channels.append(seat["channel"])
            _drop(state, seat_id)
    _start_afresh_if_empty(state)
    return channels


def public_view(state: State) -> RoomView:
    """What every participant may see: no channel names, no accounts, nobody who left."""
    listed = {seat_id for seat_id, seat in state["seats"].items() if _listed(seat)}
    seats = [
        SeatView(
            id=seat_id,
            name=seat["name"],
            avatar=seat["avatar"],
            host=seat["host"],
            muted=seat["muted"],
            camera=seat["camera"],
            away=seat["away"],
            connected=seat["connected"],
            position=seat["position"],
            epoch=seat.get("epoch", 1),
        )
        for seat_id, seat in sorted(state["seats"].items(), key=lambda s: s[1]["position"])
        if seat_id in listed
    ]
    return RoomView(
        seats=seats,
        speakers=[seat_id for seat_id in state["speakers"] if seat_id in listed],
        round=state["round"],
        locked=state["locked"],
        ended=state["ended"],
        # The server's clock, so that browsers with a wrong clock count the round right.
        now=_now(),
    )


def channel_of(state: State, seat_id: str) -> str | None:
    seat = state["seats"].get(seat_id)
    return seat["channel"] if seat and seat["connected"] else None


def channels(state: State) -> list[str]:
    return [seat["channel"] for seat in state["seats"].values() if seat["connected"]]


def end(state: State) -> None:
    """From now on the room knows only that it ended: no nickname, avatar or seat."""
    ended = ended_room(state)
    # Every key is replaced, the seats and their names with the rest.
    state.update(ended)


def ended_room(state: State) -> State:
    """What stays after the end, until the meeting's time is over: only that it ended.
    No nickname, avatar or seat."""
    ended = new_room(state["occurrence"])
    ended["ended"] = True
    return ended
