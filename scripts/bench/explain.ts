import type { Database, SqlExecutor } from '../../src/platform/db.js';
import { browseQuery, type BrowseFilters } from '../../src/modules/jobs/repository.js';

export interface BrowsePlan {
  label: string;
  plan: string;
  seqScanOnJobs: boolean;
}

export const BROWSE_FILTER_SETS: { label: string; filters: Omit<BrowseFilters, 'limit'> }[] = [
  { label: 'no filters', filters: {} },
  { label: 'role + district', filters: { role: 'nurse', district: 'Kampala' } },
  { label: 'skill', filters: { skill: 'mathematics' } },
  { label: 'minRate', filters: { minRate: 100_000 } },
];

/** EXPLAIN of the repository's own browse query (the SQL the API runs), for each filter set. */
export async function explainBrowse(db: Database, sql: SqlExecutor): Promise<BrowsePlan[]> {
  const plans: BrowsePlan[] = [];
  for (const { label, filters } of BROWSE_FILTER_SETS) {
    const query = browseQuery(db, { ...filters, limit: 20 }).toSQL();
    const { rows } = await sql.executeSql(`EXPLAIN ${query.sql}`, query.params);
    const plan = (rows as { 'QUERY PLAN': string }[]).map((row) => row['QUERY PLAN']).join('\n');
    plans.push({ label, plan, seqScanOnJobs: /Seq Scan on jobs\b/.test(plan) });
  }
  return plans;
}
