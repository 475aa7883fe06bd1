import { eq, lte, sql } from 'drizzle-orm';
import type { Executor } from './db.js';
import { AppError } from './errors.js';
import { rateLimitBuckets } from './schema.js';

export interface Limit {
  max: number;
  windowSeconds: number;
}

export interface BucketState {
  hits: number;
  retryAfterSeconds: number;
}

/** Counts one hit against `key` atomically (one statement, so concurrent processes agree). */
export async function hit(db: Executor, key: string, limit: Limit): Promise<BucketState> {
  const expired = sql`${rateLimitBuckets.resetAt} <= now()`;
  const [row] = await db
    .insert(rateLimitBuckets)
    .values({ key, hits: 1, resetAt: sql`now() + make_interval(secs => ${limit.windowSeconds})` })
    .onConflictDoUpdate({
      target: rateLimitBuckets.key,
      set: {
        hits: sql`CASE WHEN ${expired} THEN 1 ELSE ${rateLimitBuckets.hits} + 1 END`,
        resetAt: sql`CASE WHEN ${expired} THEN excluded.reset_at ELSE ${rateLimitBuckets.resetAt} END`,
      },
    })
    .returning({ hits: rateLimitBuckets.hits, retryAfterSeconds: secondsLeft() });
  return row!;
}

export async function reset(db: Executor, key: string): Promise<void> {
  await db.delete(rateLimitBuckets).where(eq(rateLimitBuckets.key, key));
}

export async function purgeExpiredBuckets(db: Executor): Promise<void> {
  await db.delete(rateLimitBuckets).where(lte(rateLimitBuckets.resetAt, sql`now()`));
}

export function rateLimited(state: BucketState, detail = 'Too many attempts; try again later'): AppError {
  return new AppError('rate_limited', 'rate-limited', detail, { retryAfterSeconds: Math.max(1, state.retryAfterSeconds) });
}

function secondsLeft() {
  return sql<number>`greatest(1, ceil(extract(epoch from ${rateLimitBuckets.resetAt} - now())))::int`;
}
