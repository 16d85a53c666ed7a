// Warns before the idle sign-out and lets the person stay signed in.
// The server signs out after SESSION_IDLE_SECONDS without a request; this only shows the
// warning two minutes before and, on "Stay signed in", makes a request that counts.
const dialog = document.getElementById("gw-session-warning");

if (dialog) {
  const idle = Number(dialog.dataset.idleSeconds) * 1000;
  const warn = Number(dialog.dataset.warnSeconds) * 1000;
  let warnTimer;
  let endTimer;

  const csrfToken = () => {
    const headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
    return headers["X-CSRFToken"] || "";
  };

  const schedule = () => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(() => {
      if (!dialog.open) dialog.showModal();
    }, Math.max(idle - warn, 0));
    // Past the limit the server has signed the person out: reloading shows the
    // sign-in page with a message, instead of a page that silently stopped working.
    endTimer = setTimeout(() => window.location.reload(), idle + 1000);
  };

  dialog.querySelector('[data-action="extend"]').addEventListener("click", async () => {
    // A signed-out session is answered with a redirect to the sign-in page: only the
    // JSON answer of the extend view counts as "still signed in".
    const response = await fetch(dialog.dataset.extendUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      credentials: "same-origin",
      redirect: "manual",
    });
    if (response.status === 200) {
      dialog.close();
      schedule();
    } else {
      window.location.reload();
    }
  });
  document.body.addEventListener("htmx:afterRequest", schedule);
  schedule();
}
