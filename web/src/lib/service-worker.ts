import { useSyncExternalStore } from 'react';

let updateReady = false;
const listeners = new Set<() => void>();

/**
 * Registers /sw.js once the page has loaded (the worker is never part of the first download). When a
 * newer worker takes over a page that an older one served, the page says so and offers a reload: the
 * page's scripts are the old build's until then.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !import.meta.env.PROD) return;
  const hadController = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (!hadController) return;
    updateReady = true;
    for (const listener of listeners) listener();
  });
  window.addEventListener('load', () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined), { once: true });
}

export function useUpdateReady(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => updateReady,
  );
}
