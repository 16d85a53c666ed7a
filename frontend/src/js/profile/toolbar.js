// The rich-text toolbar's buttons and the rules behind them, without the editor or a
// page: frontend/tests/toolbar.test.mjs checks them in Node.

// Each button: the data- attribute naming its (translated) label, the editor state
// that presses it, the editor command it runs, and its keyboard shortcut (TipTap's
// own, announced by aria-keyshortcuts).
export const BUTTONS = [
  { name: "heading2", active: ["heading", { level: 2 }], command: ["toggleHeading", { level: 2 }], keys: "Control+Alt+2" },
  { name: "heading3", active: ["heading", { level: 3 }], command: ["toggleHeading", { level: 3 }], keys: "Control+Alt+3" },
  { name: "bold", active: ["bold"], command: ["toggleBold"], keys: "Control+B" },
  { name: "italic", active: ["italic"], command: ["toggleItalic"], keys: "Control+I" },
  { name: "bulletList", active: ["bulletList"], command: ["toggleBulletList"], keys: "Control+Shift+8" },
  { name: "orderedList", active: ["orderedList"], command: ["toggleOrderedList"], keys: "Control+Shift+7" },
  { name: "link", active: ["link"], command: null, keys: "Control+K" },
];

const SCHEMES = new Set(["http:", "https:", "mailto:"]);

// The label of each button from the wrapper's dataset (data-label-bullet-list becomes
// dataset.labelBulletList); the English name stands in for a missing one.
export function labelsFrom(dataset) {
  const labels = {};
  for (const { name } of [...BUTTONS, { name: "toolbar" }, { name: "linkPrompt" }]) {
    const key = `label${name[0].toUpperCase()}${name.slice(1)}`;
    labels[name] = dataset[key] || name;
  }
  return labels;
}

// Which buttons are pressed, given the editor's isActive(name, attributes).
export function pressedStates(isActive) {
  return Object.fromEntries(BUTTONS.map(({ name, active }) => [name, Boolean(isActive(...active))]));
}

// A link's address as typed: http(s) and e-mail addresses only (the server drops any
// other), a bare "example.org" taken as https. Returns "" to remove the link, null for
// an address that cannot be a link.
export function linkHref(typed) {
  const value = (typed || "").trim();
  if (!value) {
    return "";
  }
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`;
  let url;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (!SCHEMES.has(url.protocol) || (url.protocol !== "mailto:" && !url.hostname.includes("."))) {
    return null;
  }
  return url.href;
}
