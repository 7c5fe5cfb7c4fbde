// Linli's service worker: the app from the device on the second visit, and
// readable schedules when the network drops. Small and plain on purpose.
//
// - The app's files (hashed names, listed at build time by
//   scripts/sw-manifest.sh) and the page itself: precached, cache-first.
// - The staff page (volunteer/, its own bundle): the same, but only on a
//   device that opens it (a volunteer's phone, a kiosk where volunteers
//   sign in), so residents' devices never download the staff screens.
// - Navigations: network first, the cached page when the network fails
//   (the staff page for /volunteer and /manage, else the residents').
// - config.json: network first, the cached copy offline.
// - The catalog, closures and centre files (static files or the API's) and
//   the kiosk's surname table: stale-while-revalidate.
// - The API's slots: network first, the cached copy offline, marked with
//   X-Linli-Offline so the app pauses booking and says how old it is.
// - Anything else under /api/ (bookings, look-ups, rosters, sign-in: all
//   personal) never touches a cache.
//
// A new version waits for a page load with no other page open (see
// navigate()): on a kiosk that is the idle reset, never a resident's booking.

const VERSION = 'dev'; // replaced at build time
const PRECACHE = []; // replaced at build time: the hashed app files
const STAFF = []; // replaced at build time: the staff page's other hashed files
const STAFF_PAGE = 'volunteer/';
const STAFF_PATH = /^(volunteer|manage)(\/|$)/;
const APP_CACHE = `linli-app-${VERSION}`;
const DATA_CACHE = 'linli-data';
const SCOPE = new URL(self.registration.scope).pathname;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(APP_CACHE).then(async (cache) => {
      await cache.addAll(['./', 'config.json', 'surnames.json', ...PRECACHE]);
      if (await opensStaffPage()) await cache.addAll([STAFF_PAGE, ...STAFF]);
    }),
  );
});

// A path below the scope: 'volunteer/roster', 'data/catalog.json'.
function below(pathname) {
  return pathname.startsWith(SCOPE) ? pathname.slice(SCOPE.length) : pathname;
}

// Whether this device uses the staff page: it is open now (a first visit
// installs the worker from it), or the version before kept it.
async function opensStaffPage() {
  const open = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  return open.some((c) => STAFF_PATH.test(below(new URL(c.url).pathname))) || !!(await caches.match(STAFF_PAGE));
}

self.addEventListener('message', (event) => {
  if (event.data === 'activate') self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith('linli-app-') && k !== APP_CACHE).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  const path = below(url.pathname);
  if (request.mode === 'navigate') {
    const staff = STAFF_PATH.test(path);
    event.respondWith(navigate(request, staff ? STAFF_PAGE : './'));
    // The staff page opened on a device that had no use for it before.
    if (staff) event.waitUntil(keep(STAFF_PAGE).catch(() => {}));
    return;
  }
  if (/(^|\/)api\/v\d+\/(catalog|closures|centers\/[^/]+)$/.test(url.pathname)) {
    event.respondWith(staleWhileRevalidate(event));
  } else if (/(^|\/)api\/v\d+\/slots$/.test(url.pathname)) {
    event.respondWith(networkFirst(request, DATA_CACHE));
  } else if (url.pathname.includes('/api/')) {
    // Personal or live: straight to the network, never stored.
  } else if (path === 'config.json') {
    event.respondWith(networkFirst(request, APP_CACHE));
  } else if (path.startsWith('data/') || path === 'surnames.json') {
    event.respondWith(staleWhileRevalidate(event));
  } else if (PRECACHE.includes(path)) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  } else if (STAFF.includes(path)) {
    event.respondWith(caches.match(request).then((hit) => hit || fetchAndKeep(request)));
  }
});

// Into the app's cache, unless it is there already.
async function keep(request) {
  const cache = await caches.open(APP_CACHE);
  if (!(await cache.match(request))) await cache.add(request);
}

async function fetchAndKeep(request) {
  const response = await fetch(request);
  if (response.ok) await (await caches.open(APP_CACHE)).put(request, response.clone());
  return response;
}

// A page load (`page`: the cached page to answer with offline). When a new version is waiting and this is the only page
// open (a kiosk's idle reset, a phone's next visit), the new version takes
// over and the page loads again from it at once; with another page open it
// keeps waiting, so nobody's booking changes under their hands.
//
// The new version can't take over while this worker still answers a
// request, so the page is asked to load again once (Refresh: 0). Should
// that second load come before the new version is active, it is served as
// usual and the new version claims the page right after; asking again each
// time could keep a busy device reloading an empty page.
let takeoverAsked = null;
async function navigate(request, page) {
  const waiting = self.registration.waiting;
  if (waiting && waiting !== takeoverAsked && (await self.clients.matchAll({ type: 'window' })).length <= 1) {
    takeoverAsked = waiting;
    waiting.postMessage('activate');
    return new Response('', { headers: { Refresh: '0' } });
  }
  return networkFirst(request, APP_CACHE, page);
}

// The network's answer, kept for later; offline, the kept one (or the
// fallback's), marked so the app knows it is old.
async function networkFirst(request, cacheName, fallback) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok && !fallback) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const hit = (await cache.match(request)) || (fallback && (await cache.match(fallback)));
    if (!hit) throw error;
    return fallback ? hit : marked(hit, 'x-linli-offline');
  }
}

// The kept copy at once (marked as such, so it tells the app nothing about
// the network), refreshed in the background; the network when none is kept.
async function staleWhileRevalidate(event) {
  const request = event.request;
  const cache = await caches.open(DATA_CACHE);
  const hit = await cache.match(request);
  const fresh = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(request, response.clone());
    return response;
  });
  if (!hit) return fresh;
  event.waitUntil(fresh.catch(() => {}));
  return marked(hit, 'x-linli-cache');
}

function marked(response, header) {
  const headers = new Headers(response.headers);
  headers.set(header, '1');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
