// The chat page's pieces without a page: the thread (what is shown, what waits for the
// server, where a reconnect asks from) and the socket (kept open with jittered waits, a
// heartbeat, a welcome before anything is asked). A fake socket and node's mock timers
// stand in for the browser.
import assert from "node:assert/strict";
import { afterEach, beforeEach, mock, test } from "node:test";

import {
  ChatSocket,
  FIRST_RETRY_MS,
  HEARTBEAT_MS,
  JitteredBackoff,
  MAX_RETRY_MS,
  socketUrl,
} from "../src/js/chat/socket.js";
import { Thread, insertionIndex, newClientId } from "../src/js/chat/thread.js";

const CONVERSATION = 7;

// A message as the server sends it (selectors.message_data, then for_reader).
function message(id, { conversation = CONVERSATION, clientId, mine = false, body } = {}) {
  const data = {
    id,
    conversation,
    sender: mine ? "Me" : "Ada",
    body: body ?? `message ${id}`,
    removed: false,
    created_at: "2025-01-01T12:00:00+00:00",
    mine,
  };
  if (clientId) data.client_id = clientId;
  return data;
}

// --- Thread ------------------------------------------------------------------------------

test("a new message is added, and the last id follows it", () => {
  const thread = new Thread(CONVERSATION);

  assert.equal(thread.lastId, 0);
  assert.equal(thread.receive(message(3)), "add");
  assert.equal(thread.lastId, 3);
  assert.ok(thread.shown.has(3));
});

test("a message shown once is skipped after: live, from a catch-up, or loaded with the page", () => {
  const thread = new Thread(CONVERSATION, 2);
  thread.know(1);
  thread.know(2);

  assert.equal(thread.receive(message(2)), "skip", "on the page when it loaded");
  assert.equal(thread.receive(message(3)), "add");
  assert.equal(thread.receive(message(3)), "skip", "the same one again, live");
  assert.equal(thread.receive({ ...message(3), body: "changed" }), "skip", "by id, not by text");
  assert.deepEqual([...thread.shown].sort(), [1, 2, 3]);
});

test("another conversation's messages are skipped and change nothing", () => {
  const thread = new Thread(CONVERSATION, 4);
  thread.queue("c1", "Hallo");

  assert.equal(thread.receive(message(9, { conversation: CONVERSATION + 1 })), "skip");
  assert.equal(
    thread.receive(message(10, { conversation: CONVERSATION + 1, clientId: "c1", mine: true })),
    "skip",
    "not even one with a pending client id",
  );
  assert.equal(thread.lastId, 4);
  assert.equal(thread.shown.size, 0);
  assert.ok(thread.pending.has("c1"));
  assert.equal(thread.receive(message(9)), "add", "the same id in this conversation is new");
});

test("an own pending message is confirmed by its client id, once", () => {
  const thread = new Thread(CONVERSATION);
  thread.queue("c1", "Hallo");
  thread.queue("c2", "Wie geht's?");

  assert.equal(thread.receive(message(5, { clientId: "c1", mine: true })), "confirm");
  assert.deepEqual([...thread.pending.keys()], ["c2"]);
  assert.equal(thread.lastId, 5);
  // The "sent" answer comes after the live copy: shown already.
  assert.equal(thread.receive(message(5, { clientId: "c1", mine: true })), "skip");
  // Sent from another tab of the same person: not pending here, so simply added.
  assert.equal(thread.receive(message(6, { clientId: "other-tab", mine: true })), "add");
  assert.deepEqual([...thread.pending.keys()], ["c2"]);
});

test("the 'sent' answer first, then the live copy and a catch-up copy: one message", () => {
  const thread = new Thread(CONVERSATION, 4);
  thread.queue("c1", "Hallo");
  const mine = message(5, { clientId: "c1", mine: true });

  const seen = [thread.receive(mine), thread.receive({ ...mine }), thread.receive({ ...mine })];

  assert.deepEqual(seen, ["confirm", "skip", "skip"]);
  assert.equal(thread.pending.size, 0);
});

test("a shown message clears a pending entry with its client id, without drawing it again", () => {
  const thread = new Thread(CONVERSATION);
  thread.know(5);
  thread.queue("c1", "Hallo");

  assert.equal(thread.receive(message(5, { clientId: "c1", mine: true })), "skip");
  assert.equal(thread.pending.size, 0);
});

test("a message without a client id never confirms a pending one", () => {
  const thread = new Thread(CONVERSATION);
  thread.queue("c1", "Hallo");

  assert.equal(thread.receive(message(5)), "add");
  assert.equal(thread.receive({ ...message(6), client_id: "" }), "add");
  assert.ok(thread.pending.has("c1"));
});

test("the last id only grows, whatever order messages come in", () => {
  const thread = new Thread(CONVERSATION, 10);

  thread.know(4);
  assert.equal(thread.lastId, 10, "an older message on the page");
  thread.receive(message(8));
  assert.equal(thread.lastId, 10, "an older message arriving late");
  thread.receive(message(12));
  thread.receive(message(11));
  assert.equal(thread.lastId, 12);
  thread.know(15);
  assert.equal(thread.lastId, 15);
  thread.receive(message(99, { conversation: CONVERSATION + 1 }));
  assert.equal(thread.lastId, 15, "not from another conversation");
});

test("since() asks for what came after the last id the page has everything up to", () => {
  const thread = new Thread(CONVERSATION, 3);

  assert.deepEqual(thread.since(), { type: "since", conversation: CONVERSATION, after: 3 });
  thread.caughtUp({ messages: [], more: false });
  thread.receive(message(8));
  assert.deepEqual(thread.since(), { type: "since", conversation: CONVERSATION, after: 8 });
  assert.deepEqual(new Thread(CONVERSATION).since().after, 0, "a page without messages asks from 0");
});

test("unsent() sends again what waits, with the same client ids and the confirmed flag", () => {
  const thread = new Thread(CONVERSATION);
  thread.queue("c1", "Hallo");
  thread.queue("c2", "meine Nummer: 0170 1234567");
  thread.confirm("c2");
  thread.confirm("unknown"); // nothing to confirm: no error, nothing added

  assert.deepEqual(thread.unsent(), [
    { type: "send", conversation: CONVERSATION, client_id: "c1", body: "Hallo", confirmed: false },
    {
      type: "send",
      conversation: CONVERSATION,
      client_id: "c2",
      body: "meine Nummer: 0170 1234567",
      confirmed: true,
    },
  ]);
  // Asking twice gives the same ids: sending again never makes a second message.
  assert.deepEqual(
    thread.unsent().map((each) => each.client_id),
    ["c1", "c2"],
  );

  thread.receive(message(5, { clientId: "c1", mine: true }));
  thread.drop("c2");
  assert.deepEqual(thread.unsent(), []);
});

test("insertionIndex keeps the drawn ids ascending", () => {
  assert.equal(insertionIndex([], 5), 0);
  assert.equal(insertionIndex([2, 4, 6], 1), 0);
  assert.equal(insertionIndex([2, 4, 6], 3), 1);
  assert.equal(insertionIndex([2, 4, 6], 5), 2);
  assert.equal(insertionIndex([2, 4, 6], 7), 3);
  assert.equal(insertionIndex([2, 4, 6], 4), 1, "before an equal id");

  // Drawing in any order ends ascending.
  const drawn = [];
  for (const id of [5, 1, 9, 3, 7, 2, 8, 4, 6, 10]) drawn.splice(insertionIndex(drawn, id), 0, id);
  assert.deepEqual(drawn, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
});

test("client ids are new every time, and fit the server's limit", () => {
  const ids = new Set(Array.from({ length: 50 }, () => newClientId()));
  assert.equal(ids.size, 50);
  for (const id of ids) assert.match(id, /^[0-9a-f]{32}$/);

  // Without crypto.randomUUID (an old browser, or a page over plain http).
  const fallback = newClientId({});
  assert.match(fallback, /^[0-9a-z]+$/);
  assert.ok(fallback.length > 8 && fallback.length <= 64);
  assert.notEqual(newClientId({}), fallback);
  assert.equal(newClientId({ randomUUID: () => "12345678-aaaa-bbbb-cccc-1234567890ab" }), "12345678aaaabbbbcccc1234567890ab");
});

// --- The socket ----------------------------------------------------------------------------

class FakeSocket extends EventTarget {
  constructor(url) {
    super();
    this.url = url;
    this.readyState = 0; // CONNECTING
    this.sent = [];
    this.closed = 0;
  }

  send(text) {
    this.sent.push(JSON.parse(text));
  }

  open() {
    this.readyState = 1;
    this.dispatchEvent(new Event("open"));
  }

  receive(data) {
    this.dispatchEvent(Object.assign(new Event("message"), { data: JSON.stringify(data) }));
  }

  // The server or the network ends it.
  drop() {
    this.readyState = 3;
    this.dispatchEvent(new Event("close"));
  }

  // The page ends it: the browser fires close as well.
  close() {
    this.closed += 1;
    this.drop();
  }
}

const ADDRESS = "wss://gemeinwerk.example/ws/chat/";

// `waits` are the backoff's random numbers in turn (then 0.5).
function chatSocket({ waits = [], handlers = {} } = {}) {
  const log = { sockets: [], messages: [], opens: 0, downs: 0 };
  const random = () => (waits.length ? waits.shift() : 0.5);
  const socket = new ChatSocket({
    url: ADDRESS,
    openSocket: (address) => {
      const fake = new FakeSocket(address);
      log.sockets.push(fake);
      return fake;
    },
    onMessage: (data) => {
      log.messages.push(data);
      handlers.onMessage?.(data);
    },
    onOpen: () => {
      log.opens += 1;
      handlers.onOpen?.();
    },
    onDown: () => (log.downs += 1),
    backoff: new JitteredBackoff(FIRST_RETRY_MS, MAX_RETRY_MS, random),
  });
  handlers.socket = socket;
  return { socket, log, fake: () => log.sockets.at(-1) };
}

function welcome(fake) {
  fake.open();
  fake.receive({ type: "welcome" });
}

beforeEach(() => mock.timers.enable({ apis: ["setTimeout", "setInterval"] }));
afterEach(() => mock.timers.reset());

test("the waits lie between half and all of a delay that doubles up to the limit", () => {
  const low = new JitteredBackoff(1000, 30_000, () => 0);
  const high = new JitteredBackoff(1000, 30_000, () => 0.999999);

  const lows = Array.from({ length: 8 }, () => low.next());
  const highs = Array.from({ length: 8 }, () => high.next());

  assert.deepEqual(lows, [500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000]);
  assert.deepEqual(highs, [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
});

test("with real randomness every wait stays within its bounds, and a reset starts over", () => {
  const backoff = new JitteredBackoff();
  let delay = FIRST_RETRY_MS;
  const waits = new Set();
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const wait = backoff.next();
    waits.add(wait);
    assert.ok(wait >= delay / 2 && wait <= delay, `${wait} within [${delay / 2}, ${delay}]`);
    delay = Math.min(delay * 2, MAX_RETRY_MS);
  }
  assert.ok(waits.size > 5, "jitter: the pages do not all come back at once");

  backoff.reset();
  const first = backoff.next();
  assert.ok(first >= FIRST_RETRY_MS / 2 && first <= FIRST_RETRY_MS);
  const second = backoff.next();
  assert.ok(second >= FIRST_RETRY_MS && second <= 2 * FIRST_RETRY_MS);
  assert.deepEqual([FIRST_RETRY_MS, MAX_RETRY_MS, HEARTBEAT_MS], [1000, 30_000, 25_000]);
});

test("the chat socket's address follows the page's scheme", () => {
  assert.equal(socketUrl({ protocol: "https:", host: "gw.example" }, "/ws/chat/"), "wss://gw.example/ws/chat/");
  assert.equal(socketUrl({ protocol: "http:", host: "127.0.0.1:8000" }, "/ws/chat/"), "ws://127.0.0.1:8000/ws/chat/");
});

test("start() connects; onOpen waits for the welcome, and the welcome is not a message", () => {
  const { socket, log, fake } = chatSocket();

  socket.start();
  assert.equal(log.sockets.length, 1);
  assert.equal(fake().url, ADDRESS);
  assert.equal(log.opens, 0);

  fake().open();
  assert.equal(log.opens, 0, "not on the socket's open: the server has not let us in yet");
  assert.equal(socket.open, false);
  fake().receive({ type: "badges", badges: {} });
  assert.equal(log.opens, 0);

  fake().receive({ type: "welcome" });
  assert.equal(log.opens, 1);
  assert.equal(socket.open, true);
  assert.deepEqual(log.messages, [{ type: "badges", badges: {} }]);

  fake().receive({ type: "message", message: message(1) });
  assert.deepEqual(log.messages.at(-1), { type: "message", message: message(1) });
});

test("send() says false while there is no open socket, and true once it went out", () => {
  const { socket, fake } = chatSocket();

  assert.equal(socket.send({ type: "ping" }), false, "not started");
  socket.start();
  assert.equal(socket.send({ type: "ping" }), false, "still connecting");
  welcome(fake());
  assert.equal(socket.send({ type: "since", conversation: 1, after: 0 }), true);
  fake().drop();
  assert.equal(socket.send({ type: "ping" }), false, "closed");

  assert.deepEqual(fake().sent, [{ type: "since", conversation: 1, after: 0 }]);
});

test("a lost connection is tried again after doubling waits; a welcome makes them short again", () => {
  // Each wait drawn at the top of its range: 1 s, 2 s, 4 s; after the welcome 1 s again.
  const { socket, log, fake } = chatSocket({ waits: [0.999999, 0.999999, 0.999999, 0.999999] });

  socket.start();
  fake().drop();
  assert.deepEqual([log.downs, log.sockets.length], [1, 1]);

  mock.timers.tick(FIRST_RETRY_MS - 1);
  assert.equal(log.sockets.length, 1, "not before the wait is over");
  mock.timers.tick(1);
  assert.equal(log.sockets.length, 2);

  fake().drop();
  mock.timers.tick(2 * FIRST_RETRY_MS - 1);
  assert.equal(log.sockets.length, 2);
  mock.timers.tick(1);
  assert.equal(log.sockets.length, 3);

  fake().drop();
  mock.timers.tick(4 * FIRST_RETRY_MS - 1);
  assert.equal(log.sockets.length, 3);
  mock.timers.tick(1);
  assert.equal(log.sockets.length, 4);
  assert.equal(log.downs, 3);

  welcome(fake());
  assert.equal(log.opens, 1);
  fake().drop();
  assert.equal(log.downs, 4);
  assert.equal(socket.open, false);
  mock.timers.tick(FIRST_RETRY_MS);
  assert.equal(log.sockets.length, 5, "after a welcome the first wait is short again");
  assert.ok(log.sockets.every((each) => each.url === ADDRESS));

  welcome(fake());
  assert.equal(log.opens, 2, "onOpen after every reconnect, so the page catches up");
});

test("a socket that closes before its welcome counts as a failed try", () => {
  const { socket, log, fake } = chatSocket({ waits: [0, 0, 0] });

  socket.start();
  fake().open(); // the server accepts, then closes before welcoming (e.g. a restart)
  fake().drop();
  mock.timers.tick(FIRST_RETRY_MS / 2);
  assert.equal(log.sockets.length, 2);
  fake().open();
  fake().drop();
  mock.timers.tick(FIRST_RETRY_MS - 1);
  assert.equal(log.sockets.length, 2, "the wait doubled: no welcome reset it");
  mock.timers.tick(1);
  assert.equal(log.sockets.length, 3);
  assert.equal(log.opens, 0);
});

test("after 'refused' the socket is not tried again, and the page hears why", () => {
  const { socket, log, fake } = chatSocket();

  socket.start();
  fake().open();
  fake().receive({ type: "refused", reason: "not_signed_in" });
  fake().drop(); // the server closes with 4403
  mock.timers.tick(MAX_RETRY_MS * 4);
  mock.timers.tick(HEARTBEAT_MS * 4);

  assert.deepEqual(log.messages, [{ type: "refused", reason: "not_signed_in" }]);
  assert.deepEqual([log.sockets.length, log.downs, log.opens], [1, 0, 0]);
  assert.deepEqual(fake().sent, [], "no heartbeat after a refusal");
});

test("a refusal after a welcome (no longer allowed) also ends it for good", () => {
  const { socket, log, fake } = chatSocket();

  socket.start();
  welcome(fake());
  fake().receive({ type: "refused", reason: "not_allowed" });
  mock.timers.tick(HEARTBEAT_MS); // before the server's close arrives
  assert.deepEqual(fake().sent, [], "the heartbeat stopped with the refusal");
  fake().drop();
  mock.timers.tick(MAX_RETRY_MS * 4);

  assert.deepEqual([log.sockets.length, log.downs, log.opens], [1, 0, 1]);
});

test("after stop() the socket is closed and not tried again", () => {
  const { socket, log, fake } = chatSocket();

  socket.start();
  welcome(fake());
  socket.stop();
  mock.timers.tick(MAX_RETRY_MS * 4);

  assert.equal(fake().closed, 1);
  assert.deepEqual([log.sockets.length, log.downs], [1, 0]);
  assert.equal(socket.open, false);
});

test("stop() during a wait cancels the next try", () => {
  const { socket, log, fake } = chatSocket();

  socket.start();
  fake().drop();
  assert.equal(log.downs, 1);
  socket.stop();
  mock.timers.tick(MAX_RETRY_MS * 4);

  assert.equal(log.sockets.length, 1);
});

test("a heartbeat goes out every 25 seconds while the socket is open, and stops with it", () => {
  const { socket, log, fake } = chatSocket();

  socket.start();
  mock.timers.tick(HEARTBEAT_MS);
  assert.deepEqual(fake().sent, [], "not while connecting");

  welcome(fake());
  mock.timers.tick(HEARTBEAT_MS - 1);
  assert.deepEqual(fake().sent, []);
  mock.timers.tick(1);
  assert.deepEqual(fake().sent, [{ type: "ping" }]);
  mock.timers.tick(HEARTBEAT_MS * 2);
  assert.deepEqual(fake().sent, [{ type: "ping" }, { type: "ping" }, { type: "ping" }]);

  // Down: no pings into nothing; the new socket gets them once open.
  const first = fake();
  first.drop();
  mock.timers.tick(FIRST_RETRY_MS);
  assert.equal(log.sockets.length, 2);
  welcome(fake());
  mock.timers.tick(HEARTBEAT_MS);
  assert.equal(first.sent.length, 3);
  assert.deepEqual(fake().sent, [{ type: "ping" }]);

  socket.stop();
  mock.timers.tick(HEARTBEAT_MS * 4);
  assert.deepEqual(fake().sent, [{ type: "ping" }]);
});

test("a stale socket's close, after a newer one exists, changes nothing", () => {
  const { socket, log, fake } = chatSocket();

  socket.start();
  const stale = fake();
  welcome(stale);
  socket.connect(); // a newer socket while the old one is still there
  const current = fake();
  welcome(current);
  assert.equal(log.opens, 2);

  stale.drop();
  mock.timers.tick(MAX_RETRY_MS * 4);

  assert.deepEqual([log.downs, log.sockets.length], [0, 2], "no onDown, no reconnect");
  assert.equal(socket.open, true, "the current socket is still open and welcomed");
  assert.equal(socket.send({ type: "ping" }), true);
  assert.deepEqual(current.sent.at(-1), { type: "ping" });
});

test("a stale socket's messages are not the page's any more", () => {
  const { socket, log, fake } = chatSocket();

  socket.start();
  const stale = fake();
  welcome(stale);
  socket.connect();
  const current = fake();
  current.open();

  stale.receive({ type: "welcome" });
  stale.receive({ type: "message", message: message(1) });
  assert.equal(log.opens, 1, "only the first socket's own welcome counted");
  assert.deepEqual(log.messages, []);
  assert.equal(socket.open, false, "the current socket has not been welcomed");

  current.receive({ type: "welcome" });
  assert.equal(log.opens, 2);
});

// --- Both together: the page closed and reconnected ------------------------------------

// What chat.js does with the two, drawing into a list of ids.
function page(lastId = 0) {
  const thread = new Thread(CONVERSATION, lastId);
  const drawn = [];
  const handlers = {
    onOpen() {
      handlers.socket.send(thread.since());
      for (const each of thread.unsent()) handlers.socket.send(each);
    },
    onMessage(data) {
      const show = (each) => {
        const what = thread.receive(each);
        if (what !== "skip") drawn.splice(insertionIndex(drawn, each.id), 0, each.id);
      };
      if (data.type === "message") show(data.message);
      if (data.type === "messages") {
        data.messages.forEach(show);
        thread.caughtUp(data);
      }
      if (data.type === "sent") show(data.message);
    },
  };
  const connection = chatSocket({ handlers });
  return { thread, drawn, ...connection };
}

test("page reconnected: 1..5 live, a drop, 6..9 by catch-up and a late live 7: each shown once, in order", () => {
  const { socket, thread, drawn, log, fake } = page();

  socket.start();
  welcome(fake());
  assert.deepEqual(fake().sent, [{ type: "since", conversation: CONVERSATION, after: 0 }]);
  fake().receive({ type: "messages", conversation: CONVERSATION, messages: [], more: false });
  for (let id = 1; id <= 5; id += 1) fake().receive({ type: "message", message: message(id) });
  assert.deepEqual(drawn, [1, 2, 3, 4, 5]);

  fake().drop(); // 6..9 are written while this page is away
  assert.equal(log.downs, 1);
  mock.timers.tick(FIRST_RETRY_MS);
  assert.equal(log.sockets.length, 2);
  welcome(fake());
  assert.deepEqual(fake().sent, [{ type: "since", conversation: CONVERSATION, after: 5 }]);

  fake().receive({ type: "message", message: message(7) }); // live, before the catch-up answer
  fake().receive({
    type: "messages",
    conversation: CONVERSATION,
    messages: [6, 7, 8, 9].map((id) => message(id)),
    more: false,
  });
  fake().receive({ type: "message", message: message(7) }); // and once more, late

  assert.deepEqual(drawn, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(thread.lastId, 9);
  assert.deepEqual(thread.since(), { type: "since", conversation: CONVERSATION, after: 9 });
});

test("a message typed while the connection was down is sent again with its client id, and shown once", () => {
  const { socket, thread, drawn, fake } = page(3);
  [1, 2, 3].forEach((id) => thread.know(id));
  [1, 2, 3].forEach((id) => drawn.push(id));

  socket.start();
  welcome(fake());
  fake().drop();
  thread.queue("c1", "Bin gleich da");
  assert.equal(socket.send(thread.unsent()[0]), false, "down: the page keeps it");
  mock.timers.tick(FIRST_RETRY_MS);
  welcome(fake());

  assert.deepEqual(fake().sent, [
    { type: "since", conversation: CONVERSATION, after: 3 },
    { type: "send", conversation: CONVERSATION, client_id: "c1", body: "Bin gleich da", confirmed: false },
  ]);

  const mine = message(4, { clientId: "c1", mine: true, body: "Bin gleich da" });
  fake().receive({ type: "message", message: mine }); // live, to every tab
  fake().receive({ type: "messages", conversation: CONVERSATION, messages: [mine], more: false });
  fake().receive({ type: "sent", client_id: "c1", message: mine });

  assert.deepEqual(drawn, [1, 2, 3, 4]);
  assert.equal(thread.pending.size, 0);
  assert.deepEqual(thread.unsent(), []);
});

test("a live message during a catch-up does not let a later catch-up skip the gap", () => {
  const thread = new Thread(CONVERSATION, 5);

  assert.equal(thread.since().after, 5);
  thread.receive(message(201)); // live, while the catch-up is under way
  [6, 7, 8].forEach((id) => thread.receive(message(id)));
  thread.caughtUp({ messages: [6, 7, 8].map((id) => message(id)), more: true });
  assert.equal(thread.since().after, 8, "the next batch follows the last one, not the live 201");
  thread.caughtUp({ messages: [9, 10].map((id) => message(id)), more: false });
  assert.equal(thread.synced, 201, "complete once no more follow");
  thread.receive(message(202));
  assert.equal(thread.synced, 202, "live messages move it on again");
});
