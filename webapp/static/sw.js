// The service worker: keeps the signed-in person's own shifts (with today's visit list) and
// their last passport share QR for when there is no signal, and the site's static files.
// Pages are cached only after the server answered them for a signed-in person (a 200 that
// was not redirected to the sign-in page), and the private cache is deleted on sign-out.
const PRIVATE = "place-private-v1";
const STATIC = "place-static-v1";
const OFFLINE_PAGES = ["/me/shifts", "/me/passport/share"];
const LAST_QR = "/me/passport/share?offline-copy=last-qr";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("message", (event) => {
  const { type, path } = event.data || {};
  if (type === "sign-out") {
    event.waitUntil(caches.delete(PRIVATE));
  } else if (type === "keep" && OFFLINE_PAGES.includes(path)) {
    // The page the person has open, fetched again so the worker holds a clean copy.
    event.waitUntil(fetch(path, { credentials: "same-origin" }).then((r) => keep(path, r)));
  }
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/") && event.request.method === "GET") {
    event.respondWith(staticFirst(event.request));
  } else if (OFFLINE_PAGES.includes(url.pathname) && event.request.mode === "navigate") {
    event.respondWith(networkFirst(event.request, url.pathname));
  }
});

async function keep(path, response) {
  if (response.status === 200 && !response.redirected) {
    const cache = await caches.open(PRIVATE);
    const body = await response.clone().text();
    await cache.put(path, new Response(body, { headers: {
      "Content-Type": "text/html; charset=utf-8", "X-Synced-At": new Date().toISOString() } }));
  } else if (response.redirected && new URL(response.url).pathname === "/login") {
    await caches.delete(PRIVATE); // signed out elsewhere or the session ended
  }
  return response;
}

async function networkFirst(request, path) {
  try {
    const response = await fetch(request);
    // A new share's QR comes back from the POST: keep it as the share page's offline copy.
    return keep(request.method === "POST" ? LAST_QR : path, response);
  } catch (offline) {
    const cache = await caches.open(PRIVATE);
    const copy = (path === "/me/passport/share" && (await cache.match(LAST_QR))) ||
      (await cache.match(path));
    return copy ? marked(copy) : new Response("<h1>You are offline</h1><p>Open this page once with a " +
      "signal to keep a copy on this device.</p>", { status: 503,
      headers: { "Content-Type": "text/html; charset=utf-8" } });
  }
}

async function staticFirst(request) {
  const cache = await caches.open(STATIC);
  const hit = await cache.match(request);
  const fresh = fetch(request).then((response) => {
    if (response.ok) cache.put(request, response.clone());
    return response;
  });
  return hit || fresh;
}

// A page that does not say when it was synced (the share QR) gets a note saying so.
async function marked(copy) {
  const body = await copy.text();
  if (body.includes("data-synced-at")) return new Response(body, { headers: copy.headers });
  const when = new Date(copy.headers.get("X-Synced-At")).toLocaleString("en-GB", {
    timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", weekday: "long",
    day: "numeric", month: "long" });
  const note = `<div class="nhsuk-inset-text" role="status"><p>You are offline. This copy ` +
    `was last synced at ${when}.</p></div>`;
  return new Response(body.replace(/(<main[^>]*>)/, `$1${note}`), { headers: copy.headers });
}
