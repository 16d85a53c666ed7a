// Every page loads this (base.html). It registers the service worker (sw.js, served at
// the address in data-service-worker), which lets phones keep the platform on their
// home screen and shows a page of our own when the connection is gone. Without script
// or without service workers everything works as before; only that page is missing.
const script = document.currentScript;

if ("serviceWorker" in navigator && script && script.dataset.serviceWorker) {
  navigator.serviceWorker.register(script.dataset.serviceWorker).catch(() => {
    // A browser that refuses (private windows, a policy) keeps the plain website.
  });
}

// "Print this page" buttons (the networks' newcomer page) are hidden until this script
// runs: without it, the browser's own print command prints the same page.
for (const button of document.querySelectorAll("button[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
