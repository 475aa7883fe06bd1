import { z } from 'zod';
import { defineTask } from '../../platform/queue.js';

/** Every minute: what the clock does to shifts (auto check-out and approval, no-shows, unpaid shifts, notices). */
export const sweepShiftsTask = defineTask({
  name: 'jobs.sweep-shifts',
  payload: z.object({}),
  retry: { retryLimit: 0, retryDelay: 60, retryBackoff: false, expireInSeconds: 120 },
});
