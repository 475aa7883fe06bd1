import type { AppContext } from '../../platform/context.js';
import { purgeExpiredBuckets } from '../../platform/throttle.js';
import { purgeRateLimitsJob } from './jobs.js';

export async function registerMaintenanceWorkers(ctx: AppContext): Promise<void> {
  await ctx.queue.work(purgeRateLimitsJob, async () => purgeExpiredBuckets(ctx.db));
  await ctx.queue.schedule(purgeRateLimitsJob, '17 * * * *', {});
}
