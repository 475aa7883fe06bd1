import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from './db.js';

const JOURNAL = fileURLToPath(new URL('../../drizzle/meta/_journal.json', import.meta.url));

function expectedMigrationCount(): number {
  const journal = JSON.parse(readFileSync(JOURNAL, 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}

/** Ready means: the database answers and every committed migration has been applied. */
export async function checkReadiness(db: Database): Promise<{ ready: boolean; detail: string }> {
  try {
    const result = await db.execute(sql`SELECT count(*)::int AS applied FROM drizzle.__drizzle_migrations`);
    const applied = rowsOf<{ applied: number }>(result)[0]?.applied ?? 0;
    const expected = expectedMigrationCount();
    if (applied < expected) return { ready: false, detail: `${applied} of ${expected} migrations applied` };
    return { ready: true, detail: 'database reachable, migrations applied' };
  } catch {
    return { ready: false, detail: 'database unreachable' };
  }
}
