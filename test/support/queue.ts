import { sql } from 'drizzle-orm';
import type { AppContext } from '../../src/platform/context.js';
import { rowsOf } from '../../src/platform/db.js';

/** Makes tasks waiting for a start time or a retry delay runnable now: the test's stand-in for time passing. */
export async function fastForwardTasks(ctx: AppContext, queueName: string): Promise<void> {
  await ctx.db.execute(sql`UPDATE pgboss.job SET start_after = now() WHERE name = ${queueName} AND state IN ('created', 'retry')`);
}

export interface QueuedTask {
  state: string;
  retryCount: number;
  output: unknown;
}

/** The queue's tasks (not yet archived) whose payload contains `data`. */
export async function queuedTasks(ctx: AppContext, queueName: string, data: Record<string, unknown>): Promise<QueuedTask[]> {
  const result = await ctx.db.execute(
    sql`SELECT state, retry_count AS "retryCount", output FROM pgboss.job WHERE name = ${queueName} AND data @> ${JSON.stringify(data)}::jsonb`,
  );
  return rowsOf<QueuedTask>(result);
}
