import { z } from 'zod';
import { defineTask } from '../../platform/queue.js';

/**
 * Hands a payout to its network, or asks where it stands: queued with the payout, again while the
 * network says pending, and by the MTN callback. A retry asks the status under the same reference
 * before it sends anything.
 */
export const sendPayoutTask = defineTask({
  name: 'payouts.send',
  payload: z.object({ payoutId: z.uuid(), checks: z.number().int().min(0).default(0) }),
  // A token, a transfer and a few status calls, each bounded by PAYOUT_TIMEOUT_MS.
  retry: { retryLimit: 12, retryDelay: 5, retryBackoff: true, expireInSeconds: 180 },
});

/** Every minute: pending payouts nothing has looked at for a while are checked again (a lost follow-up, a crash). */
export const reconcilePayoutsTask = defineTask({
  name: 'payouts.reconcile',
  payload: z.object({}),
  retry: { retryLimit: 0, retryDelay: 60, retryBackoff: false, expireInSeconds: 120 },
});
