import { sql } from 'drizzle-orm';
import type { AppContext } from '../../src/platform/context.js';

/** Makes jobs waiting for their retry delay runnable now: the test's stand-in for time passing. */
export async function fastForwardRetries(ctx: AppContext, queueName: string): Promise<void> {
  await ctx.db.execute(sql`UPDATE pgboss.job SET start_after = now() WHERE name = ${queueName} AND state = 'retry'`);
}
