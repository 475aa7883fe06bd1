import { z } from 'zod';
import { defineTask } from '../../platform/queue.js';

/** Queued in the transaction that stops referencing the files (superseded, erased): delete them from the store. */
export const deleteStoredFilesTask = defineTask({
  name: 'documents.delete-stored-files',
  payload: z.object({ storageKeys: z.array(z.string().min(1)).min(1).max(100) }),
  retry: { retryLimit: 10, retryDelay: 30, retryBackoff: true, expireInSeconds: 120 },
});

/** Daily: documents whose expiry day came become expired (their owners un-verified), and expiry reminders go out. */
export const expireVerificationsTask = defineTask({
  name: 'documents.expire-verifications',
  payload: z.object({}),
  retry: { retryLimit: 5, retryDelay: 300, retryBackoff: true, expireInSeconds: 300 },
});
