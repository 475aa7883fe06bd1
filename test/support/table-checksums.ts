import { sql } from 'drizzle-orm';
import { rowsOf, type Executor } from '../../src/platform/db.js';

/** Row count and an md5 of every row of every public table but `skipped`, to show a refused request changed nothing. */
export async function tableChecksums(db: Executor, skipped: ReadonlySet<string> = new Set()): Promise<Record<string, string>> {
  const tables = rowsOf<{ name: string }>(
    await db.execute(sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`),
  )
    .map((row) => row.name)
    .filter((name) => !skipped.has(name));
  const checksums: Record<string, string> = {};
  for (const name of tables) {
    const table = sql.identifier(name);
    const [row] = rowsOf<{ count: number; digest: string | null }>(
      await db.execute(sql`SELECT count(*)::int AS count, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM ${table} t`),
    );
    checksums[name] = `${row!.count}:${row!.digest ?? ''}`;
  }
  return checksums;
}
