// The messages the page sends to the room, one builder each. The server checks every
// field (gemeinwerk/meetings/protocol.py) and refuses anything else, so a message is
// built here and nowhere else; frontend/tests/protocol.test.mjs pins their shapes.

export const signal = (to, data) => ({ type: "signal", to, data });

// field: "muted", "camera" or "away"
export const status = (field, value) => ({ type: "status", field, value });

export const hand = (raised) => ({ type: "hand", raised });

// kind: "nod" or "heart"
export const react = (kind) => ({ type: "react", kind });

export const chat = (text) => ({ type: "chat", text });

export const nextSpeaker = () => ({ type: "next_speaker" });

export const roundStart = (minutes) => ({ type: "round_start", minutes });

// `turn` is the round's step the click was meant for: a stale click is refused.
export const roundNext = (turn, pass) => ({ type: "round_next", turn, pass });

export const roundStop = () => ({ type: "round_stop" });

// A host's action: on a seat (mute, ask_mute, remove, make_host) or on the room (lock,
// unlock, end), which carries no seat at all.
export const host = (action, seat) => (seat === undefined ? { type: "host", action } : { type: "host", action, seat });

// `closing`: the tab closes or goes elsewhere, and a reload may come back to the seat.
export const leave = ({ closing = false } = {}) => (closing ? { type: "leave", closing: true } : { type: "leave" });

export const ping = () => ({ type: "ping" });
