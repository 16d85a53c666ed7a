"""The room's message schema: every type in its valid forms, and every way a message
can be wrong, with the code that goes back to the sender."""

import json
from typing import Any

import pytest

from gemeinwerk.meetings import protocol
from gemeinwerk.meetings.protocol import (
    MAX_CHAT_CHARACTERS,
    MAX_MESSAGE_BYTES,
    MAX_SEAT_ID,
    MAX_SIGNAL_BYTES,
    MAX_STEP,
    Invalid,
    parse,
)

OFFER = {"type": "offer", "sdp": "v=0\r\no=- 46117 2 IN IP4 127.0.0.1\r\n"}
CANDIDATE = {
    "candidate": "candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host",
    "sdpMid": "0",
    "sdpMLineIndex": 0,
    "usernameFragment": "abcd",
}


def refused(message: Any) -> str:
    """The code parse() refuses `message` with (a dict is sent as JSON)."""
    text = message if isinstance(message, str) else json.dumps(message)
    with pytest.raises(Invalid) as caught:
        parse(text)
    return caught.value.code


def parsed(message: dict[str, Any]) -> dict[str, Any]:
    return dict(parse(json.dumps(message)))


# --- Valid messages ------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        {"description": OFFER},
        {"description": {"type": "answer", "sdp": "v=0\r\n"}},
        {"description": {"type": "rollback"}},
        {"candidate": CANDIDATE},
        {"candidate": {}},
        {"description": OFFER, "candidate": CANDIDATE},
    ],
)
def test_signals_pass_untouched(data: dict[str, Any]):
    assert parsed({"type": "signal", "to": "seat-b", "data": data}) == {
        "type": "signal",
        "to": "seat-b",
        "data": data,
    }


@pytest.mark.parametrize("raised", [True, False])
def test_hand(raised: bool):
    assert parsed({"type": "hand", "raised": raised}) == {"type": "hand", "raised": raised}


@pytest.mark.parametrize("field", ["muted", "camera", "away"])
@pytest.mark.parametrize("value", [True, False])
def test_status(field: str, value: bool):
    assert parsed({"type": "status", "field": field, "value": value}) == {
        "type": "status",
        "field": field,
        "value": value,
    }


@pytest.mark.parametrize("kind", ["nod", "heart"])
def test_react(kind: str):
    assert parsed({"type": "react", "kind": kind}) == {"type": "react", "kind": kind}


def test_chat_is_trimmed():
    assert parsed({"type": "chat", "text": "  Danke, Zofia.\n"}) == {
        "type": "chat",
        "text": "Danke, Zofia.",
    }


def test_chat_up_to_the_limit():
    text = "x" * MAX_CHAT_CHARACTERS

    assert parsed({"type": "chat", "text": text})["text"] == text


def test_chat_in_other_scripts_counts_characters():
    text = "Dziękuję, że mogę tu być. Ich höre zu."

    assert parse(json.dumps({"type": "chat", "text": text}, ensure_ascii=False)) == {
        "type": "chat",
        "text": text,
    }


@pytest.mark.parametrize("minutes", [1, 3, 5])
def test_round_start(minutes: int):
    assert parsed({"type": "round_start", "minutes": minutes}) == {
        "type": "round_start",
        "minutes": minutes,
    }


def test_round_next_passes_only_when_asked():
    assert parsed({"type": "round_next", "turn": 0}) == {
        "type": "round_next",
        "turn": 0,
        "pass": False,
    }
    assert parsed({"type": "round_next", "turn": 14, "pass": True}) == {
        "type": "round_next",
        "turn": 14,
        "pass": True,
    }
    assert parsed({"type": "round_next", "turn": MAX_STEP})["turn"] == MAX_STEP


@pytest.mark.parametrize("action", ["lock", "unlock", "end"])
def test_host_actions_on_the_room_have_no_seat(action: str):
    assert parsed({"type": "host", "action": action}) == {
        "type": "host",
        "action": action,
        "seat": None,
    }
    # A seat sent along is not passed on.
    assert parsed({"type": "host", "action": action, "seat": "seat-b"})["seat"] is None


@pytest.mark.parametrize("action", ["mute", "ask_mute", "remove", "make_host"])
def test_host_actions_on_a_seat(action: str):
    assert parsed({"type": "host", "action": action, "seat": "seat-b"}) == {
        "type": "host",
        "action": action,
        "seat": "seat-b",
    }


def test_a_seat_id_up_to_the_limit():
    seat = "s" * MAX_SEAT_ID

    assert parsed({"type": "host", "action": "mute", "seat": seat})["seat"] == seat


@pytest.mark.parametrize("kind", ["next_speaker", "round_stop", "ping"])
def test_messages_without_fields(kind: str):
    assert parsed({"type": kind}) == {"type": kind}


def test_leave_says_whether_the_page_is_closing():
    assert parsed({"type": "leave"}) == {"type": "leave", "closing": False}
    assert parsed({"type": "leave", "closing": True}) == {"type": "leave", "closing": True}
    with pytest.raises(Invalid):
        parse(json.dumps({"type": "leave", "closing": "yes"}))


def test_a_signal_may_be_larger_than_other_messages():
    # Each line is 19 bytes in JSON ("\r\n" is escaped).
    sdp = "a=candidate:x\r\n" * ((MAX_SIGNAL_BYTES - 200) // 19)
    message = {"type": "signal", "to": "b", "data": {"description": {"type": "offer", "sdp": sdp}}}
    text = json.dumps(message)
    assert MAX_MESSAGE_BYTES < len(text.encode()) <= MAX_SIGNAL_BYTES

    assert parsed(message)["data"]["description"]["sdp"] == sdp


# --- Not a message at all ------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "not json", "{", "{'type': 'ping'}", '{"type": "ping",}'])
def test_not_json(text: str):
    assert refused(text) == "not_json"


@pytest.mark.parametrize(
    "text", ['["ping"]', '"ping"', "17", "null", "true", "{}", '{"kind": "ping"}']
)
def test_not_an_object_with_a_type(text: str):
    assert refused(text) == "no_type"


@pytest.mark.parametrize("kind", [1, None, True, ["ping"], {"ping": 1}])
def test_a_type_that_is_not_a_string(kind: Any):
    assert refused({"type": kind}) == "no_type"


@pytest.mark.parametrize("kind", ["shout", "PING", "welcome", "state", "refused", "room.ended", ""])
def test_unknown_types(kind: str):
    assert refused({"type": kind}) == "unknown_type"


def test_deeply_nested_json_is_refused_not_a_crash():
    # Well below the size limit, but deeper than the JSON parser recurses.
    depth = 10_000
    text = "[" * depth + "]" * depth
    assert len(text.encode()) <= MAX_SIGNAL_BYTES

    assert refused(text) == "not_json"


# --- Extra fields --------------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        {"type": "signal", "to": "b", "data": {"description": OFFER}, "from": "c"},
        {"type": "hand", "raised": True, "seat": "c"},
        {"type": "status", "field": "muted", "value": True, "seat": "c"},
        {"type": "react", "kind": "nod", "from": "c"},
        {"type": "chat", "text": "hallo", "name": "Moderation"},
        {"type": "chat", "text": "hallo", "from": "c"},
        {"type": "round_start", "minutes": 2, "by": "h"},
        {"type": "round_next", "turn": 0, "pass": True, "by": "c"},
        {"type": "host", "action": "lock", "by": "h"},
        {"type": "host", "action": "mute", "seat": "c", "host": True},
        {"type": "next_speaker", "by": "h"},
        {"type": "round_stop", "x": 1},
        {"type": "leave", "seat": "c"},
        {"type": "ping", "id": 1},
    ],
)
def test_extra_fields_are_refused(message: dict[str, Any]):
    assert refused(message) == "unexpected_field"


# --- Wrong kinds and values ----------------------------------------------------------


@pytest.mark.parametrize("raised", [1, 0, "true", None, [], {}])
def test_hand_needs_a_bool(raised: Any):
    assert refused({"type": "hand", "raised": raised}) == "bad_value"


def test_hand_without_raised():
    assert refused({"type": "hand"}) == "bad_value"


@pytest.mark.parametrize(
    "message",
    [
        {"type": "status", "field": "host", "value": True},
        {"type": "status", "field": "name", "value": True},
        {"type": "status", "field": ["muted"], "value": True},
        {"type": "status", "field": {"muted": True}, "value": True},
        {"type": "status", "value": True},
        {"type": "status", "field": "muted", "value": 1},
        {"type": "status", "field": "muted", "value": "false"},
        {"type": "status", "field": "muted"},
    ],
)
def test_status_needs_a_known_field_and_a_bool(message: dict[str, Any]):
    assert refused(message) == "bad_value"


@pytest.mark.parametrize("kind", ["clap", "", None, 1, ["nod"], {"nod": 1}, "NOD"])
def test_react_needs_a_known_kind(kind: Any):
    assert refused({"type": "react", "kind": kind}) == "bad_value"


@pytest.mark.parametrize(
    "text", ["", "   ", "\n\t", None, 17, True, ["hallo"], {"text": "hallo"}, "x" * 1001]
)
def test_chat_needs_some_text_within_the_limit(text: Any):
    assert refused({"type": "chat", "text": text}) == "bad_value"


def test_chat_without_text():
    assert refused({"type": "chat"}) == "bad_value"


@pytest.mark.parametrize("minutes", [0, 6, -1, 2.5, 3.0, "3", None, True, False, [3]])
def test_round_start_needs_one_to_five_whole_minutes(minutes: Any):
    assert refused({"type": "round_start", "minutes": minutes}) == "bad_value"


def test_round_start_without_minutes():
    assert refused({"type": "round_start"}) == "bad_value"


@pytest.mark.parametrize(
    "message",
    [
        {"type": "round_next"},
        {"type": "round_next", "turn": -1},
        {"type": "round_next", "turn": MAX_STEP + 1},
        {"type": "round_next", "turn": "1"},
        {"type": "round_next", "turn": 1.0},
        {"type": "round_next", "turn": True},
        {"type": "round_next", "turn": False},
        {"type": "round_next", "turn": None},
        {"type": "round_next", "turn": 0, "pass": 1},
        {"type": "round_next", "turn": 0, "pass": "yes"},
        {"type": "round_next", "turn": 0, "pass": None},
    ],
)
def test_round_next_needs_a_turn_number_and_a_bool(message: dict[str, Any]):
    assert refused(message) == "bad_value"


@pytest.mark.parametrize(
    "action", ["kick", "ban", "", None, 1, ["lock"], {"lock": 1}, "LOCK", "next_speaker"]
)
def test_unknown_host_actions(action: Any):
    assert refused({"type": "host", "action": action, "seat": "b"}) == "bad_value"


@pytest.mark.parametrize("seat", [None, "", 5, True, ["b"], {"id": "b"}, "s" * (MAX_SEAT_ID + 1)])
@pytest.mark.parametrize("action", ["mute", "ask_mute", "remove", "make_host"])
def test_host_actions_on_a_seat_need_a_seat_id(action: str, seat: Any):
    assert refused({"type": "host", "action": action, "seat": seat}) == "bad_seat"


def test_host_action_on_a_seat_without_one():
    assert refused({"type": "host", "action": "remove"}) == "bad_seat"


@pytest.mark.parametrize("to", [None, "", 3, False, ["b"], "s" * (MAX_SEAT_ID + 1)])
def test_signals_need_a_seat_to_go_to(to: Any):
    assert refused({"type": "signal", "to": to, "data": {"description": OFFER}}) == "bad_seat"


def test_signal_without_a_receiver():
    assert refused({"type": "signal", "data": {"description": OFFER}}) == "bad_seat"


@pytest.mark.parametrize(
    "data",
    [
        None,
        "offer",
        [OFFER],
        17,
        {},
        {"offer": OFFER},
        {"description": OFFER, "from": "c"},
        {"description": "v=0"},
        {"description": ["offer"]},
        {"description": {"sdp": "v=0"}},
        {"description": {"type": "pranswer", "sdp": "v=0"}},
        {"description": {"type": "OFFER", "sdp": "v=0"}},
        {"description": {"type": ["offer"], "sdp": "v=0"}},
        {"description": {"type": {"offer": 1}, "sdp": "v=0"}},
        {"description": {"type": "offer", "sdp": 0}},
        {"description": {"type": "offer", "sdp": None}},
        {"candidate": "candidate:1 1 udp"},
        {"candidate": ["candidate:1"]},
        {"candidate": 1},
    ],
)
def test_signal_data_must_be_a_description_or_a_candidate(data: Any):
    assert refused({"type": "signal", "to": "b", "data": data}) == "bad_signal"


def test_signal_without_data():
    assert refused({"type": "signal", "to": "b"}) == "bad_signal"


def test_signal_data_is_flat_as_in_webrtc():
    # RTCSessionDescriptionInit and RTCIceCandidateInit hold strings and numbers only.
    # Nested containers are no signal; deep ones break the Redis channel layer's
    # msgpack (recursion limit) and with it the sender's connection.
    nested: Any = "x"
    for _ in range(600):
        nested = [nested]
    data = {"candidate": {**CANDIDATE, "extra": nested}}

    assert refused({"type": "signal", "to": "b", "data": data}) == "bad_signal"


# --- Sizes ---------------------------------------------------------------------------


def test_a_signal_beyond_its_limit_is_too_large():
    sdp = "x" * MAX_SIGNAL_BYTES
    message = {"type": "signal", "to": "b", "data": {"description": {"type": "offer", "sdp": sdp}}}

    assert refused(message) == "too_large"


def test_any_text_beyond_the_signal_limit_is_too_large_before_it_is_parsed():
    assert refused("x" * (MAX_SIGNAL_BYTES + 1)) == "too_large"
    assert refused("[" * (MAX_SIGNAL_BYTES + 1)) == "too_large"


def test_the_limit_counts_bytes_not_characters():
    # 12,001 two-byte characters: fewer characters than the limit, more bytes.
    text = json.dumps(
        {
            "type": "signal",
            "to": "b",
            "data": {"description": {"type": "offer", "sdp": "ö" * 12_001}},
        },
        ensure_ascii=False,
    )
    assert len(text) < MAX_SIGNAL_BYTES < len(text.encode())

    assert refused(text) == "too_large"


@pytest.mark.parametrize(
    "message",
    [
        {"type": "chat", "text": "x" * 2500},
        {"type": "hand", "raised": True, "padding": "x" * MAX_MESSAGE_BYTES},
        {"type": "ping", "padding": "x" * MAX_MESSAGE_BYTES},
        {"type": "host", "action": "remove", "seat": "x" * MAX_MESSAGE_BYTES},
        {"type": "unknown", "padding": "x" * MAX_MESSAGE_BYTES},
    ],
)
def test_other_messages_beyond_their_limit_are_too_large(message: dict[str, Any]):
    assert refused(message) == "too_large"


def test_the_error_carries_its_code():
    error = Invalid("bad_value")

    assert error.code == "bad_value"
    assert str(error) == "bad_value"
    assert set(protocol.HostAction) >= protocol.ACTIONS_ON_A_SEAT
