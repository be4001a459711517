// Installable and offline: register the service worker, ask it to keep the page the person
// has open (if it is one kept offline), say when a page shown offline was last synced, and
// delete the private copies when the person signs out (or is found signed out).
const PRIVATE = "place-private-v1";
const signedIn = document.querySelector('meta[name="app-signed-in"]')?.content === "yes";
const servedByWorker = Boolean(navigator.serviceWorker?.controller); // before it claims us

async function clearPrivate() {
  if ("caches" in window) await caches.delete(PRIVATE);
  navigator.serviceWorker?.controller?.postMessage({ type: "sign-out" });
}

function showOffline() {
  const note = document.querySelector(".app-offline-note");
  const synced = document.querySelector("[data-synced-at]");
  if (!note || !synced) return;
  const when = synced.textContent.trim().replace(/^Last synced at /, "");
  note.textContent = navigator.onLine ? "" :
    `You are offline. This copy was last synced at ${when}: changes since then are not shown.`;
  note.classList.toggle("nhsuk-u-visually-hidden", navigator.onLine);
}

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").then(async () => {
    const ready = await navigator.serviceWorker.ready;
    // A page the worker already served is cached as it passed; only the first visit, before
    // the worker controlled the page, needs fetching again.
    if (signedIn && navigator.onLine && !servedByWorker) {
      ready.active.postMessage({ type: "keep", path: location.pathname });
    }
  });
}
if (!signedIn) clearPrivate();
document.querySelectorAll(".nhsuk-header__account-form").forEach((form) => {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    await clearPrivate();
    form.submit();
  });
});
window.addEventListener("online", showOffline);
window.addEventListener("offline", showOffline);
showOffline();
