import pg from 'pg';
import type { SqlExecutor } from '../../src/platform/db.js';

export interface TableFingerprint {
  rows: number;
  /** md5 of every row's text, in a fixed order. */
  checksum: string;
}

/**
 * Row count and checksum of every ordinary table in the given schemas (all non-system schemas when
 * none are named), computed in SQL, keyed `schema.table`. Two databases with equal fingerprints hold
 * the same rows.
 */
export async function tableFingerprints(sql: SqlExecutor, schemas?: string[]): Promise<Record<string, TableFingerprint>> {
  const { rows: tables } = (await sql.executeSql(
    `SELECT n.nspname AS schema, c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
       AND ($1::text[] IS NULL OR n.nspname = ANY($1::text[]))
     ORDER BY 1, 2`,
    [schemas ?? null],
  )) as { rows: { schema: string; table: string }[] };
  const fingerprints: Record<string, TableFingerprint> = {};
  for (const { schema, table } of tables) {
    const { rows } = (await sql.executeSql(
      `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS checksum
       FROM ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)} t`,
    )) as { rows: TableFingerprint[] };
    fingerprints[`${schema}.${table}`] = rows[0]!;
  }
  return fingerprints;
}

/** One plain client on a database URL, as the SqlExecutor `tableFingerprints` takes. */
export async function withSqlClient<T>(url: string, work: (sql: SqlExecutor) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work({ executeSql: (text, values) => client.query(text, values) });
  } finally {
    await client.end();
  }
}
