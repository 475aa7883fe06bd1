import type { AppContext } from '../../platform/context.js';
import { rateReminderTask } from './tasks.js';
import { remindToRate } from './service.js';

export async function registerRatingWorkers(ctx: AppContext): Promise<void> {
  await ctx.queue.work(rateReminderTask, (payload) => remindToRate(ctx, payload.jobId));
}
