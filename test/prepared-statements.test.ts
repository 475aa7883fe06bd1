import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sessionStates } from '../src/modules/accounts/repository.js';
import { findJob, findJobs, statusOf } from '../src/modules/jobs/repository.js';
import { jobs } from '../src/modules/jobs/schema.js';
import { openDatabase, type DatabaseHandle } from '../src/platform/db.js';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from './support/postgres.js';

const name = uniqueDatabaseName('qgig_statements');
beforeAll(() => createDatabase(name, inject('templateDatabase')));
afterAll(() => dropDatabase(name));

/** One connection, so the statements a query leaves behind are the ones the next query sees. */
async function withDatabase(preparedStatements: boolean, use: (handle: DatabaseHandle) => Promise<void>): Promise<void> {
  const handle = await openDatabase({ databaseUrl: databaseUrl(name), dataDir: '', poolSize: 1, preparedStatements });
  try {
    await use(handle);
  } finally {
    await handle.close();
  }
}

/** Hot reads, one of them inside a transaction, and an ordinary read whose text changes with its list's length. */
async function runReads(handle: DatabaseHandle): Promise<void> {
  const { db } = handle;
  await findJob(db, randomUUID());
  await statusOf(db, randomUUID());
  for (const size of [1, 2, 3]) {
    const ids = Array.from({ length: size }, () => randomUUID());
    await findJobs(db, ids);
    await db.select({ id: jobs.id }).from(jobs).where(inArray(jobs.id, ids));
  }
  await sessionStates(db, [randomUUID()]);
  await db.transaction(async (tx) => {
    await findJob(tx, randomUUID());
  });
}

async function preparedNames(handle: DatabaseHandle): Promise<string[]> {
  const { rows } = await handle.sql.executeSql('SELECT name FROM pg_prepared_statements ORDER BY name');
  return (rows as { name: string }[]).map((row) => row.name);
}

describe('prepared statements on PostgreSQL', () => {
  it('prepares the hot reads under their own names, once per connection, and nothing else', async () => {
    await withDatabase(true, async (handle) => {
      await runReads(handle);
      await runReads(handle);
      expect(await preparedNames(handle)).toEqual(['find_job', 'find_jobs', 'job_status', 'session_states']);
    });
  });

  it('prepares nothing with DATABASE_PREPARED_STATEMENTS=false (a transaction-mode pooler)', async () => {
    await withDatabase(false, async (handle) => {
      await runReads(handle);
      expect(await preparedNames(handle)).toEqual([]);
    });
  });
});
