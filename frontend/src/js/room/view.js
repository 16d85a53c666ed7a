// What the page shows, computed from the room's state as the server sent it: words,
// badges, labels and announcements, without touching the page. render.js puts them
// into the page; frontend/tests/view.test.mjs checks them without a browser.
//
// `state` is the room's public state (meetings/state.py `public_view`): seats (id,
// name, avatar, host, connected, muted, camera, away, epoch), speakers (seat ids in
// order), round (order, turn, step, seconds, turn_started) or null, locked, ended, now.
// `me` is this browser's seat id, `texts` the translated strings of the page.

// Five minutes before the room closes, everyone is told.
export const CLOSING_NOTICE_SECONDS = 300;

// Django's "%(name)s" placeholders, filled in.
export const format = (text, values) => text.replace(/%\((\w+)\)s/g, (_, key) => String(values[key]));

export const seatOf = (state, id) => state?.seats.find((s) => s.id === id);

export const nameOf = (state, id) => seatOf(state, id)?.name ?? "";

export const isHost = (state, me) => Boolean(seatOf(state, me)?.host);

export const connectedIds = (seats) => new Set(seats.filter((s) => s.connected).map((s) => s.id));

// The seat whose turn it is in a round, or undefined.
export const turnOf = (state) => (state.round ? state.round.order[state.round.turn] : undefined);

// The position in the speaking list, from 1, or 0 for a hand not raised.
const handPosition = (state, id) => state.speakers.indexOf(id) + 1;

export function statusWords(state, seat, me, texts) {
  const words = [];
  if (seat.id === me) words.push(texts.you);
  if (seat.host) words.push(texts.host);
  if (!seat.connected) words.push(texts.offline);
  if (seat.muted) words.push(texts.mutedStatus);
  const hand = handPosition(state, seat.id);
  if (hand) words.push(format(texts.handStatus, { position: hand }));
  if (seat.away) words.push(texts.awayStatus);
  if (state.round && turnOf(state) === seat.id) words.push(texts.turnStatus);
  return words;
}

// One seat in the circle: where it sits, how it looks, its badges.
export function seatView(state, seat, index, me) {
  const badges = [];
  if (seat.host) badges.push("★");
  if (seat.muted) badges.push("🔇");
  const hand = handPosition(state, seat.id);
  if (hand) badges.push(`✋${hand}`);
  if (seat.away) badges.push("☕");
  return {
    angle: `${(360 * index) / Math.max(state.seats.length, 1) - 90}deg`,
    name: seat.name,
    classes: {
      "gw-seat--me": seat.id === me,
      "gw-seat--muted": seat.muted,
      "gw-seat--away": seat.away,
      "gw-seat--offline": !seat.connected,
      "gw-seat--turn": Boolean(state.round && turnOf(state) === seat.id),
    },
    badges: badges.join(" "),
  };
}

// An avatar is a coloured initial ("initial-green") or a picture in the sprite.
export function avatarView(seat) {
  if (seat.avatar.startsWith("initial-")) {
    return { colour: seat.avatar.slice(8), initial: (seat.name[0] || "?").toUpperCase() };
  }
  return { picture: seat.avatar };
}

// The line for a person in the list of people, after the name.
export function personStatus(state, seat, me, texts) {
  const words = statusWords(state, seat, me, texts);
  return words.length ? ` (${words.join(", ")})` : "";
}

const PERSON_ACTIONS = [
  ["ask_mute", "askToMute"],
  ["mute", "mute"],
  ["make_host", "makeHost"],
  ["remove", "remove"],
];

// A host's buttons beside another connected person; none for anyone else.
export function personActions(seat, me, host, texts) {
  if (!(host && seat.id !== me && seat.connected)) return [];
  return PERSON_ACTIONS.map(([action, text]) => ({
    action,
    label: format(texts[text], { name: seat.name }),
    variant: action === "remove" ? "kern-btn--tertiary" : "kern-btn--secondary",
    disabled: (action === "mute" || action === "ask_mute") && seat.muted,
  }));
}

// The speaking list, in order; empty when nobody waits.
export function speakerLines(state, me, texts) {
  return state.speakers.map((id) => nameOf(state, id) + (id === me ? ` (${texts.you})` : ""));
}

export function turnText(state, speaker, me, texts) {
  return speaker === me ? texts.yourTurn : format(texts.turnOf, { name: nameOf(state, speaker) });
}

// The round panel, or null when no round is on.
export function roundView(state, me, host, texts) {
  if (!state.round) return null;
  const speaker = turnOf(state);
  return { speaker: turnText(state, speaker, me, texts), canPass: speaker === me, canSteer: host };
}

// The time left of the current turn; `now` is the server's clock in seconds. The key
// names the turn, so that its end is announced once.
export function roundClock(round, now, texts) {
  const left = Math.max(0, Math.ceil(round.seconds - (now - round.turn_started)));
  const key = `${round.turn_started}`;
  if (left === 0) return { text: texts.timeUp, over: true, key };
  const seconds = String(left % 60).padStart(2, "0");
  return { text: format(texts.timeLeft, { minutes: Math.floor(left / 60), seconds }), over: false, key };
}

// The state of this person's own buttons.
export function controlsView(state, me, texts) {
  return {
    host: isHost(state, me),
    locked: state.locked,
    lockLabel: state.locked ? texts.unlockRoom : texts.lockRoom,
    handRaised: state.speakers.includes(me),
    away: Boolean(seatOf(state, me)?.away),
  };
}

// The status line: to how many of the others this browser is connected.
export function connectionText(state, me, connected, texts) {
  const others = state.seats.filter((s) => s.connected && s.id !== me).length;
  return others ? format(texts.connectedTo[others], { count: connected, total: others }) : texts.alone;
}

// What changed between two states, in words for the screen reader's live region.
export function announcements(before, next, me, texts) {
  if (!before) return [];
  const said = [];
  const was = connectedIds(before.seats);
  const is = connectedIds(next.seats);
  for (const seat of next.seats) {
    if (seat.connected && !was.has(seat.id) && seat.id !== me) said.push(format(texts.joined, { name: seat.name }));
  }
  for (const seat of before.seats) {
    if (seat.connected && !is.has(seat.id) && seat.id !== me) said.push(format(texts.left, { name: seat.name }));
  }
  for (const id of next.speakers) {
    if (!before.speakers.includes(id)) said.push(format(texts.handRaised, { name: nameOf(next, id) }));
  }
  if (before.locked !== next.locked) said.push(next.locked ? texts.locked : texts.unlocked);
  const round = next.round;
  if (round && !before.round) said.push(format(texts.roundStarted[round.seconds / 60], { minutes: round.seconds / 60 }));
  if (!round && before.round) said.push(texts.roundOver);
  if (round && (!before.round || before.round.step !== round.step)) said.push(turnText(next, turnOf(next), me, texts));
  return said;
}

// Whether the room closes soon: `now` is the server's clock, `endsAt` the planned end.
export const closingSoon = (endsAt, now) => endsAt - now <= CLOSING_NOTICE_SECONDS;

// The people a host's "mute everyone else" asks the server to mute.
export function othersToMute(state, me) {
  return state.seats.filter((s) => s.id !== me && s.connected && !s.muted).map((s) => s.id);
}

export function reactionView(state, from, kind, texts) {
  return { text: format(texts[kind], { name: nameOf(state, from) }), symbol: kind === "heart" ? "❤" : "👍" };
}

export function chatLineView({ from, name }, me, texts) {
  const mine = from === me;
  return { mine, sender: mine ? `${name} (${texts.you}): ` : `${name}: ` };
}
