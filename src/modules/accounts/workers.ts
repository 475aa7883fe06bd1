import type { AppContext } from '../../platform/context.js';
import { sendAccountLink, sendAccountLinkJob } from './account-links.js';

export async function registerAccountWorkers(ctx: AppContext): Promise<void> {
  await ctx.queue.work(sendAccountLinkJob, (link) => sendAccountLink(ctx, link));
}
