"""The messages of the meeting room, both ways, as types; and the check every message
from a browser passes before anything else happens.

Every message is a JSON object with a "type"; each type has a fixed set of fields of
fixed kinds and sizes. Anything else is refused with an error code (`ErrorCode`), and a
connection that keeps sending refused or too many messages is closed (core.consumers).
frontend/src/js/room/ speaks the same protocol.
"""

from enum import StrEnum
from typing import Any, Literal, TypedDict, assert_never

from gemeinwerk.core.consumers import Invalid, parse_json_object

__all__ = ["Invalid", "parse"]

# A session description with many candidates stays well below this.
MAX_SIGNAL_BYTES = 24_000
MAX_MESSAGE_BYTES = 2_000
MAX_CHAT_CHARACTERS = 1_000
MAX_SEAT_ID = 40
MAX_STEP = 100  # steps of one round: far more than 15 people take
ROUND_MINUTES = range(1, 6)


class MessageType(StrEnum):
    """What a browser may send."""

    SIGNAL = "signal"
    HAND = "hand"
    STATUS = "status"
    REACT = "react"
    CHAT = "chat"
    NEXT_SPEAKER = "next_speaker"
    ROUND_START = "round_start"
    ROUND_NEXT = "round_next"
    ROUND_STOP = "round_stop"
    HOST = "host"
    LEAVE = "leave"
    PING = "ping"


class HostAction(StrEnum):
    LOCK = "lock"
    UNLOCK = "unlock"
    MUTE = "mute"
    ASK_MUTE = "ask_mute"
    REMOVE = "remove"
    MAKE_HOST = "make_host"
    END = "end"


ACTIONS_ON_A_SEAT = frozenset(
    {HostAction.MUTE, HostAction.ASK_MUTE, HostAction.REMOVE, HostAction.MAKE_HOST}
)


class Reaction(StrEnum):
    NOD = "nod"
    HEART = "heart"


class StatusField(StrEnum):
    MUTED = "muted"
    CAMERA = "camera"
    AWAY = "away"


class ErrorCode(StrEnum):
    """Why a message was refused (sent back as {"type": "error", "error": code})."""

    TOO_LARGE = "too_large"
    NOT_JSON = "not_json"
    NO_TYPE = "no_type"
    UNKNOWN_TYPE = "unknown_type"
    UNEXPECTED_FIELD = "unexpected_field"
    BAD_VALUE = "bad_value"
    BAD_SEAT = "bad_seat"
    BAD_SIGNAL = "bad_signal"
    TOO_MANY = "too_many"


# --- From the browser ------------------------------------------------------------------


class Signal(TypedDict):
    """An SDP offer/answer or an ICE candidate for one other seat, passed on untouched
    but checked in shape (RTCSessionDescriptionInit, RTCIceCandidateInit)."""

    type: Literal[MessageType.SIGNAL]
    to: str
    data: dict[str, Any]


class Hand(TypedDict):
    type: Literal[MessageType.HAND]
    raised: bool


class Status(TypedDict):
    type: Literal[MessageType.STATUS]
    field: StatusField
    value: bool


class React(TypedDict):
    type: Literal[MessageType.REACT]
    kind: Reaction


class Chat(TypedDict):
    type: Literal[MessageType.CHAT]
    text: str


class RoundStart(TypedDict):
    type: Literal[MessageType.ROUND_START]
    minutes: int


# "pass" and "from" are Python keywords: these types take the functional form.
RoundNext = TypedDict(
    "RoundNext", {"type": Literal[MessageType.ROUND_NEXT], "turn": int, "pass": bool}
)


class Host(TypedDict):
    type: Literal[MessageType.HOST]
    action: HostAction
    seat: str | None


class Leave(TypedDict):
    type: Literal[MessageType.LEAVE]
    closing: bool


class Bare(TypedDict):
    """next_speaker, round_stop and ping carry nothing but their type."""

    type: Literal[MessageType.NEXT_SPEAKER, MessageType.ROUND_STOP, MessageType.PING]


Message = Signal | Hand | Status | React | Chat | RoundStart | RoundNext | Host | Leave | Bare


# --- To the browser (the consumer's sends) ---------------------------------------------


class SeatView(TypedDict):
    id: str
    name: str
    avatar: str
    host: bool
    muted: bool
    camera: bool
    away: bool
    connected: bool
    position: int
    epoch: int


class Round(TypedDict):
    """A round ("Blitzlicht") around the circle, as the room keeps and shows it."""

    order: list[str]
    turn: int
    # Counts every change of speaker; a click names the step it was made in, so that
    # a late second click (or one from before someone left) changes nothing.
    step: int
    seconds: int
    turn_started: float


class RoomView(TypedDict):
    """What every participant sees of the room (state.public_view)."""

    seats: list[SeatView]
    speakers: list[str]
    round: Round | None
    locked: bool
    ended: bool
    now: float


class Welcome(TypedDict):
    type: Literal["welcome"]
    seat: str
    capacity: int
    ice: list[dict[str, Any]]
    state: RoomView


class StateMessage(TypedDict):
    type: Literal["state"]
    state: RoomView


RelayedSignal = TypedDict(
    "RelayedSignal", {"type": Literal["signal"], "from": str, "data": dict[str, Any]}
)
ChatLine = TypedDict(
    "ChatLine", {"type": Literal["chat"], "id": str, "from": str, "name": str, "text": str}
)
Reacted = TypedDict("Reacted", {"type": Literal["react"], "from": str, "kind": str})


class Refused(TypedDict):
    type: Literal["refused"]
    reason: str


class Error(TypedDict):
    type: Literal["error"]
    error: str


# --- The check -------------------------------------------------------------------------


def _seat(value: Any) -> str:
    if not isinstance(value, str) or not 0 < len(value) <= MAX_SEAT_ID:
        raise Invalid(ErrorCode.BAD_SEAT)
    return value


def _choice[E: StrEnum](value: Any, allowed: type[E]) -> E:
    """One of a fixed set of words (a list or dict sent instead is refused, not a crash)."""
    if not isinstance(value, str) or value not in allowed._value2member_map_:
        raise Invalid(ErrorCode.BAD_VALUE)
    return allowed(value)


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(ErrorCode.BAD_VALUE)
    return value


def _int(value: Any, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise Invalid(ErrorCode.BAD_VALUE)
    return value


# Field by field and flat, so that nothing deeply nested reaches the channel layer
# (msgpack refuses deep nesting).
DESCRIPTION_TYPES = {"offer", "answer", "rollback"}
CANDIDATE_FIELDS: dict[str, tuple[type, ...]] = {
    "candidate": (str,),
    "sdpMid": (str, type(None)),
    "sdpMLineIndex": (int, type(None)),
    "usernameFragment": (str, type(None)),
}


def _description(value: Any) -> dict[str, Any]:
    if (
        not isinstance(value, dict)
        or set(value) - {"type", "sdp"}
        or not isinstance(value.get("type"), str)
        or value["type"] not in DESCRIPTION_TYPES
        or not isinstance(value.get("sdp", ""), str)
    ):
        raise Invalid(ErrorCode.BAD_SIGNAL)
    return value


def _candidate(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) - set(CANDIDATE_FIELDS):
        raise Invalid(ErrorCode.BAD_SIGNAL)
    for field, item in value.items():
        kinds = CANDIDATE_FIELDS[field]
        if not isinstance(item, kinds) or isinstance(item, bool):
            raise Invalid(ErrorCode.BAD_SIGNAL)
    return value


def _signal_data(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) - {"description", "candidate"} or not value:
        raise Invalid(ErrorCode.BAD_SIGNAL)
    checked: dict[str, Any] = {}
    if "description" in value:
        checked["description"] = _description(value["description"])
    if "candidate" in value:
        checked["candidate"] = _candidate(value["candidate"])
    return checked


def parse(text: str) -> Message:
    """The checked message, or Invalid."""
    size = len(text.encode())
    if size > MAX_SIGNAL_BYTES:
        raise Invalid(ErrorCode.TOO_LARGE)
    message = parse_json_object(text)
    if message["type"] != MessageType.SIGNAL and size > MAX_MESSAGE_BYTES:
        raise Invalid(ErrorCode.TOO_LARGE)
    if message["type"] not in MessageType._value2member_map_:
        raise Invalid(ErrorCode.UNKNOWN_TYPE)
    kind = MessageType(message["type"])
    fields = set(message) - {"type"}

    def only(*allowed: str) -> None:
        if fields - set(allowed):
            raise Invalid(ErrorCode.UNEXPECTED_FIELD)

    match kind:
        case MessageType.SIGNAL:
            only("to", "data")
            return Signal(
                type=kind, to=_seat(message.get("to")), data=_signal_data(message.get("data"))
            )
        case MessageType.HAND:
            only("raised")
            return Hand(type=kind, raised=_bool(message.get("raised")))
        case MessageType.STATUS:
            only("field", "value")
            field = _choice(message.get("field"), StatusField)
            return Status(type=kind, field=field, value=_bool(message.get("value")))
        case MessageType.REACT:
            only("kind")
            return React(type=kind, kind=_choice(message.get("kind"), Reaction))
        case MessageType.CHAT:
            only("text")
            text_value = message.get("text")
            if (
                not isinstance(text_value, str)
                or not 0 < len(text_value.strip()) <= MAX_CHAT_CHARACTERS
            ):
                raise Invalid(ErrorCode.BAD_VALUE)
            return Chat(type=kind, text=text_value.strip())
        case MessageType.ROUND_START:
            only("minutes")
            minutes = _int(message.get("minutes"), ROUND_MINUTES[0], ROUND_MINUTES[-1])
            return RoundStart(type=kind, minutes=minutes)
        case MessageType.ROUND_NEXT:
            only("turn", "pass")
            return RoundNext(
                {
                    "type": kind,
                    "turn": _int(message.get("turn"), 0, MAX_STEP),
                    "pass": _bool(message.get("pass", False)),
                }
            )
        case MessageType.HOST:
            only("action", "seat")
            action = _choice(message.get("action"), HostAction)
            seat = _seat(message.get("seat")) if action in ACTIONS_ON_A_SEAT else None
            return Host(type=kind, action=action, seat=seat)
        case MessageType.LEAVE:
            only("closing")
            return Leave(type=kind, closing=_bool(message.get("closing", False)))
        case MessageType.NEXT_SPEAKER | MessageType.ROUND_STOP | MessageType.PING:
            only()
            return Bare(type=kind)
        case _:
            assert_never(kind)
