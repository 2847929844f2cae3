// Service worker registration without workbox-window: report "ready to work
// offline" after the first install and "update available" when a new worker
// waits. The page asks the waiting worker to take over only when the user
// taps Update and the outbox is empty; the worker checks the outbox again.
let reloading = false;

export function registerSW({ onOfflineReady, onUpdate }) {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const firstInstall = !navigator.serviceWorker.controller;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (firstInstall || reloading) return;
    reloading = true;
    location.reload();
  });
  navigator.serviceWorker
    .register('/sw.js', { scope: '/' })
    .then((reg) => {
      const track = (sw) => {
        if (!sw) return;
        sw.addEventListener('statechange', () => {
          if (sw.state === 'installed' && navigator.serviceWorker.controller && !firstInstall) onUpdate(reg);
          if (sw.state === 'activated' && firstInstall) onOfflineReady();
        });
      };
      if (reg.waiting && navigator.serviceWorker.controller) onUpdate(reg);
      track(reg.installing);
      reg.addEventListener('updatefound', () => track(reg.installing));
      setInterval(() => reg.update().catch(() => {}), 60 * 60 * 1000);
    })
    .catch(() => {});
}

/** Ask the waiting worker to activate (it refuses while the outbox holds items). */
export function applyUpdate(reg) {
  reg?.waiting?.postMessage({ type: 'SKIP_WAITING' });
}
