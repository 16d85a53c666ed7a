// The conversation page: messages arrive live over the chat's WebSocket, in every open
// tab; what the person writes goes over the socket, or as a plain POST while it is down,
// with a client id the server keeps, so sending again never stores a message twice.
// Without this script the page works as a form that reloads.
//
// Focus stays where the person put it: new messages are announced by the list's live
// region (role="log"), never by moving focus.
import { showBadges } from "../badges.js";
import { ChatSocket, socketUrl } from "./socket.js";
import { Thread, insertionIndex, newClientId } from "./thread.js";

const log = document.getElementById("chat-log"); // the live region, with the page's words
const list = document.getElementById("chat-messages");
const form = document.getElementById("chat-form");
const status = document.getElementById("chat-status");
const hint = document.getElementById("chat-hint");
const readForm = document.querySelector("[data-chat-read]");
const csrf = document.querySelector("[name=csrfmiddlewaretoken]")?.value ?? "";
const timeFormat = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
  dateStyle: "short",
  timeStyle: "short",
});

const thread = new Thread(Number(log.dataset.conversation), Number(log.dataset.last));
for (const item of list.querySelectorAll("li[data-id]")) thread.know(Number(item.dataset.id));
// The message waiting for "Send anyway" after the hint, by its client id (the page may
// come back from the server with the hint already, when it was sent without script).
let awaitingConfirmation = form?.elements.confirmed?.value === "True" ? form.elements.client_id.value : null;
let readUpTo = 0;

function say(text) {
  if (status) status.textContent = text;
}

function messageItem(message) {
  const item = document.createElement("li");
  item.className = "gw-chat-message" + (message.mine ? " gw-chat-message--mine" : "");
  if (message.id) {
    item.id = `message-${message.id}`;
    item.dataset.id = message.id;
  }
  const meta = document.createElement("p");
  meta.className = "gw-chat-message__meta";
  const sender = document.createElement("span");
  sender.className = "gw-chat-message__sender";
  sender.textContent = message.mine ? log.dataset.you : message.sender;
  const time = document.createElement("time");
  if (message.created_at) {
    time.dateTime = message.created_at;
    time.textContent = timeFormat.format(new Date(message.created_at));
  } else {
    time.textContent = log.dataset.sending;
  }
  meta.append(sender, " ", time);
  const body = document.createElement("p");
  body.className = "gw-chat-message__body";
  if (message.removed) {
    body.classList.add("gw-chat-message__body--removed");
    body.textContent = log.dataset.removed;
  } else {
    body.textContent = message.body;
  }
  item.append(meta, body);
  if (message.id && !message.mine && !message.removed) {
    const actions = document.createElement("p");
    actions.className = "gw-chat-message__actions";
    const report = document.createElement("a");
    report.className = "kern-link kern-body--small";
    report.href = log.dataset.reportUrl.replace(/\/0\/report\/$/, `/${message.id}/report/`);
    report.textContent = log.dataset.report;
    const whose = document.createElement("span");
    whose.className = "kern-sr-only";
    whose.textContent = " " + log.dataset.reportOf.replace("__NAME__", message.sender);
    report.append(whose);
    actions.append(report);
    item.append(actions);
  }
  return item;
}

function place(item, id) {
  const drawn = [...list.querySelectorAll("li[data-id]")];
  const index = insertionIndex(
    drawn.map((each) => Number(each.dataset.id)),
    id,
  );
  const before = drawn[index];
  if (before) list.insertBefore(item, before);
  else list.insertBefore(item, list.querySelector("li[data-client]"));
  document.getElementById("chat-empty")?.remove();
}

function show(message) {
  const what = thread.receive(message);
  if (what === "skip") {
    // Confirmed meanwhile through another way (live, catch-up): no "Sending…" left.
    if (message.client_id) list.querySelector(`li[data-client="${CSS.escape(message.client_id)}"]`)?.remove();
    return;
  }
  const item = messageItem(message);
  if (what === "confirm") {
    list.querySelector(`li[data-client="${CSS.escape(message.client_id)}"]`)?.remove();
  }
  place(item, message.id);
  if (!message.mine) markRead();
}

// Read up to the last message, once the person can see it.
function markRead() {
  if (document.visibilityState !== "visible" || thread.lastId <= readUpTo) return;
  readUpTo = thread.lastId;
  const message = { type: "read", conversation: thread.conversation, up_to: readUpTo };
  if (!socket.send(message) && readForm) {
    post(readForm.action, { up_to: String(readUpTo) }).catch(() => {
      readUpTo = 0; // try again with the next message
    });
  }
  readForm?.remove();
}

async function post(url, fields) {
  const data = new FormData();
  data.append("csrfmiddlewaretoken", csrf);
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  const response = await fetch(url, {
    method: "POST",
    body: data,
    headers: { Accept: "application/json", "X-CSRFToken": csrf },
    credentials: "same-origin",
  });
  return response.json();
}

function answer(reply) {
  // The server's answer to a send, over the socket or as JSON.
  if (reply.type === "sent" || reply.status === "sent") {
    show(reply.message);
  } else if (reply.type === "hint" || reply.status === "hint") {
    takeBack(reply.client_id);
    awaitingConfirmation = reply.client_id;
    if (hint) hint.hidden = false;
    sendLabel(status?.dataset.sendAnyway ?? "");
  } else if (reply.type === "not_sent" || reply.status === "error") {
    takeBack(reply.client_id);
    say(`${status?.dataset.notSent ?? ""} ${reply.error ?? ""}`);
  }
}

// A message that was not sent goes back into the field, unless something new is there.
function takeBack(clientId) {
  const entry = thread.pending.get(clientId);
  list.querySelector(`li[data-client="${CSS.escape(clientId ?? "")}"]`)?.remove();
  if (!entry) return;
  thread.pending.delete(clientId);
  if (!form.elements.body.value.trim()) form.elements.body.value = entry.body;
}

function sendLabel(text) {
  form.querySelector("#chat-send .kern-label").textContent = text;
}

async function send(message) {
  if (socket.send(message)) return;
  // The socket is down: a plain POST stores it all the same.
  try {
    const reply = await post(form.action || location.pathname, {
      body: message.body,
      client_id: message.client_id,
      confirmed: message.confirmed ? "on" : "",
    });
    answer({ ...reply, client_id: message.client_id });
  } catch {
    say(status.dataset.offline); // kept; sent again on reconnect
  }
}

function submit(event) {
  event.preventDefault();
  const field = form.elements.body;
  const body = field.value.trim();
  if (!body) {
    field.setAttribute("aria-invalid", "true");
    return;
  }
  field.removeAttribute("aria-invalid");
  let clientId = awaitingConfirmation;
  if (clientId) {
    thread.queue(clientId, body);
    thread.confirm(clientId);
  } else {
    clientId = newClientId();
    thread.queue(clientId, body);
  }
  awaitingConfirmation = null;
  hint.hidden = true;
  sendLabel(status.dataset.send);
  say("");
  const item = messageItem({ mine: true, body });
  item.dataset.client = clientId;
  list.append(item);
  document.getElementById("chat-empty")?.remove();
  field.value = "";
  send(thread.unsent().find((message) => message.client_id === clientId));
}

const socket = new ChatSocket({
  url: socketUrl(location, log.dataset.socket),
  onOpen() {
    say("");
    socket.send(thread.since());
    for (const message of thread.unsent()) socket.send(message);
    markRead();
  },
  onDown() {
    say(status?.dataset.offline ?? "");
    // What went out just before the connection broke may not have been stored: post it
    // now (the server stores it even while the live connections are down); the same
    // client ids make it harmless if it was.
    for (const message of thread.unsent()) send(message);
  },
  onMessage(message) {
    switch (message.type) {
      case "message":
        show(message.message);
        break;
      case "messages":
        if (message.conversation !== thread.conversation) break;
        for (const each of message.messages) show(each);
        thread.caughtUp(message);
        if (message.more) socket.send(thread.since());
        break;
      case "removed": {
        const body = document.querySelector(`#message-${message.id} .gw-chat-message__body`);
        if (body) {
          body.textContent = log.dataset.removed;
          body.classList.add("gw-chat-message__body--removed");
        }
        // Removed is removed: nothing left to report.
        document.querySelector(`#message-${message.id} .gw-chat-message__actions`)?.remove();
        break;
      }
      case "left":
        if (message.conversation === thread.conversation) location.reload();
        break;
      case "badges":
        showBadges(document, message.badges);
        break;
      case "refused":
        say(status?.dataset.refused ?? "");
        break;
      case "sent":
      case "hint":
      case "not_sent":
        answer(message);
        break;
      default:
        break;
    }
  },
});

if (form) {
  form.addEventListener("submit", submit);
  form.elements.body.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
}
document.addEventListener("visibilitychange", markRead);
socket.start();
