// What a conversation page holds, without touching the page: the messages it shows (by
// id, in order, each once), the ones it sent that the server has not confirmed yet (by
// the client id the page made), and how far it is complete: `synced`, the id up to which
// it has every message, from which a reconnecting page asks for what it missed. Live
// messages move `synced` on only while no catch-up is under way (one arriving during a
// catch-up may jump a gap the catch-up has yet to fill). The page (chat.js) draws what
// this says.
export class Thread {
  constructor(conversation, lastId = 0) {
    this.conversation = conversation;
    this.lastId = lastId;
    this.synced = lastId;
    this.catchingUp = false;
    this.shown = new Set();
    this.pending = new Map(); // client id -> {body, confirmed}
  }

  // Messages already on the page when it loaded.
  know(id) {
    this.shown.add(id);
    this.lastId = Math.max(this.lastId, id);
    this.synced = Math.max(this.synced, id);
  }

  // A message from the server (live, caught up or confirmed): what to do with it.
  // "add": draw it in order; "confirm": it replaces the pending one with its client
  // id; "skip": already shown, or of another conversation.
  receive(message) {
    if (message.conversation !== this.conversation) return "skip";
    if (!this.catchingUp) this.synced = Math.max(this.synced, message.id);
    const pending = message.client_id && this.pending.has(message.client_id);
    if (this.shown.has(message.id)) {
      if (pending) this.pending.delete(message.client_id);
      return "skip";
    }
    this.shown.add(message.id);
    this.lastId = Math.max(this.lastId, message.id);
    if (pending) {
      this.pending.delete(message.client_id);
      return "confirm";
    }
    return "add";
  }

  // The answer to since() was drawn (each message through receive()): the page has
  // everything up to its last message, and, when no more follow, up to now.
  caughtUp({ messages, more }) {
    const last = messages.at(-1);
    if (last) this.synced = Math.max(this.synced, last.id);
    if (!more) {
      this.catchingUp = false;
      this.synced = Math.max(this.synced, this.lastId);
    }
  }

  // A message typed here, before the server has it.
  queue(clientId, body) {
    this.pending.set(clientId, { body, confirmed: false });
  }

  // The person saw the hint and sends anyway.
  confirm(clientId) {
    const entry = this.pending.get(clientId);
    if (entry) entry.confirmed = true;
  }

  drop(clientId) {
    this.pending.delete(clientId);
  }

  // What to send again after a reconnect: the same client ids, so nothing arrives twice.
  unsent() {
    return [...this.pending.entries()].map(([clientId, entry]) => ({
      type: "send",
      conversation: this.conversation,
      client_id: clientId,
      body: entry.body,
      confirmed: entry.confirmed,
    }));
  }

  // Ask for what came after `synced`; live messages wait to move it until the answer.
  since() {
    this.catchingUp = true;
    return { type: "since", conversation: this.conversation, after: this.synced };
  }
}

// Where a message with this id goes among the ids already drawn (ascending): the index
// of the first one that is larger, or the end.
export function insertionIndex(ids, id) {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (ids[middle] < id) low = middle + 1;
    else high = middle;
  }
  return low;
}

export function newClientId(crypto = globalThis.crypto) {
  if (crypto?.randomUUID) return crypto.randomUUID().replaceAll("-", "");
  return Date.now().toString(36) + Math.random().toString(36).slice(2);
}
