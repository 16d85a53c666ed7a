// What the room shows for a state, without a page.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  announcements,
  avatarView,
  chatLineView,
  closingSoon,
  connectionText,
  controlsView,
  format,
  othersToMute,
  personActions,
  personStatus,
  reactionView,
  roundClock,
  roundView,
  seatView,
  speakerLines,
  statusWords,
} from "../src/js/room/view.js";
import { room, seat, texts } from "./fixtures.mjs";

const round = (fields = {}) => ({
  order: ["anna", "ben", "cem"],
  turn: 0,
  step: 0,
  seconds: 120,
  turn_started: 1_800_000_000,
  ...fields,
});

test("format fills Django's named placeholders, every occurrence", () => {
  assert.equal(format("%(a)s and %(b)s, %(a)s", { a: 1, b: "zwei" }), "1 and zwei, 1");
});

test("a person's status names you, the host, a lost connection, the microphone, the hand, a break and the turn", () => {
  const state = room({
    seats: [seat("anna", { host: true, muted: true }), seat("ben", { connected: false, away: true }), seat("cem")],
    speakers: ["cem", "anna"],
    round: round({ turn: 2 }),
  });
  const [anna, ben, cem] = state.seats;

  assert.deepEqual(statusWords(state, anna, "anna", texts), ["you", "host", "microphone off", "hand raised, number 2"]);
  assert.deepEqual(statusWords(state, ben, "anna", texts), ["connection lost", "on a break"]);
  assert.deepEqual(statusWords(state, cem, "anna", texts), ["hand raised, number 1", "has the turn in the round"]);
  assert.equal(personStatus(state, cem, "anna", texts), " (hand raised, number 1, has the turn in the round)");
  assert.equal(personStatus(room(), room().seats[2], "anna", texts), "");
});

test("seats sit around the circle, the first at the top", () => {
  const state = room({ seats: [seat("anna"), seat("ben"), seat("cem"), seat("dora")] });

  const angles = state.seats.map((s, index) => seatView(state, s, index, "ben").angle);

  assert.deepEqual(angles, ["-90deg", "0deg", "90deg", "180deg"]);
});

test("a seat's badges and classes follow its state", () => {
  const state = room({
    seats: [seat("anna", { host: true, muted: true, away: true }), seat("ben", { connected: false })],
    speakers: ["ben", "anna"],
    round: round({ order: ["anna", "ben"] }),
  });

  const anna = seatView(state, state.seats[0], 0, "ben");
  const ben = seatView(state, state.seats[1], 1, "ben");

  assert.equal(anna.badges, "★ 🔇 ✋2 ☕");
  assert.deepEqual(anna.classes, {
    "gw-seat--me": false,
    "gw-seat--muted": true,
    "gw-seat--away": true,
    "gw-seat--offline": false,
    "gw-seat--turn": true,
  });
  assert.equal(ben.badges, "✋1");
  assert.equal(ben.classes["gw-seat--me"], true);
  assert.equal(ben.classes["gw-seat--offline"], true);
  assert.equal(ben.classes["gw-seat--turn"], false);
});

test("an avatar is a coloured initial or a picture of the sprite", () => {
  assert.deepEqual(avatarView(seat("ben", { avatar: "initial-blue" })), { colour: "blue", initial: "B" });
  assert.deepEqual(avatarView(seat("ben", { avatar: "initial-blue", name: "" })), { colour: "blue", initial: "?" });
  assert.deepEqual(avatarView(seat("ben", { avatar: "owl" })), { picture: "owl" });
});

test("a host gets buttons beside other connected people only", () => {
  const state = room({
    seats: [seat("anna", { host: true }), seat("ben", { muted: true }), seat("cem", { connected: false })],
  });
  const [anna, ben, cem] = state.seats;

  const actions = personActions(ben, "anna", true, texts);

  assert.deepEqual(actions, [
    { action: "ask_mute", label: "Ask Ben to mute", variant: "kern-btn--secondary", disabled: true },
    { action: "mute", label: "Mute Ben", variant: "kern-btn--secondary", disabled: true },
    { action: "make_host", label: "Make Ben the host", variant: "kern-btn--secondary", disabled: false },
    { action: "remove", label: "Remove Ben", variant: "kern-btn--tertiary", disabled: false },
  ]);
  assert.deepEqual(personActions(anna, "anna", true, texts), []);
  assert.deepEqual(personActions(cem, "anna", true, texts), []);
  assert.deepEqual(personActions(ben, "cem", false, texts), []);
});

test("the speaking list names people in order and marks you", () => {
  const state = room({ speakers: ["cem", "ben"] });

  assert.deepEqual(speakerLines(state, "ben", texts), ["Cem", "Ben (you)"]);
  assert.deepEqual(speakerLines(room(), "ben", texts), []);
});

test("the round panel says whose turn it is; only they may pass, only a host steers", () => {
  assert.equal(roundView(room(), "ben", false, texts), null);

  const state = room({ round: round({ turn: 1 }) });

  assert.deepEqual(roundView(state, "ben", false, texts), {
    speaker: "It is your turn. You can speak now, or pass.",
    canPass: true,
    canSteer: false,
  });
  assert.deepEqual(roundView(state, "anna", true, texts), {
    speaker: "It is the turn of Ben.",
    canPass: false,
    canSteer: true,
  });
});

test("the round's clock counts the turn down by the server's clock", () => {
  const turn = round({ seconds: 120, turn_started: 1000 });

  assert.deepEqual(roundClock(turn, 1000, texts), { text: "2:00 left", over: false, key: "1000" });
  assert.deepEqual(roundClock(turn, 1054.5, texts), { text: "1:06 left", over: false, key: "1000" });
  assert.deepEqual(roundClock(turn, 1119.9, texts), { text: "0:01 left", over: false, key: "1000" });
  assert.deepEqual(roundClock(turn, 1120, texts), { text: "Time is up.", over: true, key: "1000" });
  assert.deepEqual(roundClock(turn, 5000, texts).over, true);
});

test("your own buttons show the lock, your hand and your break", () => {
  const state = room({
    locked: true,
    speakers: ["ben"],
    seats: [seat("anna", { host: true }), seat("ben", { away: true })],
  });

  assert.deepEqual(controlsView(state, "ben", texts), {
    host: false,
    locked: true,
    lockLabel: "Open the room again",
    handRaised: true,
    away: true,
  });
  assert.equal(controlsView(state, "anna", texts).host, true);
  assert.equal(controlsView(room(), "anna", texts).lockLabel, "Lock the room");
});

test("the status line counts the connections to the others who are there", () => {
  const state = room({ seats: [seat("anna"), seat("ben"), seat("cem", { connected: false })] });

  assert.equal(connectionText(state, "ben", 0, texts), "Connected with 0 of 1 person.");
  assert.equal(connectionText(state, "ben", 1, texts), "Connected with 1 of 1 person.");
  assert.equal(connectionText(room({ seats: [seat("ben")] }), "ben", 0, texts), texts.alone);
});

test("nothing is announced on entering, only what changes afterwards", () => {
  assert.deepEqual(announcements(null, room(), "ben", texts), []);
  assert.deepEqual(announcements(room(), room(), "ben", texts), []);
});

test("comings and goings of others are announced, not your own", () => {
  const before = room({ seats: [seat("anna"), seat("ben", { connected: false }), seat("cem")] });
  const next = room({ seats: [seat("anna"), seat("ben"), seat("cem", { connected: false }), seat("dora")] });

  assert.deepEqual(announcements(before, next, "ben", texts), ["Dora has come in.", "Cem has left."]);
  assert.deepEqual(announcements(before, next, "anna", texts), [
    "Ben has come in.",
    "Dora has come in.",
    "Cem has left.",
  ]);
});

test("raised hands, the lock and the round are announced", () => {
  const before = room({ speakers: ["cem"] });
  const next = room({ speakers: ["cem", "anna"], locked: true, round: round() });

  assert.deepEqual(announcements(before, next, "ben", texts), [
    "Anna raised a hand.",
    "The room is locked: nobody new can come in.",
    "A round has started. Everyone speaks in turn, up to 2 minutes.",
    "It is the turn of Anna.",
  ]);
});

test("a new step of the round names the next speaker; its end is announced", () => {
  const first = room({ round: round({ step: 0, turn: 0 }) });
  const second = room({ round: round({ step: 1, turn: 1 }) });

  assert.deepEqual(announcements(first, second, "ben", texts), ["It is your turn. You can speak now, or pass."]);
  assert.deepEqual(announcements(second, second, "ben", texts), []);
  assert.deepEqual(announcements(second, room({ locked: false }), "ben", texts), ["The round is over."]);
  assert.deepEqual(announcements(room({ locked: true }), room(), "ben", texts), [
    "The room is open again for newcomers.",
  ]);
});

test("the closing notice is due five minutes before the planned end", () => {
  assert.equal(closingSoon(10_000, 10_000 - 301), false);
  assert.equal(closingSoon(10_000, 10_000 - 300), true);
  assert.equal(closingSoon(10_000, 10_500), true);
});

test("muting everyone else spares you, the absent and the already muted", () => {
  const state = room({
    seats: [
      seat("anna", { host: true }),
      seat("ben"),
      seat("cem", { muted: true }),
      seat("dora", { connected: false }),
      seat("emil"),
    ],
  });

  assert.deepEqual(othersToMute(state, "anna"), ["ben", "emil"]);
});

test("reactions and chat lines name the sender, and you as you", () => {
  assert.deepEqual(reactionView(room(), "cem", "heart", texts), { text: "Cem sends a heart.", symbol: "❤" });
  assert.deepEqual(reactionView(room(), "anna", "nod", texts), { text: "Anna nods.", symbol: "👍" });
  assert.deepEqual(chatLineView({ from: "ben", name: "Ben" }, "ben", texts), { mine: true, sender: "Ben (you): " });
  assert.deepEqual(chatLineView({ from: "cem", name: "Cem" }, "ben", texts), { mine: false, sender: "Cem: " });
});

test("a counted sentence takes the form for its number", () => {
  const three = room({ seats: [seat("anna"), seat("ben"), seat("cem"), seat("dora")] });
  const oneMinute = room({ round: round({ seconds: 60 }) });

  assert.equal(connectionText(three, "ben", 2, texts), "Connected with 2 of 3 people.");
  assert.deepEqual(announcements(room(), oneMinute, "ben", texts).slice(0, 1), [
    "A round has started. Everyone speaks in turn, up to 1 minute.",
  ]);
});
