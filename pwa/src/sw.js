// Service worker: precache the revisioned build (the manifest is injected by
// vite-plugin-pwa), drop caches of older builds, serve the app shell and the
// customer page for navigations. No API caching here: the app keeps its data
// in IndexedDB, and the outbox is the app's own (no background-sync replay).
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { clientsClaim } from 'workbox-core';
import { countUnsent } from './db.js';

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// The first install controls open pages at once, so the very first visit
// already works offline after a reload. Updates still wait (see below).
clientsClaim();

registerRoute(new NavigationRoute(createHandlerBoundToURL('customer.html'), { allowlist: [/^\/c\/[^/]+\/?$/] }));
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//, /^\/c\//, /^\/healthz/, /\.[a-z0-9]+$/i] }));

// Never skip waiting while any user's outbox holds unsent items: the new
// version could change what the old page was about to send.
self.addEventListener('message', (event) => {
  if (event.data?.type !== 'SKIP_WAITING') return;
  event.waitUntil(
    countUnsent()
      .catch(() => 1)
      .then((n) => (n === 0 ? self.skipWaiting() : undefined)),
  );
});
