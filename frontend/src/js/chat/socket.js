// The chat's WebSocket, kept open: a lost connection is tried again after a wait that
// doubles up to a limit, with jitter, so that a thousand pages do not all come back in
// the same second after a restart; a ping every 25 seconds keeps proxies from closing
// a quiet one. After every (re)connect the page asks for what it missed (onOpen).
//
// Nothing here touches the page; the tests (frontend/tests/chat.test.mjs) pass in a fake
// socket and timers.
export const HEARTBEAT_MS = 25_000;
export const FIRST_RETRY_MS = 1000;
export const MAX_RETRY_MS = 30_000;

const OPEN = 1; // WebSocket.OPEN

// The wait before the next try: between half and all of a delay that doubles.
export class JitteredBackoff {
  constructor(first = FIRST_RETRY_MS, max = MAX_RETRY_MS, random = Math.random) {
    this.first = first;
    this.max = max;
    this.random = random;
    this.delay = first;
  }

  next() {
    const delay = this.delay;
    this.delay = Math.min(delay * 2, this.max);
    return Math.round(delay / 2 + (this.random() * delay) / 2);
  }

  reset() {
    this.delay = this.first;
  }
}

export class ChatSocket {
  // onMessage(message): every message from the server; onOpen(): connected and welcomed;
  // onDown(): the connection is gone for now (it is tried again).
  constructor({ url, openSocket = (address) => new WebSocket(address), onMessage, onOpen, onDown, backoff }) {
    this.url = url;
    this.openSocket = openSocket;
    this.onMessage = onMessage;
    this.onOpen = onOpen;
    this.onDown = onDown;
    this.backoff = backoff ?? new JitteredBackoff();
    this.socket = null;
    this.retryTimer = null;
    this.heartbeat = null;
    this.final = false; // refused, or the page is going: no reconnecting
  }

  get open() {
    return Boolean(this.socket && this.socket.readyState === OPEN && this.welcomed);
  }

  start() {
    this.heartbeat = setInterval(() => this.send({ type: "ping" }), HEARTBEAT_MS);
    this.connect();
  }

  send(message) {
    if (!this.socket || this.socket.readyState !== OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  stop() {
    this.final = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.heartbeat);
    this.socket?.close();
  }

  connect() {
    this.retryTimer = null;
    if (this.final) return;
    this.welcomed = false;
    const socket = this.openSocket(this.url);
    this.socket = socket;
    socket.addEventListener("message", (event) => {
      if (this.socket === socket) this.receive(JSON.parse(event.data));
    });
    socket.addEventListener("close", () => {
      if (this.socket !== socket) return;
      this.welcomed = false;
      if (this.final) return;
      this.onDown();
      this.retryTimer = setTimeout(() => this.connect(), this.backoff.next());
    });
  }

  receive(message) {
    if (message.type === "welcome") {
      this.welcomed = true;
      this.backoff.reset();
      this.onOpen();
      return;
    }
    if (message.type === "refused") {
      // Signed out or no longer allowed: reconnecting would be refused again.
      this.final = true;
      clearInterval(this.heartbeat);
    }
    this.onMessage(message);
  }
}

export function socketUrl(location, path) {
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  return scheme + location.host + path;
}
