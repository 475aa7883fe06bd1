import type { AppContext } from '../../platform/context.js';
import { deleteStoredFilesTask, expireVerificationsTask } from './tasks.js';
import { deleteStoredFiles } from './service.js';
import { runCredentialExpiry } from './expiry.js';

/** Shortly after midnight in Kampala, when the day's expiries take effect. */
const EXPIRY_CRON = '5 0 * * *';

export async function registerDocumentWorkers(ctx: AppContext): Promise<void> {
  await ctx.queue.work(deleteStoredFilesTask, async ({ storageKeys }) => deleteStoredFiles(ctx, storageKeys));
  await ctx.queue.work(expireVerificationsTask, async () => {
    const outcome = await runCredentialExpiry(ctx, new Date());
    if (outcome.expired + outcome.reminded + outcome.lapsed > 0) ctx.log.info(outcome, 'credential expiry run');
  });
  await ctx.queue.schedule(expireVerificationsTask, EXPIRY_CRON, {});
}
