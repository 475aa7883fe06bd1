import type { AppContext } from '../../platform/context.js';
import { deleteStoredFilesTask, expireVerificationsTask } from './tasks.js';
import { deleteStoredFiles } from './service.js';
import { expireLapsedVerifications } from './verification.js';

/** Shortly after midnight in Kampala, when the day's expiries take effect. */
const EXPIRY_CRON = '5 0 * * *';

export async function registerDocumentWorkers(ctx: AppContext): Promise<void> {
  await ctx.queue.work(deleteStoredFilesTask, async ({ storageKeys }) => deleteStoredFiles(ctx, storageKeys));
  await ctx.queue.work(expireVerificationsTask, async () => {
    const lapsed = await expireLapsedVerifications(ctx.db);
    if (lapsed.length > 0) ctx.log.info({ count: lapsed.length }, 'verification lapsed: credentials expired');
  });
  await ctx.queue.schedule(expireVerificationsTask, EXPIRY_CRON, {});
}
