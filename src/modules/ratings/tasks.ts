import { z } from 'zod';
import { defineTask } from '../../platform/queue.js';

/** How long after completion both parties are reminded to rate (if they have not). */
export const RATE_REMINDER_DELAY_SECONDS = 2 * 60 * 60;

/** Queued in the transaction that completes a job. */
export const rateReminderTask = defineTask({
  name: 'ratings.remind',
  payload: z.object({ jobId: z.uuid() }),
  retry: { retryLimit: 5, retryDelay: 60, retryBackoff: true, expireInSeconds: 60 },
});
