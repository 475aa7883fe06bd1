import { bigint, integer, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/** Fixed-window counters shared by every API process (rate limits must not live in one process's memory). */
export const rateLimitBuckets = pgTable('rate_limit_buckets', {
  key: text('key').primaryKey(),
  hits: integer('hits').notNull(),
  resetAt: timestamp('reset_at', { withTimezone: true }).notNull(),
});

/**
 * How many times data that cached answers are built from has changed, kept by deferred triggers
 * (migrations 0017, 0019). A scope's version is the sum of its rows; each backend bumps its own shard, at commit,
 * so writers never wait on one another for it.
 */
export const cacheVersions = pgTable(
  'cache_versions',
  {
    /** What the answers filed under it read (migration 0019): `browse` for job pages, `matching` for match and recommendation lists. */
    scope: text('scope').notNull().default('matching'),
    shard: smallint('shard').notNull(),
    version: bigint('version', { mode: 'number' }).notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.scope, table.shard] })],
);
