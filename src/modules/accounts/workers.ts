import type { AppContext } from '../../platform/context.js';
import { sendAccountLink, sendAccountLinkTask } from './account-links.js';

export async function registerAccountWorkers(ctx: AppContext): Promise<void> {
  await ctx.queue.work(sendAccountLinkTask, (link, task) => sendAccountLink(ctx, link, task.id));
}
