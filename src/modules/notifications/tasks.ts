import { z } from 'zod';
import { defineTask } from '../../platform/queue.js';

/** Delivers one recorded notification on the user's other channels (email, SMS). */
export const deliverNotificationTask = defineTask({
  name: 'notifications.deliver',
  payload: z.object({ notificationId: z.uuid() }),
  // An attempt sends one email and one SMS, whose own timeouts (channels/) end it well inside its expiry.
  retry: { retryLimit: 8, retryDelay: 15, retryBackoff: true, expireInSeconds: 90 },
});
