import type { AppContext } from '../../platform/context.js';
import { rateReminderJob } from './jobs.js';
import { remindToRate } from './service.js';

export async function registerRatingWorkers(ctx: AppContext): Promise<void> {
  await ctx.queue.work(rateReminderJob, (payload) => remindToRate(ctx, payload.jobId));
}
