/**
 * Fills an empty, migrated database with a deterministic, realistic Qgig population: institutions,
 * professionals (with availability, blackouts and rating totals) and jobs with their assignees.
 */
import { PgDialect } from 'drizzle-orm/pg-core';
import { standingRecount } from '../../src/modules/jobs/repository.js';
import type { SqlExecutor } from '../../src/platform/db.js';
import { SeedStatements, type SeedPlan } from './steps.js';

export type { SeedPlan };

/** Rows per INSERT: large enough to amortise each statement, small enough for a lively progress bar. */
const CHUNK_ROWS = 25_000;

/**
 * Triggers that are off during the load and done once at its end:
 * - the ones that rewrite a professional's matching lists (migration 0014) after every insert: row
 *   by row, with the indexes dropped and the statistics stale, they would cost minutes;
 * - the cache version's (migration 0017): deferred to commit, millions of rows would queue millions
 *   of events for one bump.
 */
const LOAD_TRIGGERS = [
  { table: 'professionals', name: 'professionals_match_insert' },
  { table: 'professional_availability', name: 'availability_match_insert' },
  ...['jobs_cache_insert_delete', 'jobs_cache_update'].map((name) => ({ table: 'jobs', name })),
  { table: 'job_assignees', name: 'job_assignees_cache' },
  { table: 'institutions', name: 'institutions_cache' },
  { table: 'professionals', name: 'professionals_cache' },
  { table: 'professional_availability', name: 'availability_cache' },
  { table: 'professional_blackouts', name: 'blackouts_cache' },
  { table: 'institution_standings', name: 'institution_standings_cache' },
];

/** The tables the seed fills; their secondary indexes are dropped during the load and rebuilt after. */
const LOADED_TABLES = [
  'users',
  'consents',
  'institutions',
  'professionals',
  'professional_availability',
  'professional_blackouts',
  'jobs',
  'job_assignees',
];

export interface SeedProgress {
  step: string;
  /** Work done and total, in rows (index building and ANALYZE are counted as rows too). */
  done: number;
  total: number;
}

export interface SeedCounts {
  users: number;
  institutions: number;
  professionals: number;
  verifiedProfessionals: number;
  availabilitySlots: number;
  blackoutDates: number;
  jobs: number;
  openFutureJobs: number;
  assignees: number;
}

export class SeedRefused extends Error {
  override name = 'SeedRefused';
}

/**
 * Runs the whole load in one transaction (all or nothing), then VACUUM ANALYZE so the planner and
 * index-only scans see the data as a long-running database would.
 */
export async function seedDatabase(
  sql: SqlExecutor,
  plan: SeedPlan,
  onProgress: (progress: SeedProgress) => void = () => undefined,
): Promise<SeedCounts> {
  await refuseUnlessEmpty(sql);
  const statements = new SeedStatements(plan);
  const weights = {
    indexes: Math.ceil(plan.jobs * 0.4),
    analyze: Math.ceil(plan.jobs * 0.2),
    professionalRow: 3,
    matching: plan.professionals * 2,
  };
  const total =
    plan.institutions + plan.professionals * weights.professionalRow + plan.jobs + weights.indexes + weights.matching + weights.analyze;
  let done = 0;
  const advance = (step: string, rows: number) => {
    done += rows;
    onProgress({ step, done, total });
  };

  await sql.executeSql('BEGIN');
  try {
    await sql.executeSql("SET LOCAL maintenance_work_mem = '256MB'; SET LOCAL work_mem = '64MB'");
    await sql.executeSql(statements.scratchTables());
    const indexes = await dropSecondaryIndexes(sql);
    for (const trigger of LOAD_TRIGGERS) await sql.executeSql(`ALTER TABLE ${trigger.table} DISABLE TRIGGER ${trigger.name}`);
    await sql.executeSql(statements.admin());
    for (const [low, high] of chunks(plan.institutions)) {
      await sql.executeSql(statements.institutions(low, high));
      advance('institutions', high - low + 1);
    }
    for (const [low, high] of chunks(plan.professionals)) {
      await sql.executeSql(statements.professionals(low, high));
      advance('professionals', (high - low + 1) * weights.professionalRow);
    }
    await sql.executeSql(statements.verifiedByRole());
    for (const [low, high] of chunks(plan.jobs)) {
      await sql.executeSql(statements.jobs(low, high));
      advance('jobs', high - low + 1);
    }
    await sql.executeSql(statements.resolveClashes());
    await sql.executeSql(statements.assignees());
    for (const definition of indexes) {
      await sql.executeSql(definition);
      advance('indexes', weights.indexes / indexes.length);
    }
    // The matching lists, once for everyone, now that the indexes and statistics are there.
    await sql.executeSql('ANALYZE users, professionals, professional_availability');
    await sql.executeSql('SELECT refresh_match_candidates(ARRAY(SELECT user_id FROM professionals))');
    // The institutions' cancellation counts, as the app keeps them.
    for (const statement of standingRecount('every institution')) {
      const { sql: text, params } = new PgDialect().sqlToQuery(statement);
      await sql.executeSql(text, params);
    }
    await sql.executeSql('UPDATE cache_versions SET version = version + 1 WHERE shard = 0');
    for (const trigger of LOAD_TRIGGERS) await sql.executeSql(`ALTER TABLE ${trigger.table} ENABLE TRIGGER ${trigger.name}`);
    advance('matching', weights.matching);
    await sql.executeSql('COMMIT');
  } catch (error) {
    await sql.executeSql('ROLLBACK').catch(() => undefined);
    throw error;
  }
  onProgress({ step: 'analyze', done, total });
  await sql.executeSql('VACUUM (ANALYZE)');
  advance('analyze', total - done);
  return countRows(sql);
}

function* chunks(count: number): Generator<[number, number]> {
  for (let low = 1; low <= count; low += CHUNK_ROWS) yield [low, Math.min(count, low + CHUNK_ROWS - 1)];
}

async function refuseUnlessEmpty(sql: SqlExecutor): Promise<void> {
  const { rows } = await sql.executeSql('SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM jobs)::int AS jobs');
  const { users, jobs } = rows[0] as { users: number; jobs: number };
  if (users > 0 || jobs > 0) {
    throw new SeedRefused(
      `The database already holds ${users} users and ${jobs} jobs; seed into a new, empty database (createdb, then set DATABASE_URL).`,
    );
  }
}

/**
 * Building an index once over a million rows is several times faster than maintaining it row by
 * row; the definitions are read back from the catalogue, so the rebuilt indexes are the migrated ones.
 */
async function dropSecondaryIndexes(sql: SqlExecutor): Promise<string[]> {
  const { rows } = await sql.executeSql(
    `SELECT format('%I.%I', n.nspname, i.relname) AS name, pg_get_indexdef(i.oid) AS definition
     FROM pg_index x
     JOIN pg_class i ON i.oid = x.indexrelid
     JOIN pg_class t ON t.oid = x.indrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = 'public' AND t.relname = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
     ORDER BY i.relname`,
    [LOADED_TABLES],
  );
  const indexes = rows as { name: string; definition: string }[];
  for (const index of indexes) await sql.executeSql(`DROP INDEX ${index.name}`);
  return indexes.map((index) => index.definition);
}

async function countRows(sql: SqlExecutor): Promise<SeedCounts> {
  const { rows } = await sql.executeSql(`
    SELECT (SELECT count(*) FROM users)::int AS users,
           (SELECT count(*) FROM institutions)::int AS institutions,
           (SELECT count(*) FROM professionals)::int AS professionals,
           (SELECT count(*) FROM professionals WHERE verified)::int AS "verifiedProfessionals",
           (SELECT count(*) FROM professional_availability)::int AS "availabilitySlots",
           (SELECT count(*) FROM professional_blackouts)::int AS "blackoutDates",
           (SELECT count(*) FROM jobs)::int AS jobs,
           (SELECT count(*) FROM jobs WHERE status = 'open' AND deleted_at IS NULL AND starts_at > now())::int AS "openFutureJobs",
           (SELECT count(*) FROM job_assignees)::int AS assignees`);
  return rows[0] as SeedCounts;
}
