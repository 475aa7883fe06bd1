import type { AppContext } from '../../platform/context.js';
import { createBackupTask } from './tasks.js';
import { backupSourceOf, createBackup } from './service.js';

/** Every day at 02:30 Kampala time, when the platform is quietest. */
export const DAILY_BACKUP_CRON = '30 2 * * *';

export async function registerBackupWorkers(ctx: AppContext): Promise<void> {
  await ctx.queue.work(createBackupTask, async (_payload, task) => {
    try {
      const result = await createBackup(backupSourceOf(ctx.database, ctx.config), ctx.config.backup);
      ctx.log.info({ file: result.file, bytes: result.bytes, removed: result.removed.length }, 'backup written');
    } catch (error) {
      ctx.log.error({ err: error, attempt: task.retryCount + 1, attempts: task.retryLimit + 1 }, 'backup failed');
      throw error;
    }
  });
  await ctx.queue.schedule(createBackupTask, DAILY_BACKUP_CRON, {});
}
