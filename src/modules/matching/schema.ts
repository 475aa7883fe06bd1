import { bit, doublePrecision, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.js';

/**
 * Who can be matched, kept by triggers (migration 0014) from `professionals` and `users`: one row
 * per verified, active professional, role and list. The list `''` holds everyone with the role; a
 * skill's list holds those with the role and that skill. Each list is read best `base` first, so the
 * best matches for a job are found by reading a few rows of its lists (see repository.ts).
 */
export const matchCandidates = pgTable(
  'match_candidates',
  {
    role: text('role').notNull(),
    skill: text('skill').notNull(),
    professionalId: uuid('professional_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The experience and rating parts of the score, weighted: the score without its skill part. */
    base: doublePrecision('base').notNull(),
    /**
     * Bit `weekday·24 + hour` is set when one of the professional's weekly slots overlaps that hour:
     * a shift's hours must all be set before its slots are worth checking (see availabilityHoursOf).
     */
    weekHours: bit('week_hours', { dimensions: 168 }).notNull(),
  },
  (t) => [
    // Led by the professional, for the triggers' rewrites; leaving the rank index the only way into a list.
    primaryKey({ columns: [t.professionalId, t.role, t.skill] }),
    // week_hours last: lists are read in this order, and filtered by the hours without visiting the table.
    index('match_candidates_rank_idx').on(t.role, t.skill, t.base.desc(), t.professionalId, t.weekHours),
  ],
);
