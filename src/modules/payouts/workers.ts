import type { AppContext } from '../../platform/context.js';
import { processPayout, reconcilePayouts } from './service.js';
import { reconcilePayoutsTask, sendPayoutTask } from './tasks.js';

const PAYOUT_WORKERS = 12;

export async function registerPayoutWorkers(ctx: AppContext): Promise<void> {
  // Several workers: a payout waits on the network (and its first status checks), not on this process.
  for (let worker = 0; worker < PAYOUT_WORKERS; worker += 1)
    await ctx.queue.work(sendPayoutTask, (payload) => processPayout(ctx, payload.payoutId, payload.checks));
  await ctx.queue.work(reconcilePayoutsTask, async () => {
    await reconcilePayouts(ctx);
  });
  await ctx.queue.schedule(reconcilePayoutsTask, '* * * * *', {});
}
