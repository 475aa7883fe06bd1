import { z } from 'zod';
import { defineTask } from '../../platform/queue.js';

/** Sends one recorded SMS through Africa's Talking; queued with startAfter when quiet hours defer it. */
export const sendSmsTask = defineTask({
  name: 'sms.send',
  payload: z.object({ smsId: z.uuid() }),
  // The client's own timeout (AT_TIMEOUT_MS, 15 s by default) ends an attempt well inside its expiry.
  retry: { retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 90 },
});

/** An SMS that finally failed goes out by email instead. */
export const smsEmailFallbackTask = defineTask({
  name: 'sms.email-fallback',
  payload: z.object({ smsId: z.uuid() }),
  retry: { retryLimit: 8, retryDelay: 15, retryBackoff: true, expireInSeconds: 90 },
});

/** Offers a shift open to everyone by SMS and push to its best matches (after the favourites' head start, when it has one). */
export const offerShiftTask = defineTask({
  name: 'sms.offer-shift',
  payload: z.object({ jobId: z.uuid() }),
  retry: { retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 120 },
});

/** Every 15 minutes: reminders for shifts starting soon (the evening before, and a few hours before). */
export const remindShiftsTask = defineTask({
  name: 'sms.remind-shifts',
  payload: z.object({}),
  retry: { retryLimit: 2, retryDelay: 60, retryBackoff: false, expireInSeconds: 300 },
});
