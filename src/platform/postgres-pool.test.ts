import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../scripts/support/ports.js';
import { eventually } from '../../test/support/pesapal.js';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName, withAdminClient } from '../../test/support/postgres.js';
import { databaseUnavailableCause } from './db-errors.js';
import { createPool } from './postgres-pool.js';

const database = uniqueDatabaseName('qgig_pool');
let pool: pg.Pool;

beforeAll(() => createDatabase(database, inject('templateDatabase')));
afterEach(async () => {
  if (!pool.ended) await pool.end();
});
afterAll(() => dropDatabase(database));

/** What a server restart does to one connection: its backend is terminated (57P01). */
async function terminateBackend(pid: number): Promise<void> {
  await withAdminClient((admin) => admin.query('SELECT pg_terminate_backend($1)', [pid]));
}

async function backendPid(client: pg.PoolClient): Promise<number> {
  return (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
}

describe('the PostgreSQL pool', () => {
  it('lets go of a checked-out client whose connection is lost, even if its holder never releases it', async () => {
    pool = createPool(databaseUrl(database), { max: 2, connectTimeoutMs: 2_000 });
    const client = await pool.connect();
    await terminateBackend(await backendPid(client));

    // Unguarded, the lost client's 'error' event has no listener and ends the process.
    await eventually(() => pool.totalCount === 0);
    expect(() => client.release()).not.toThrow();
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    // end() waits for every client the pool counts: a leaked one would hold it forever.
    await pool.end();
  });

  it('fails a transaction whose connection drops with an error read as "database unavailable", and serves the next one', async () => {
    pool = createPool(databaseUrl(database), { max: 1, connectTimeoutMs: 2_000 });
    const db = drizzle(pool);
    const failure = await db
      .transaction(async (tx) => {
        const { pid } = (await tx.execute<{ pid: number }>(sql`SELECT pg_backend_pid() AS pid`)).rows[0]!;
        await terminateBackend(pid);
        await eventually(() => pool.totalCount === 0);
        await tx.execute(sql`SELECT 1`);
      })
      .catch((error: unknown) => error);

    expect(databaseUnavailableCause(failure)).toBeInstanceOf(Error);
    expect((await db.execute<{ one: number }>(sql`SELECT 1 AS one`)).rows).toEqual([{ one: 1 }]);
  });

  it('fails fast, as "database unavailable", when nothing listens at the address', async () => {
    const url = new URL(databaseUrl(database));
    url.port = String(await freePort());
    pool = createPool(url.toString(), { max: 1, connectTimeoutMs: 2_000 });
    const failure = await pool.query('SELECT 1').catch((error: unknown) => error);
    expect((databaseUnavailableCause(failure) as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });

  it('reads "too many connections" (53300) as the database being unavailable', async () => {
    // Connection limits do not bind superusers: the pool signs in as a role allowed one connection.
    const role = uniqueDatabaseName('qgig_one_connection');
    await withAdminClient((admin) => admin.query(`CREATE ROLE ${role} LOGIN CONNECTION LIMIT 1`));
    const url = new URL(databaseUrl(database));
    url.username = role;
    pool = createPool(url.toString(), { max: 2, connectTimeoutMs: 2_000 });
    const held = await pool.connect();
    try {
      const error = await pool.query('SELECT 1').then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect((error as { code?: string }).code).toBe('53300');
      expect(databaseUnavailableCause(error)).toBe(error);
    } finally {
      held.release();
      await pool.end();
      await withAdminClient((admin) => admin.query(`DROP ROLE ${role}`));
    }
  });

  it('does not read a failing query as the database being unavailable', async () => {
    pool = createPool(databaseUrl(database), { max: 1, connectTimeoutMs: 2_000 });
    const failure = await pool.query("SELECT 'x'::int").catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: '22P02' });
    expect(databaseUnavailableCause(failure)).toBeUndefined();
  });
});
