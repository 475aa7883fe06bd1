import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { rowsOf, type Executor } from '../../platform/db.js';
import { baseScoreSql, CURRENT_BASE_WEIGHTS, type BaseWeights } from './weights.js';

/** The SQL text of match_base()'s body for these weights, as PostgreSQL stores it (pg_proc.prosrc). */
export function matchBaseBody(weights: BaseWeights = CURRENT_BASE_WEIGHTS): string {
  const column = (name: string): SQL => sql.raw(name);
  return new PgDialect().sqlToQuery(
    sql`SELECT ${baseScoreSql(column('experience_years'), column('rating_sum'), column('rating_count'), weights)}`,
  ).sql;
}

/**
 * Makes the SQL function match_base(), which the triggers compute `base` with, the formula of
 * weights.ts, and recomputes every stored `base` (and so every cached match) when it differed:
 * tuning stays an edit of weights.ts and a restart. Runs at start, under the migration lock.
 * Returns whether anything changed.
 */
export async function syncMatchBase(db: Executor, weights: BaseWeights = CURRENT_BASE_WEIGHTS): Promise<boolean> {
  const body = matchBaseBody(weights);
  return db.transaction(async (tx) => {
    const [current] = rowsOf<{ body: string }>(await tx.execute(sql`SELECT prosrc AS body FROM pg_proc WHERE proname = 'match_base'`));
    if (current?.body === body) return false;
    await tx.execute(
      sql.raw(`CREATE OR REPLACE FUNCTION match_base(experience_years integer, rating_sum integer, rating_count integer) RETURNS double precision
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $body$${body}$body$`),
    );
    await tx.execute(sql`
      UPDATE match_candidates c SET base = match_base(p.experience_years, u.rating_sum, u.rating_count)
      FROM professionals p JOIN users u ON u.id = p.user_id
      WHERE p.user_id = c.professional_id`);
    await tx.execute(sql`UPDATE cache_versions SET version = version + 1 WHERE scope = 'matching'`);
    return true;
  });
}
