import { z } from 'zod';
import { defineTask } from '../../platform/queue.js';

export const createBackupTask = defineTask({
  name: 'backups.create',
  payload: z.object({}),
  // A dump of a large database takes a while; a failed one is retried a little later.
  retry: { retryLimit: 2, retryDelay: 600, retryBackoff: true, expireInSeconds: 4 * 3600 },
});
