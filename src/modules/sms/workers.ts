import type { AppContext } from '../../platform/context.js';
import { offerShiftTask, remindShiftsTask, sendSmsTask, smsEmailFallbackTask } from './tasks.js';
import { offerShift } from './offers.js';
import { remindShifts } from './reminders.js';
import { deliverSms, sendEmailFallback } from './service.js';

export async function registerSmsWorkers(ctx: AppContext): Promise<void> {
  await ctx.queue.work(sendSmsTask, (payload, task) => deliverSms(ctx, payload.smsId, task));
  await ctx.queue.work(smsEmailFallbackTask, (payload) => sendEmailFallback(ctx, payload.smsId));
  await ctx.queue.work(offerShiftTask, (payload) => offerShift(ctx, payload.jobId));
  await ctx.queue.work(remindShiftsTask, async () => remindShifts(ctx, new Date()));
  await ctx.queue.schedule(remindShiftsTask, '*/15 * * * *', {});
}
