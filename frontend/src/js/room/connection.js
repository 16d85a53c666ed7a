// The WebSocket to our server: signalling and the room's state. Every (re)connect first
// asks for a fresh room token: a cookie that lives a minute, bound to our seat, which
// the WebSocket needs (meetings/tokens.py). A lost connection is tried again, waiting a
// little longer each time; a heartbeat keeps proxies from closing a quiet one.
//
// Nothing here touches the page: the room passes in what to do with a message, and the
// tests (frontend/tests/connection.test.mjs) pass in a fake token request and socket.
import { ping } from "./protocol.js";

export const HEARTBEAT_MS = 25_000;
export const FIRST_RETRY_MS = 1000;
export const MAX_RETRY_MS = 15_000;
// A stale room token (a slow network between fetching and connecting) is refused; the
// close that follows reconnects with a fresh one, this many times at most in a row.
export const TOKEN_RETRIES = 3;

const OPEN = 1; // WebSocket.OPEN

// Waits that double from `first` up to `max`; reset() after a connection that worked.
export class Backoff {
  constructor(first = FIRST_RETRY_MS, max = MAX_RETRY_MS) {
    this.first = first;
    this.max = max;
    this.delay = first;
  }

  next() {
    const delay = this.delay;
    this.delay = Math.min(delay * 2, this.max);
    return delay;
  }

  reset() {
    this.delay = this.first;
  }
}

export function socketUrl(location, path) {
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  return scheme + location.host + path;
}

// The HTTP status of the token request: 204 gives a token, 403 means the meeting is
// over or this browser's join has gone.
export async function requestToken(url, csrfToken) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "X-CSRFToken": csrfToken },
    credentials: "same-origin",
    cache: "no-store",
  });
  return response.status;
}

export class Connection {
  // url: the WebSocket's; fetchToken: () => Promise<HTTP status>; openSocket: url =>
  // a WebSocket; onMessage(message): every message from the server (a refused token
  // excepted while it is retried); onRetry(): waiting to try again; onClose(): the
  // socket closed (peers connected through it are stale).
  constructor({ url, fetchToken, openSocket = (address) => new WebSocket(address), onMessage, onRetry, onClose }) {
    this.url = url;
    this.fetchToken = fetchToken;
    this.openSocket = openSocket;
    this.onMessage = onMessage;
    this.onRetry = onRetry;
    this.onClose = onClose;
    this.socket = null;
    this.backoff = new Backoff();
    this.retryTimer = null;
    this.heartbeat = null;
    this.tokenRefusals = 0;
    this.final = false; // removed, ended, refused or left: no reconnecting
  }

  start() {
    this.heartbeat = setInterval(() => this.send(ping()), HEARTBEAT_MS);
    this.connect();
  }

  send(message) {
    if (this.socket && this.socket.readyState === OPEN) this.socket.send(JSON.stringify(message));
  }

  // No more reconnecting; the socket stays open until close() (a last message may go).
  stop() {
    this.final = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.heartbeat);
  }

  close() {
    this.stop();
    this.socket?.close();
  }

  async connect() {
    this.retryTimer = null;
    if (this.final) return;
    let status;
    try {
      status = await this.fetchToken();
    } catch {
      status = 0; // offline for a moment: try again later
    }
    if (this.final) return;
    if (status === 403) {
      // Nothing to reconnect to: the room says so as the server would.
      this.onMessage({ type: "refused", reason: "not_open" });
      return;
    }
    if (status !== 204) {
      this.retry();
      return;
    }
    const socket = this.openSocket(this.url);
    this.socket = socket;
    socket.addEventListener("message", (event) => this.receive(JSON.parse(event.data)));
    socket.addEventListener("close", () => {
      this.onClose();
      if (this.final) return;
      this.retry();
    });
  }

  retry() {
    this.onRetry();
    this.retryTimer = setTimeout(() => this.connect(), this.backoff.next());
  }

  receive(message) {
    if (message.type === "welcome") {
      this.backoff.reset();
      this.tokenRefusals = 0;
    }
    if (message.type === "refused" && message.reason === "token" && this.tokenRefusals++ < TOKEN_RETRIES) return;
    this.onMessage(message);
  }
}
