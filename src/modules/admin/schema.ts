import { bigint, date, index, primaryKey, pgTable, smallint, text } from 'drizzle-orm/pg-core';

/**
 * Running totals for the dashboard, kept by triggers on the tables they count (drizzle/TRIGGERS.md;
 * migrations 0012, 0013, 0016, 0018). A metric's value is the sum of its rows: each backend adds to
 * its own shard, so concurrent writers never wait on one row. Only the triggers write them.
 */
export const metricTotals = pgTable(
  'metric_totals',
  {
    /** `jobs.open`, `payments.count`, `users.professional`, …: see TRIGGERS.md. */
    name: text('name').notNull(),
    shard: smallint('shard').notNull(),
    value: bigint('value', { mode: 'number' }).notNull(),
  },
  (table) => [primaryKey({ name: 'metric_totals_pkey', columns: [table.name, table.shard] })],
);

/** The same, per Kampala day, for the last-30-days series. */
export const metricDaily = pgTable(
  'metric_daily',
  {
    name: text('name').notNull(),
    day: date('day').notNull(),
    shard: smallint('shard').notNull(),
    value: bigint('value', { mode: 'number' }).notNull(),
  },
  (table) => [
    primaryKey({ name: 'metric_daily_pkey', columns: [table.name, table.day, table.shard] }),
    index('metric_daily_day_idx').on(table.day),
  ],
);
