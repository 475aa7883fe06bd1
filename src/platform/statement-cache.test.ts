import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from '../../test/support/postgres.js';
import { statementClient, statementNameOf } from './statement-cache.js';

const name = uniqueDatabaseName('qgig_statements');
let pool: pg.Pool;

beforeAll(async () => {
  await createDatabase(name);
  // One connection, so every query below meets the statements the earlier ones left.
  pool = new pg.Pool({ connectionString: databaseUrl(name), max: 1, Client: statementClient(true) });
});
afterAll(async () => {
  await pool.end();
  await dropDatabase(name);
});

async function preparedNames(on = pool): Promise<string[]> {
  const { rows } = await on.query<{ name: string }>('SELECT name FROM pg_prepared_statements ORDER BY name');
  return rows.map((row) => row.name);
}

describe('the statement-caching pg client', () => {
  it('prepares a parameterised text once per connection and reuses it with other values', async () => {
    const text = 'SELECT $1::int + 1 AS next';
    expect((await pool.query(text, [1])).rows).toEqual([{ next: 2 }]);
    expect((await pool.query({ text, values: [41] })).rows).toEqual([{ next: 42 }]);
    expect(await preparedNames()).toEqual([statementNameOf(text)]);
  });

  it('leaves parameterless text on the simple protocol, where several statements may run at once', async () => {
    const results = (await pool.query('SELECT 1 AS one; SELECT 2 AS two')) as unknown as pg.QueryResult[];
    expect(results.map((result) => result.rows[0])).toEqual([{ one: 1 }, { two: 2 }]);
    expect(await preparedNames()).not.toContain(statementNameOf('SELECT 1 AS one; SELECT 2 AS two'));
  });

  it('keeps a name the caller chose', async () => {
    const { rows } = await pool.query({ name: 'chosen_by_caller', text: 'SELECT $1::text AS echo', values: ['Nakato'] });
    expect(rows).toEqual([{ echo: 'Nakato' }]);
    const names = await preparedNames();
    expect(names).toContain('chosen_by_caller');
    expect(names).not.toContain(statementNameOf('SELECT $1::text AS echo'));
  });

  it('gives different texts different names of a length PostgreSQL keeps whole', () => {
    const first = statementNameOf('SELECT $1');
    expect(first).not.toBe(statementNameOf('SELECT $1 '));
    expect(first.length).toBeLessThan(64);
  });
});

describe('the same client with prepared statements off (DATABASE_PREPARED_STATEMENTS=false)', () => {
  it('prepares nothing on the connection, not even a statement the caller named', async () => {
    const unprepared = new pg.Pool({ connectionString: databaseUrl(name), max: 1, Client: statementClient(false) });
    try {
      expect((await unprepared.query('SELECT $1::int * 2 AS twice', [21])).rows).toEqual([{ twice: 42 }]);
      expect((await unprepared.query({ name: 'named_by_drizzle', text: 'SELECT $1::text AS echo', values: ['Apio'] })).rows).toEqual([{ echo: 'Apio' }]);
      expect(await preparedNames(unprepared)).toEqual([]);
    } finally {
      await unprepared.end();
    }
  });
});
