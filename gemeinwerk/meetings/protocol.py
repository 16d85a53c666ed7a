"""The messages a browser may send to the room, checked before anything else happens.

Every message is a JSON object with a "type"; each type has a fixed set of fields of
fixed kinds and sizes. Anything else is refused with an error code, and a connection
that keeps sending refused or too many messages is closed.
"""

import json
from typing import Any

# A session description with many candidates stays well below this.
MAX_SIGNAL_BYTES = 24_000
MAX_MESSAGE_BYTES = 2_000
MAX_CHAT_CHARACTERS = 1_000
MAX_SEAT_ID = 40
MAX_STEP = 100  # steps of one round: far more than 15 people take

HOST_ACTIONS = {"lock", "unlock", "mute", "ask_mute", "remove", "make_host", "end"}
ACTIONS_ON_A_SEAT = {"mute", "ask_mute", "remove", "make_host"}
REACTIONS = {"nod", "heart"}
STATUS_FIELDS = {"muted", "camera", "away"}


class Invalid(Exception):
    """The message breaks the protocol; `code` goes back to the sender."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _seat(value: Any) -> str:
    if not isinstance(value, str) or not 0 < len(value) <= MAX_SEAT_ID:
        raise Invalid("bad_seat")
    return value


def _choice(value: Any, allowed: set[str], code: str = "bad_value") -> str:
    """One of a fixed set of words (a list or dict sent instead is refused, not a crash)."""
    if not isinstance(value, str) or value not in allowed:
        raise Invalid(code)
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid("bad_value")
    return value


def _int(value: Any, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise Invalid("bad_value")
    return value


# RTCSessionDescriptionInit and RTCIceCandidateInit, field by field: flat, so that
# nothing deeply nested reaches the channel layer (msgpack refuses deep nesting).
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
        raise Invalid("bad_signal")
    return value


def _candidate(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) - set(CANDIDATE_FIELDS):
        raise Invalid("bad_signal")
    for field, item in value.items():
        kinds = CANDIDATE_FIELDS[field]
        if not isinstance(item, kinds) or isinstance(item, bool):
            raise Invalid("bad_signal")
    return value


def _signal_data(value: Any) -> dict[str, Any]:
    """An SDP offer/answer or an ICE candidate, passed on untouched but checked in shape."""
    if not isinstance(value, dict) or set(value) - {"description", "candidate"} or not value:
        raise Invalid("bad_signal")
    checked: dict[str, Any] = {}
    if "description" in value:
        checked["description"] = _description(value["description"])
    if "candidate" in value:
        checked["candidate"] = _candidate(value["candidate"])
    return checked


def parse(text: str) -> dict[str, Any]:
    """The checked message, or Invalid."""
    size = len(text.encode())
    if size > MAX_SIGNAL_BYTES:
        raise Invalid("too_large")
    try:
        message = json.loads(text)
    except (ValueError, RecursionError) as error:
        # RecursionError: thousands of nested brackets in a few kilobytes.
        raise Invalid("not_json") from error
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        raise Invalid("no_type")
    kind = message["type"]
    if kind != "signal" and size > MAX_MESSAGE_BYTES:
        raise Invalid("too_large")
    fields = set(message) - {"type"}

    def only(*allowed: str) -> None:
        if fields - set(allowed):
            raise Invalid("unexpected_field")

    if kind == "signal":
        only("to", "data")
        return {
            "type": kind,
            "to": _seat(message.get("to")),
            "data": _signal_data(message.get("data")),
        }
    if kind == "hand":
        only("raised")
        return {"type": kind, "raised": _bool(message.get("raised"))}
    if kind == "status":
        only("field", "value")
        field = _choice(message.get("field"), STATUS_FIELDS)
        return {"type": kind, "field": field, "value": _bool(message.get("value"))}
    if kind == "react":
        only("kind")
        return {"type": kind, "kind": _choice(message.get("kind"), REACTIONS)}
    if kind == "chat":
        only("text")
        text_value = message.get("text")
        if (
            not isinstance(text_value, str)
            or not 0 < len(text_value.strip()) <= MAX_CHAT_CHARACTERS
        ):
            raise Invalid("bad_value")
        return {"type": kind, "text": text_value.strip()}
    if kind == "round_start":
        only("minutes")
        return {"type": kind, "minutes": _int(message.get("minutes"), 1, 5)}
    if kind == "round_next":
        only("turn", "pass")
        return {
            "type": kind,
            "turn": _int(message.get("turn"), 0, MAX_STEP),
            "pass": _bool(message.get("pass", False)),
        }
    if kind == "host":
        only("action", "seat")
        action = _choice(message.get("action"), HOST_ACTIONS)
        seat = _seat(message.get("seat")) if action in ACTIONS_ON_A_SEAT else None
        return {"type": kind, "action": action, "seat": seat}
    if kind == "leave":
        only("closing")
        return {"type": kind, "closing": _bool(message.get("closing", False))}
    if kind in {"next_speaker", "round_stop", "ping"}:
        only()
        return {"type": kind}
    raise Invalid("unknown_type")
