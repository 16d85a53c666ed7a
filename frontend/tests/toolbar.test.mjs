// The facility profile's rich-text toolbar: its buttons, their labels and pressed
// states, and which link addresses it accepts (the server sanitises again).
import assert from "node:assert/strict";
import { test } from "node:test";

import { BUTTONS, labelsFrom, linkHref, pressedStates } from "../src/js/profile/toolbar.js";

test("every button has a unique name and a keyboard shortcut", () => {
  const names = BUTTONS.map(({ name }) => name);
  assert.equal(new Set(names).size, names.length);
  for (const button of BUTTONS) {
    assert.match(button.keys, /^Control\+/);
  }
});

test("labels come from the template's data attributes, the name stands in", () => {
  const labels = labelsFrom({ labelBold: "Fett", labelBulletList: "Aufzählung", labelToolbar: "Textformat" });
  assert.equal(labels.bold, "Fett");
  assert.equal(labels.bulletList, "Aufzählung");
  assert.equal(labels.toolbar, "Textformat");
  assert.equal(labels.italic, "italic");
});

test("pressed states follow the editor", () => {
  const active = new Set(["bold", "heading:3"]);
  const states = pressedStates((name, attributes) =>
    active.has(attributes?.level ? `${name}:${attributes.level}` : name),
  );
  assert.equal(states.bold, true);
  assert.equal(states.heading3, true);
  assert.equal(states.heading2, false);
  assert.equal(states.link, false);
});

test("links go to web and e-mail addresses only", () => {
  assert.equal(linkHref("https://example.org/a"), "https://example.org/a");
  assert.equal(linkHref(" example.org "), "https://example.org/");
  assert.equal(linkHref("mailto:office@example.org"), "mailto:office@example.org");
  assert.equal(linkHref(""), "");
  assert.equal(linkHref("   "), "");
  assert.equal(linkHref("javascript:alert(1)"), null);
  assert.equal(linkHref("data:text/html,x"), null);
  assert.equal(linkHref("localhost"), null);
});
