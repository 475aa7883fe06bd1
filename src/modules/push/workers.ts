import type { AppContext } from '../../platform/context.js';
import { deliverPush } from './service.js';
import { sendPushTask } from './tasks.js';

export async function registerPushWorkers(ctx: AppContext): Promise<void> {
  await ctx.queue.work(sendPushTask, (payload) => deliverPush(ctx, payload.userId, payload.message));
}
