// Live counts beside the personal links in the header ("3 unread"). A page with a
// WebSocket open (the meeting room) passes on what the server sends as
// {"type": "badges", "badges": {"<url name>": "<words>"}} (gemeinwerk/core/live.py); the
// words come in the page's language, "" when there is nothing to count.
export function showBadges(document, badges) {
  for (const [name, words] of Object.entries(badges)) {
    const link = document.querySelector(`[data-badge-for="${name}"]`);
    if (!link) continue;
    let badge = link.querySelector(".kern-badge");
    if (!words) {
      badge?.remove();
      continue;
    }
    if (!badge) {
      badge = document.createElement("span");
      badge.className = "kern-badge kern-badge--info";
      const label = document.createElement("span");
      label.className = "kern-label";
      badge.append(label);
      link.append(" ", badge);
    }
    badge.querySelector(".kern-label").textContent = words;
  }
}
