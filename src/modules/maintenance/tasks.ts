import { z } from 'zod';
import { defineTask } from '../../platform/queue.js';

export const purgeRateLimitsTask = defineTask({
  name: 'maintenance.purge-rate-limits',
  payload: z.object({}),
  retry: { retryLimit: 2, retryDelay: 60, retryBackoff: true, expireInSeconds: 300 },
});
