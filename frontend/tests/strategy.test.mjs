// How the service worker answers requests (frontend/src/js/offline/strategy.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { PAGE, PASS, STATIC, offlinePageFor, oldCaches, strategyFor } from "../src/js/offline/strategy.js";

const ORIGIN = "https://gemeinwerk.example";
const request = (path, { method = "GET", mode = "cors", origin = ORIGIN } = {}) => ({
  url: `${origin}${path}`,
  method,
  mode,
});
const strategy = (...args) => strategyFor(request(...args), ORIGIN, "/static/");

test("pages go to the server first, with the offline page to fall back on", () => {
  assert.equal(strategy("/groups/", { mode: "navigate" }), PAGE);
  assert.equal(strategy("/pl/me/", { mode: "navigate" }), PAGE);
});

test("static files are kept", () => {
  assert.equal(strategy("/static/vendor/kern/kern.min.0123456789ab.css"), STATIC);
  assert.equal(strategy("/static/gemeinwerk/js/site.js", { mode: "no-cors" }), STATIC);
});

test("nothing sent is kept or answered by the worker", () => {
  assert.equal(strategy("/text-size/", { method: "POST", mode: "navigate" }), PASS);
  assert.equal(strategy("/static/gemeinwerk/css/gemeinwerk.css", { method: "POST" }), PASS);
});

test("fragments, pictures and other sites are left to the browser", () => {
  assert.equal(strategy("/notifications/count/"), PASS);
  assert.equal(strategy("/media/avatars/1.jpg"), PASS);
  assert.equal(strategy("/static/x.css", { origin: "https://cdn.example" }), PASS);
  assert.equal(strategy("/groups/", { mode: "navigate", origin: "https://other.example" }), PASS);
});

test("the offline page speaks the language of the address", () => {
  const pages = [
    { prefix: "/pl/", url: "/pl/offline/" },
    { prefix: "/en/", url: "/en/offline/" },
    { prefix: "/", url: "/offline/" },
  ];
  assert.equal(offlinePageFor("/pl/groups/", pages), "/pl/offline/");
  assert.equal(offlinePageFor("/en/", pages), "/en/offline/");
  assert.equal(offlinePageFor("/groups/", pages), "/offline/");
  assert.equal(offlinePageFor("/plan/", pages), "/offline/");
  assert.equal(offlinePageFor("/", []), null);
});

test("a new release deletes only its own earlier caches", () => {
  const names = ["gemeinwerk-aaa", "gemeinwerk-bbb", "someone-else"];
  assert.deepEqual(oldCaches(names, "gemeinwerk-bbb", "gemeinwerk-"), ["gemeinwerk-aaa"]);
});
