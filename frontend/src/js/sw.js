// The service worker, served at /sw.js by gemeinwerk/core/pwa.py, which puts this
// installation's settings in front of it as self.gemeinwerkServiceWorker: the cache's
// name (new for every release), the static files and the offline pages to keep.
//
// It keeps only public things: the offline pages (fetched without cookies, so they hold
// nobody's name) and static files. Pages always come from the server and are never
// kept; requests other than GET are left alone, so nothing sent is kept or replayed.
import { PAGE, STATIC, offlinePageFor, oldCaches, strategyFor } from "./offline/strategy.js";

const config = self.gemeinwerkServiceWorker;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(config.cache);
      const pages = config.offlinePages.map((page) => new Request(page.url, { credentials: "omit" }));
      await cache.addAll([...config.precache, ...pages]);
      // A new release takes over at once: its cache has what the new pages link to.
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const stale = oldCaches(await caches.keys(), config.cache, config.cachePrefix);
      await Promise.all(stale.map((name) => caches.delete(name)));
      // The browser asks for a page while the worker starts, instead of after: pages
      // come as fast as without a worker.
      if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
    })(),
  );
});

async function pageOrOffline(event) {
  const request = event.request;
  try {
    return (await event.preloadResponse) || (await fetch(request));
  } catch (error) {
    // No answer at all (an answer with an error status is shown as it is).
    const url = offlinePageFor(new URL(request.url).pathname, config.offlinePages);
    const kept = url && (await caches.match(url, { cacheName: config.cache, ignoreVary: true }));
    if (kept) return kept;
    throw error;
  }
}

async function keptOrFetched(request) {
  const cache = await caches.open(config.cache);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const strategy = strategyFor(event.request, self.location.origin, config.staticPrefix);
  if (strategy === PAGE) event.respondWith(pageOrOffline(event));
  else if (strategy === STATIC) event.respondWith(keptOrFetched(event.request));
});
