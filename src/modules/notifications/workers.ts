import type { AppContext } from '../../platform/context.js';
import { deliverNotificationTask } from './tasks.js';
import { deliverNotification } from './service.js';

export async function registerNotificationWorkers(ctx: AppContext): Promise<void> {
  await ctx.queue.work(deliverNotificationTask, (payload, task) => deliverNotification(ctx, payload.notificationId, task));
}
