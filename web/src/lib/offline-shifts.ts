import type { JobView } from '@contracts/jobs';

/** The service worker (web/sw/sw.ts) keeps each answer of GET /me/jobs here, stamped with when it came. */
const OFFLINE_CACHE = 'qgig-offline';
const STORED_AT = 'x-qgig-stored-at';
const UPCOMING: ReadonlySet<JobView['status']> = new Set(['open', 'assigned', 'paid', 'checked_in']);

export interface OfflineShifts {
  jobs: JobView[];
  updatedAt: string;
}

/** The caller's upcoming shifts from the newest copy the service worker kept, for when the server cannot be reached. */
export async function readOfflineShifts(): Promise<OfflineShifts | undefined> {
  if (!('caches' in window)) return undefined;
  const cache = await caches.open(OFFLINE_CACHE);
  let newest: { response: Response; updatedAt: string } | undefined;
  for (const key of await cache.keys()) {
    const response = await cache.match(key);
    const updatedAt = response?.headers.get(STORED_AT);
    if (response && updatedAt && (!newest || updatedAt > newest.updatedAt)) newest = { response, updatedAt };
  }
  if (!newest) return undefined;
  const { items } = (await newest.response.json()) as { items: JobView[] };
  const now = new Date().toISOString();
  const jobs = items.filter((job) => UPCOMING.has(job.status) && job.endsAt > now).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return { jobs, updatedAt: newest.updatedAt };
}

/** On sign-out: the next person on this browser never sees them. */
export async function forgetOfflineShifts(): Promise<void> {
  if ('caches' in window) await caches.delete(OFFLINE_CACHE);
}
