import { z } from 'zod';
import { defineTask } from '../../platform/queue.js';

/** Every minute: what the clock does to shifts (auto check-out and approval, no-shows, unpaid shifts, notices). */
export const sweepShiftsTask = defineTask({
  name: 'jobs.sweep-shifts',
  payload: z.object({}),
  retry: { retryLimit: 0, retryDelay: 60, retryBackoff: false, expireInSeconds: 120 },
});

/** Nightly: every institution's cancellation counts again, as the window moves on by a day. */
export const recountStandingsTask = defineTask({
  name: 'jobs.recount-standings',
  payload: z.object({}),
  retry: { retryLimit: 5, retryDelay: 300, retryBackoff: true, expireInSeconds: 600 },
});
