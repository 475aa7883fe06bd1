import type { AppContext } from '../../platform/context.js';
import { sweepShiftsJob } from './jobs.js';
import { sweepShifts } from './sweep.js';

export async function registerJobWorkers(ctx: AppContext): Promise<void> {
  await ctx.queue.work(sweepShiftsJob, () => sweepShifts(ctx));
  await ctx.queue.schedule(sweepShiftsJob, '* * * * *', {});
}
