// The room's English texts (gemeinwerk/meetings/texts.py) and a small room's state, as
// the server sends them (meetings/state.py `public_view`).
export const texts = {
  // Counted sentences come once per number, each with its plural form.
  connectedTo: {
    1: "Connected with %(count)s of %(total)s person.",
    2: "Connected with %(count)s of %(total)s people.",
    3: "Connected with %(count)s of %(total)s people.",
  },
  alone: "You are the first one here. The others will appear in the circle.",
  you: "you",
  host: "host",
  mutedStatus: "microphone off",
  handStatus: "hand raised, number %(position)s",
  awayStatus: "on a break",
  turnStatus: "has the turn in the round",
  offline: "connection lost",
  lockRoom: "Lock the room",
  unlockRoom: "Open the room again",
  joined: "%(name)s has come in.",
  left: "%(name)s has left.",
  handRaised: "%(name)s raised a hand.",
  yourTurn: "It is your turn. You can speak now, or pass.",
  turnOf: "It is the turn of %(name)s.",
  roundStarted: {
    1: "A round has started. Everyone speaks in turn, up to %(minutes)s minute.",
    2: "A round has started. Everyone speaks in turn, up to %(minutes)s minutes.",
  },
  roundOver: "The round is over.",
  timeLeft: "%(minutes)s:%(seconds)s left",
  timeUp: "Time is up.",
  locked: "The room is locked: nobody new can come in.",
  unlocked: "The room is open again for newcomers.",
  nod: "%(name)s nods.",
  heart: "%(name)s sends a heart.",
  makeHost: "Make %(name)s the host",
  askToMute: "Ask %(name)s to mute",
  mute: "Mute %(name)s",
  remove: "Remove %(name)s",
};

export function seat(id, fields = {}) {
  return {
    id,
    name: id[0].toUpperCase() + id.slice(1),
    avatar: "initial-green",
    host: false,
    muted: false,
    camera: false,
    away: false,
    connected: true,
    epoch: 1,
    ...fields,
  };
}

// Anna hosts; Ben and Cem take part; "me" is Ben unless a test says otherwise.
export function room(fields = {}) {
  return {
    seats: [seat("anna", { host: true }), seat("ben"), seat("cem")],
    speakers: [],
    round: null,
    locked: false,
    ended: false,
    now: 1_800_000_000,
    ...fields,
  };
}
