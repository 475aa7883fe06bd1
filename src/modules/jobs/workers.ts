import type { AppContext } from '../../platform/context.js';
import { recountStandings } from './repository.js';
import { recountStandingsTask, sweepShiftsTask } from './tasks.js';
import { sweepShifts } from './sweep.js';

/** Past midnight in Kampala, a quiet hour: the cancellation windows have moved on by a day. */
export const RECOUNT_CRON = '20 0 * * *';

export async function registerJobWorkers(ctx: AppContext): Promise<void> {
  await ctx.queue.work(sweepShiftsTask, () => sweepShifts(ctx));
  await ctx.queue.schedule(sweepShiftsTask, '* * * * *', {});
  await ctx.queue.work(recountStandingsTask, () => ctx.db.transaction((tx) => recountStandings(tx, 'every institution')));
  await ctx.queue.schedule(recountStandingsTask, RECOUNT_CRON, {});
}
