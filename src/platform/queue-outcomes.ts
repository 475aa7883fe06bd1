import { setTimeout as delay } from 'node:timers/promises';
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { sha256Hex } from './crypto.js';
import type { SqlExecutor } from './db.js';
import { databaseUnavailableCause } from './db-errors.js';

export const QUEUE_SCHEMA = 'pgboss';

/**
 * The SHA-256 of the two statements pg-boss 10.4 runs without awaiting them (its `completeJobs` and
 * `failJobsById` for QUEUE_SCHEMA), to recognise them among the texts it sends. queue-outcomes.test.ts
 * fails when an upgrade changes either text.
 */
export const OUTCOME_STATEMENT_SHA256 = new Set([
  'a41963d8875e536c18f3634fee5de88c9aee9a288f206e9bd3e7449d08161179',
  '571605b2fa8f506706810b579257323fcb49ab13b9da7bd90464236b8b5153f4',
]);
const RETRY_INTERVAL_MS = 1_000;
/** An outcome statement's result as pg-boss reads it: how many tasks changed. */
const NOTHING_CHANGED = { rows: [{ count: '0' }] };

/**
 * pg-boss 10 records a finished task's outcome (complete or fail) without awaiting it
 * (timgit/pg-boss#577): with the database down at that moment, the rejection has no handler and
 * ends the process. Through this executor those two statements never reject: they are retried until
 * the database is back, so a task that ran is recorded and not run twice. When the queue stops first,
 * or the failure is not about the connection, the outcome is logged and dropped; the task then stays
 * active until pg-boss expires it and runs it again.
 */
export function retryingOutcomes(sql: SqlExecutor, log: Logger, stopped: () => boolean): PgBoss.Db {
  async function recordOutcome(text: string, values: unknown[]): Promise<{ rows: unknown[] }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await sql.executeSql(text, values);
      } catch (error) {
        const lostConnection = databaseUnavailableCause(error);
        if (!lostConnection || stopped()) {
          log.error({ err: error }, 'could not record a task outcome; the task runs again when it expires');
          return NOTHING_CHANGED;
        }
        if (attempt === 1) log.warn({ err: lostConnection }, 'could not record a task outcome; retrying until the database is back');
        await delay(RETRY_INTERVAL_MS);
      }
    }
  }

  return {
    executeSql: (text, values) => (isOutcomeStatement(text) ? recordOutcome(text, values) : sql.executeSql(text, values)),
  };
}

export function isOutcomeStatement(text: string): boolean {
  return OUTCOME_STATEMENT_SHA256.has(sha256Hex(text));
}
