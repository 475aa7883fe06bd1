import { sql } from 'drizzle-orm';
import { check, index, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.js';
import { jobs } from '../jobs/schema.js';

/** One party's rating of the other after a completed job; once per rater per job, by constraint. */
export const ratings = pgTable(
  'ratings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id),
    raterId: uuid('rater_id')
      .notNull()
      .references(() => users.id),
    rateeId: uuid('ratee_id')
      .notNull()
      .references(() => users.id),
    stars: smallint('stars').notNull(),
    comment: text('comment').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('ratings_stars_range', sql`${t.stars} BETWEEN 1 AND 5`),
    check('ratings_not_self', sql`${t.raterId} <> ${t.rateeId}`),
    uniqueIndex('ratings_job_rater_key').on(t.jobId, t.raterId),
    index('ratings_ratee_idx').on(t.rateeId, t.createdAt),
    index('ratings_rater_idx').on(t.raterId),
  ],
);
