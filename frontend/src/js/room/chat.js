// The room's chat: lines as they arrive (nothing is stored, so nothing older is
// fetched) and the form that sends one.
import { chat } from "./protocol.js";
import { chatLineView } from "./view.js";

export class Chat {
  // send(message): to the server; me(): this browser's seat, known after the welcome.
  constructor({ texts, send, me }) {
    this.texts = texts;
    this.me = me;
    this.log = document.getElementById("chat-log");
    const form = document.getElementById("chat-form");
    const input = document.getElementById("chat-text");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      send(chat(text));
      input.value = "";
    });
    input.addEventListener("keydown", (event) => {
      // Enter sends, Shift+Enter starts a new line (as in other chats).
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
  }

  add(message) {
    const view = chatLineView(message, this.me(), this.texts);
    const item = document.createElement("p");
    item.className = view.mine ? "gw-chat-line gw-chat-line--me" : "gw-chat-line";
    item.dataset.id = message.id;
    const sender = document.createElement("span");
    sender.className = "kern-body--bold";
    sender.textContent = view.sender;
    const words = document.createElement("span");
    words.textContent = message.text;
    item.append(sender, words);
    this.log.append(item);
    this.log.scrollTop = this.log.scrollHeight;
  }
}
