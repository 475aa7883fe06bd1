import type { AppContext } from '../../platform/context.js';
import { offerShiftJob, remindShiftsJob, sendSmsJob, smsEmailFallbackJob } from './jobs.js';
import { offerShift } from './offers.js';
import { remindShifts } from './reminders.js';
import { deliverSms, sendEmailFallback } from './service.js';

export async function registerSmsWorkers(ctx: AppContext): Promise<void> {
  await ctx.queue.work(sendSmsJob, (payload, job) => deliverSms(ctx, payload.smsId, job));
  await ctx.queue.work(smsEmailFallbackJob, (payload) => sendEmailFallback(ctx, payload.smsId));
  await ctx.queue.work(offerShiftJob, (payload) => offerShift(ctx, payload.jobId));
  await ctx.queue.work(remindShiftsJob, async () => remindShifts(ctx, new Date()));
  await ctx.queue.schedule(remindShiftsJob, '*/15 * * * *', {});
}
