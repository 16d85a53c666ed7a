// The messages the page sends, exactly as the server's protocol (meetings/protocol.py)
// takes them: a field too many or a missing one is refused there.
import assert from "node:assert/strict";
import { test } from "node:test";

import * as say from "../src/js/room/protocol.js";

const wire = (message) => JSON.parse(JSON.stringify(message));

test("every message the room sends has the fields the server expects", () => {
  const description = { type: "offer", sdp: "v=0" };
  assert.deepEqual(wire(say.signal("seat-b", { description })), {
    type: "signal",
    to: "seat-b",
    data: { description },
  });
  assert.deepEqual(wire(say.status("muted", true)), { type: "status", field: "muted", value: true });
  assert.deepEqual(wire(say.hand(false)), { type: "hand", raised: false });
  assert.deepEqual(wire(say.react("heart")), { type: "react", kind: "heart" });
  assert.deepEqual(wire(say.chat("Hallo")), { type: "chat", text: "Hallo" });
  assert.deepEqual(wire(say.nextSpeaker()), { type: "next_speaker" });
  assert.deepEqual(wire(say.roundStart(3)), { type: "round_start", minutes: 3 });
  assert.deepEqual(wire(say.roundNext(4, true)), { type: "round_next", turn: 4, pass: true });
  assert.deepEqual(wire(say.roundStop()), { type: "round_stop" });
  assert.deepEqual(wire(say.ping()), { type: "ping" });
});

test("a host's action on the room carries no seat, one on a person does", () => {
  assert.deepEqual(wire(say.host("lock")), { type: "host", action: "lock" });
  assert.deepEqual(wire(say.host("end")), { type: "host", action: "end" });
  assert.deepEqual(wire(say.host("mute", "seat-c")), { type: "host", action: "mute", seat: "seat-c" });
});

test("leaving says `closing` only when the tab goes away", () => {
  assert.deepEqual(wire(say.leave()), { type: "leave" });
  assert.deepEqual(wire(say.leave({ closing: true })), { type: "leave", closing: true });
});
