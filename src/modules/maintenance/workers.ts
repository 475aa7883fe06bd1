import type { AppContext } from '../../platform/context.js';
import { purgeExpiredBuckets } from '../../platform/throttle.js';
import { purgeRateLimitsTask } from './tasks.js';

export async function registerMaintenanceWorkers(ctx: AppContext): Promise<void> {
  await ctx.queue.work(purgeRateLimitsTask, async () => purgeExpiredBuckets(ctx.db));
  await ctx.queue.schedule(purgeRateLimitsTask, '17 * * * *', {});
}
