import type { AppContext } from '../../platform/context.js';
import { deliverNotificationJob } from './jobs.js';
import { deliverNotification } from './service.js';

export async function registerNotificationWorkers(ctx: AppContext): Promise<void> {
  await ctx.queue.work(deliverNotificationJob, (payload, job) => deliverNotification(ctx, payload.notificationId, job));
}
