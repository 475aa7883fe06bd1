import { sql } from 'drizzle-orm';
import type { AppContext } from '../../src/platform/context.js';

/** Makes jobs waiting for a start time or a retry delay runnable now: the test's stand-in for time passing. */
export async function fastForwardJobs(ctx: AppContext, queueName: string): Promise<void> {
  await ctx.db.execute(sql`UPDATE pgboss.job SET start_after = now() WHERE name = ${queueName} AND state IN ('created', 'retry')`);
}
