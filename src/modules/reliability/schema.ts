import { sql } from 'drizzle-orm';
import { check, index, pgEnum, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.js';
import { jobs } from '../jobs/schema.js';
import { professionals } from '../profiles/schema.js';

export const reliabilityEventKind = pgEnum('reliability_event_kind', ['completed', 'gave_back', 'no_show']);
export const reliabilityAppealStatus = pgEnum('reliability_appeal_status', ['pending', 'accepted', 'rejected']);

/** What changed a professional's reliability score, with the points actually applied (after the 0–100 bounds). */
export const reliabilityEvents = pgTable(
  'reliability_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    professionalId: uuid('professional_id')
      .notNull()
      .references(() => professionals.userId, { onDelete: 'cascade' }),
    kind: reliabilityEventKind('kind').notNull(),
    points: smallint('points').notNull(),
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    check('reliability_events_points_range', sql`${t.points} BETWEEN -100 AND 100`),
    index('reliability_events_professional_idx').on(t.professionalId, t.at),
  ],
);

/** A professional's appeal against one event, decided by an admin; one per event, by constraint. */
export const reliabilityAppeals = pgTable(
  'reliability_appeals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => reliabilityEvents.id, { onDelete: 'cascade' }),
    professionalId: uuid('professional_id')
      .notNull()
      .references(() => professionals.userId, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    status: reliabilityAppealStatus('status').notNull().default('pending'),
    note: text('note'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reliability_appeals_event_key').on(t.eventId),
    index('reliability_appeals_queue_idx').on(t.status, t.createdAt),
    index('reliability_appeals_professional_idx').on(t.professionalId),
  ],
);
