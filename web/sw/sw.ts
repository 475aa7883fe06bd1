/// <reference lib="webworker" />
/**
 * Qgig's service worker, served at /sw.js. The build (web/build/service-worker.ts) replaces
 * __QGIG_PRECACHE__ with the built files, so every build is a new worker with its own shell cache.
 *
 * - The app shell (index.html, the hashed scripts and styles, icons) is precached: the app opens offline.
 * - Pages are network-first: online, a reload always gets the index.html of the newest build (never a
 *   stale shell); offline, the cached one. Hashed assets never change, so they come from the cache.
 * - The caller's shifts (GET /api/v1/me/jobs) are copied when they arrive, stamped with the time, so
 *   the app can show them offline with when they were last updated. A sign-out deletes the copies.
 * - A new worker takes over at once (skipWaiting, clients.claim); the page offers a reload.
 * - Pushes are shown as notifications; a click opens (or focuses) the page they are about.
 */
const sw = self as unknown as ServiceWorkerGlobalScope;

const PRECACHE = JSON.parse('__QGIG_PRECACHE__') as { version: string; files: string[] };
const SHELL_CACHE = `qgig-shell-${PRECACHE.version}`;
/** Also read by the page (web/src/lib/offline-shifts.ts). */
const OFFLINE_CACHE = 'qgig-offline';
const STORED_AT = 'x-qgig-stored-at';
const SHIFTS_PATH = '/api/v1/me/jobs';

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      await cache.addAll(PRECACHE.files.map((file) => new Request(file, { cache: 'reload' })));
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith('qgig-shell-') && name !== SHELL_CACHE) await caches.delete(name);
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== sw.location.origin) return;
  if (request.mode === 'navigate') event.respondWith(page(request));
  else if (url.pathname === SHIFTS_PATH) event.respondWith(shifts(request));
  else if (PRECACHE.files.includes(url.pathname)) event.respondWith(shellFile(request));
});

async function page(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (error) {
    const shell = await caches.match('/index.html', { cacheName: SHELL_CACHE });
    if (shell) return shell;
    throw error;
  }
}

async function shellFile(request: Request): Promise<Response> {
  return (await caches.match(request, { cacheName: SHELL_CACHE })) ?? fetch(request);
}

async function shifts(request: Request): Promise<Response> {
  const response = await fetch(request);
  if (response.ok) {
    const copy = new Headers(response.headers);
    copy.set(STORED_AT, new Date().toISOString());
    const body = await response.clone().arrayBuffer();
    const cache = await caches.open(OFFLINE_CACHE);
    await cache.put(request.url, new Response(body, { status: response.status, headers: copy }));
  }
  return response;
}

sw.addEventListener('push', (event) => {
  const message = (event.data?.json() ?? {}) as { title?: string; body?: string; path?: string; tag?: string };
  event.waitUntil(
    sw.registration.showNotification(message.title ?? 'Qgig', {
      body: message.body,
      tag: message.tag,
      icon: '/icons/icon-192.png',
      badge: '/icons/maskable-192.png',
      data: { path: message.path ?? '/' },
    }),
  );
});

sw.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const path = (event.notification.data as { path?: string } | null)?.path ?? '/';
  event.waitUntil(
    (async () => {
      const windows = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((client) => new URL(client.url).origin === sw.location.origin);
      if (open) await (await open.focus()).navigate(path);
      else await sw.clients.openWindow(path);
    })(),
  );
});
