// The header's live counts: set, changed and removed beside the right link, with a small
// stand-in for the page's elements.
import assert from "node:assert/strict";
import { test } from "node:test";

import { showBadges } from "../src/js/badges.js";

class Element {
  constructor(tag, attributes = {}) {
    this.tag = tag;
    this.attributes = attributes;
    this.children = [];
    this.className = "";
    this.textContent = "";
    this.parent = null;
  }

  append(...nodes) {
    for (const node of nodes) {
      if (typeof node === "string") continue; // the space between label and badge
      node.parent = this;
      this.children.push(node);
    }
  }

  remove() {
    this.parent.children = this.parent.children.filter((child) => child !== this);
  }

  *walk() {
    for (const child of this.children) {
      yield child;
      yield* child.walk();
    }
  }

  querySelector(selector) {
    const byClass = selector.match(/^\.([\w-]+)$/);
    const byBadge = selector.match(/^\[data-badge-for="([^"]+)"\]$/);
    for (const node of this.walk()) {
      if (byClass && node.className.split(" ").includes(byClass[1])) return node;
      if (byBadge && node.attributes["data-badge-for"] === byBadge[1]) return node;
    }
    return null;
  }
}

function page() {
  const body = new Element("body");
  const link = new Element("a", { "data-badge-for": "notifications:list" });
  body.append(link);
  return { body, link, querySelector: (s) => body.querySelector(s), createElement: (t) => new Element(t) };
}

test("a count appears beside its link, changes, and goes when nothing is left", () => {
  const document = page();
  showBadges(document, { "notifications:list": "1 unread" });
  assert.equal(document.link.querySelector(".kern-label").textContent, "1 unread");
  assert.equal(document.link.querySelector(".kern-badge").className, "kern-badge kern-badge--info");

  showBadges(document, { "notifications:list": "2 unread" });
  assert.equal(document.link.children.length, 1);
  assert.equal(document.link.querySelector(".kern-label").textContent, "2 unread");

  showBadges(document, { "notifications:list": "" });
  assert.equal(document.link.querySelector(".kern-badge"), null);
});

test("a count for a link the page does not show is left alone", () => {
  const document = page();
  showBadges(document, { "groups:mine": "3 new" });
  assert.equal(document.link.children.length, 0);
});
