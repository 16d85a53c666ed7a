// How the service worker (sw.js) answers each request, without the worker itself, so
// that Node's test runner can check it (frontend/tests/strategy.test.mjs).

// Not ours to answer: the browser asks the server as if there were no service worker.
export const PASS = "pass";
// A page: always from the server; without a connection, the kept offline page.
export const PAGE = "page";
// A static file (style sheets, fonts, scripts, icons): kept, and fetched only once.
export const STATIC = "static";

/** Which of the three a request gets. `origin` is the site's, `staticPrefix` "/static/". */
export function strategyFor(request, origin, staticPrefix) {
  // A form sent without a connection must fail where the person sees it; nothing sent
  // is kept or sent again later.
  if (request.method !== "GET") return PASS;
  const url = new URL(request.url);
  if (url.origin !== origin) return PASS;
  if (request.mode === "navigate") return PAGE;
  // Only static files are kept: pages, htmx fragments and pictures may be private.
  if (url.pathname.startsWith(staticPrefix)) return STATIC;
  return PASS;
}

/** The offline page for an address: the one of the language whose prefix it has.
 * `pages` come longest prefix first ({prefix: "/pl/", url: "/pl/offline/"}, ..., {prefix: "/", ...}). */
export function offlinePageFor(pathname, pages) {
  const page = pages.find((candidate) => pathname.startsWith(candidate.prefix));
  return page ? page.url : null;
}

/** The caches an earlier version of the service worker left, to be deleted. */
export function oldCaches(names, current, prefix) {
  return names.filter((name) => name.startsWith(prefix) && name !== current);
}
