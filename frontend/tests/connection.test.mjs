// The room's WebSocket: token first, then the socket; trying again after a loss, each
// wait longer; a heartbeat. A fake token request and socket stand in for the server.
import assert from "node:assert/strict";
import { afterEach, beforeEach, mock, test } from "node:test";

import {
  Backoff,
  Connection,
  FIRST_RETRY_MS,
  HEARTBEAT_MS,
  MAX_RETRY_MS,
  TOKEN_RETRIES,
  socketUrl,
} from "../src/js/room/connection.js";

class FakeSocket extends EventTarget {
  constructor(url) {
    super();
    this.url = url;
    this.readyState = 0; // CONNECTING
    this.sent = [];
  }

  send(text) {
    this.sent.push(JSON.parse(text));
  }

  open() {
    this.readyState = 1;
  }

  receive(message) {
    this.dispatchEvent(Object.assign(new Event("message"), { data: JSON.stringify(message) }));
  }

  close() {
    this.readyState = 3;
    this.dispatchEvent(new Event("close"));
  }
}

// The token request answers with the statuses given, then 204; a status of "offline"
// throws as fetch does without a network.
function connect(statuses = []) {
  const log = { tokens: 0, sockets: [], messages: [], retries: 0, closes: 0 };
  const connection = new Connection({
    url: "wss://gemeinwerk.example/ws/room/x/",
    fetchToken: async () => {
      log.tokens += 1;
      const status = statuses.length ? statuses.shift() : 204;
      if (status === "offline") throw new TypeError("Failed to fetch");
      return status;
    },
    openSocket: (url) => {
      const socket = new FakeSocket(url);
      log.sockets.push(socket);
      return socket;
    },
    onMessage: (message) => log.messages.push(message),
    onRetry: () => (log.retries += 1),
    onClose: () => (log.closes += 1),
  });
  return { connection, log, socket: () => log.sockets.at(-1) };
}

// Lets the awaited token request finish.
const settle = () =>
  new Promise((resolve) => {
    setImmediate(resolve);
  });

beforeEach(() => mock.timers.enable({ apis: ["setTimeout", "setInterval"] }));
afterEach(() => mock.timers.reset());

test("waits double from a second up to fifteen, and start again after a reset", () => {
  const backoff = new Backoff();

  const waits = Array.from({ length: 7 }, () => backoff.next());
  backoff.reset();

  assert.deepEqual(waits, [1000, 2000, 4000, 8000, 15000, 15000, 15000]);
  assert.equal(backoff.next(), FIRST_RETRY_MS);
  assert.equal(MAX_RETRY_MS, 15000);
});

test("the socket's address follows the page's scheme", () => {
  assert.equal(socketUrl({ protocol: "https:", host: "gw.example" }, "/ws/r/1/"), "wss://gw.example/ws/r/1/");
  assert.equal(socketUrl({ protocol: "http:", host: "127.0.0.1:8000" }, "/ws/r/1/"), "ws://127.0.0.1:8000/ws/r/1/");
});

test("a token comes first, then the socket, whose messages reach the room", async () => {
  const { connection, log, socket } = connect();

  connection.start();
  await settle();
  socket().open();
  socket().receive({ type: "welcome", seat: "seat-a" });
  connection.send({ type: "chat", text: "Hallo" });

  assert.equal(log.tokens, 1);
  assert.equal(socket().url, "wss://gemeinwerk.example/ws/room/x/");
  assert.deepEqual(log.messages, [{ type: "welcome", seat: "seat-a" }]);
  assert.deepEqual(socket().sent, [{ type: "chat", text: "Hallo" }]);
});

test("nothing is sent on a socket that is not open", async () => {
  const { connection, socket } = connect();

  connection.send({ type: "ping" }); // no socket yet
  connection.start();
  await settle();
  connection.send({ type: "ping" }); // still connecting

  assert.deepEqual(socket().sent, []);
});

test("a lost connection is tried again, each wait longer, until a welcome resets them", async () => {
  const { connection, log, socket } = connect([500, "offline", 502]);

  connection.start();
  await settle();
  assert.deepEqual([log.tokens, log.retries], [1, 1]);

  mock.timers.tick(FIRST_RETRY_MS - 1);
  await settle();
  assert.equal(log.tokens, 1, "not before the first wait is over");
  mock.timers.tick(1);
  await settle();
  assert.deepEqual([log.tokens, log.retries], [2, 2]);

  mock.timers.tick(2000);
  await settle();
  assert.deepEqual([log.tokens, log.retries], [3, 3]);

  mock.timers.tick(4000);
  await settle();
  assert.equal(log.tokens, 4);
  socket().open();
  socket().receive({ type: "welcome", seat: "seat-a" });
  socket().close();
  assert.deepEqual([log.closes, log.retries], [1, 4]);

  mock.timers.tick(FIRST_RETRY_MS);
  await settle();
  assert.equal(log.tokens, 5, "after a welcome the first wait is short again");
});

test("a refused token request ends the room: nothing to reconnect to", async () => {
  const { connection, log } = connect([403]);

  connection.start();
  await settle();
  mock.timers.tick(MAX_RETRY_MS * 4);
  await settle();

  assert.deepEqual(log.messages, [{ type: "refused", reason: "not_open" }]);
  assert.deepEqual([log.tokens, log.sockets.length, log.retries], [1, 0, 0]);
});

test("a stale token is refused quietly a few times in a row, then the room hears it", async () => {
  const { connection, log, socket } = connect();
  const refused = { type: "refused", reason: "token" };

  connection.start();
  for (let attempt = 0; attempt <= TOKEN_RETRIES; attempt += 1) {
    await settle();
    socket().open();
    socket().receive(refused);
    socket().close();
    mock.timers.tick(MAX_RETRY_MS);
  }

  assert.deepEqual(log.messages, [refused]);
  assert.equal(log.sockets.length, TOKEN_RETRIES + 1);
});

test("a welcome forgives the stale tokens before it", async () => {
  const { connection, log, socket } = connect();
  const refused = { type: "refused", reason: "token" };

  connection.start();
  await settle();
  socket().open();
  socket().receive(refused);
  socket().receive(refused);
  socket().receive({ type: "welcome", seat: "seat-a" });
  for (let count = 0; count < TOKEN_RETRIES; count += 1) socket().receive(refused);

  assert.deepEqual(log.messages, [{ type: "welcome", seat: "seat-a" }]);
});

test("other refusals reach the room at once", async () => {
  const { connection, log, socket } = connect();

  connection.start();
  await settle();
  socket().open();
  socket().receive({ type: "refused", reason: "full" });

  assert.deepEqual(log.messages, [{ type: "refused", reason: "full" }]);
});

test("after stop() a closed socket is not reconnected", async () => {
  const { connection, log, socket } = connect();

  connection.start();
  await settle();
  socket().open();
  connection.stop();
  connection.send({ type: "leave" }); // the last word still goes out
  socket().close();
  mock.timers.tick(MAX_RETRY_MS * 4);
  await settle();

  assert.deepEqual(socket().sent, [{ type: "leave" }]);
  assert.deepEqual([log.closes, log.retries, log.tokens], [1, 0, 1]);
});

test("close() closes the socket for good", async () => {
  const { connection, log, socket } = connect();

  connection.start();
  await settle();
  socket().open();
  connection.close();
  mock.timers.tick(MAX_RETRY_MS * 4);
  await settle();

  assert.equal(socket().readyState, 3);
  assert.deepEqual([log.closes, log.retries, log.tokens], [1, 0, 1]);
});

test("a stop while the token is on its way opens no socket", async () => {
  const { connection, log } = connect();

  connection.start();
  connection.stop();
  await settle();

  assert.deepEqual([log.tokens, log.sockets.length], [1, 0]);
});

test("a heartbeat goes out every 25 seconds on an open socket, and stops with the room", async () => {
  const { connection, socket } = connect();

  connection.start();
  await settle();
  mock.timers.tick(HEARTBEAT_MS);
  assert.deepEqual(socket().sent, [], "not while the socket is still connecting");
  socket().open();
  mock.timers.tick(HEARTBEAT_MS * 2);
  connection.stop();
  mock.timers.tick(HEARTBEAT_MS * 2);

  assert.equal(HEARTBEAT_MS, 25_000);
  assert.deepEqual(socket().sent, [{ type: "ping" }, { type: "ping" }]);
});
