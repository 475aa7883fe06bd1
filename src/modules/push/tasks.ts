import { z } from 'zod';
import { PushMessage } from '../../contracts/push.js';
import { defineTask } from '../../platform/queue.js';

/** Pushes one message to a user's browsers, unless the user has a live notification stream open. */
export const sendPushTask = defineTask({
  name: 'push.send',
  payload: z.object({ userId: z.uuid(), message: PushMessage }),
  // Each request to a push service times out after PUSH_TIMEOUT_MS (service.ts), well inside the expiry.
  retry: { retryLimit: 4, retryDelay: 30, retryBackoff: true, expireInSeconds: 90 },
});
