import { z } from 'zod';
import { defineJob } from '../../platform/queue.js';

export const purgeRateLimitsJob = defineJob({
  name: 'maintenance.purge-rate-limits',
  payload: z.object({}),
  retry: { retryLimit: 2, retryDelay: 60, retryBackoff: true, expireInSeconds: 300 },
});
