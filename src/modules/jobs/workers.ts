import type { AppContext } from '../../platform/context.js';
import { sweepShiftsTask } from './tasks.js';
import { sweepShifts } from './sweep.js';

export async function registerJobWorkers(ctx: AppContext): Promise<void> {
  await ctx.queue.work(sweepShiftsTask, () => sweepShifts(ctx));
  await ctx.queue.schedule(sweepShiftsTask, '* * * * *', {});
}
