// The list of conversations, kept current: the chat's WebSocket says when a message
// arrives, and the list is fetched anew (the server renders it, as without script); the
// header's counts come with the socket's "badges". Focus is never moved: the list is
// replaced only where it differs, and a focused link keeps its place.
import { showBadges } from "../badges.js";
import { ChatSocket, socketUrl } from "./socket.js";

const region = document.getElementById("chat-conversations");
let fetching = null;

async function refresh() {
  if (fetching) return;
  fetching = fetch(location.href, { credentials: "same-origin", cache: "no-store" })
    .then((response) => (response.ok ? response.text() : ""))
    .then((html) => {
      if (!html) return;
      const fresh = new DOMParser().parseFromString(html, "text/html").getElementById("chat-conversations");
      if (!fresh || fresh.innerHTML === region.innerHTML) return;
      if (region.contains(document.activeElement)) return; // the person is using the list
      region.innerHTML = fresh.innerHTML;
    })
    .catch(() => {})
    .finally(() => {
      fetching = null;
    });
}

if (region) {
  const socket = new ChatSocket({
    url: socketUrl(location, region.dataset.socket),
    onOpen: refresh,
    onDown() {},
    onMessage(message) {
      if (message.type === "badges") showBadges(document, message.badges);
      if (message.type === "message" || message.type === "left") refresh();
    },
  });
  socket.start();
}
