import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgEnum, pgTable, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.js';

export const rateUnit = pgEnum('rate_unit', ['hour', 'day']);
export const institutionType = pgEnum('institution_type', ['school', 'clinic', 'hospital', 'household']);

export const professionals = pgTable(
  'professionals',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    bio: text('bio').notNull().default(''),
    /** Normalised (trimmed, lower-case, unique) members of the controlled role vocabulary. */
    roles: text('roles')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Normalised free skills. */
    skills: text('skills')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    experienceYears: smallint('experience_years').notNull().default(0),
    rateAmount: integer('rate_amount'),
    rateUnit: rateUnit('rate_unit'),
    district: text('district'),
    verified: boolean('verified').notNull().default(false),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    /** 0–100, kept with the events in reliability_events that changed it (see reliability/rules.ts). */
    reliabilityScore: smallint('reliability_score').notNull().default(100),
    /** Until then, the professional sees and accepts only favourites' shifts (a score fell below 50). */
    restrictedUntil: timestamp('restricted_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('professionals_experience_range', sql`${t.experienceYears} BETWEEN 0 AND 60`),
    check('professionals_reliability_range', sql`${t.reliabilityScore} BETWEEN 0 AND 100`),
    check('professionals_rate_positive', sql`${t.rateAmount} IS NULL OR ${t.rateAmount} > 0`),
    index('professionals_roles_gin').using('gin', t.roles),
    index('professionals_skills_gin').using('gin', t.skills),
    index('professionals_verified_idx').on(t.verified),
  ],
);

/** Weekly availability in Kampala time, as minutes since midnight: [startMinute, endMinute), an end at or before the start being the next day's. */
export const professionalAvailability = pgTable(
  'professional_availability',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    professionalId: uuid('professional_id')
      .notNull()
      .references(() => professionals.userId, { onDelete: 'cascade' }),
    weekday: smallint('weekday').notNull(),
    startMinute: smallint('start_minute').notNull(),
    endMinute: smallint('end_minute').notNull(),
  },
  (t) => [
    check('availability_weekday_range', sql`${t.weekday} BETWEEN 0 AND 6`),
    check(
      'availability_minutes_range',
      sql`${t.startMinute} BETWEEN 0 AND 1439 AND ${t.endMinute} BETWEEN 0 AND 1440 AND ${t.startMinute} <> ${t.endMinute}`,
    ),
    index('availability_professional_weekday_idx').on(t.professionalId, t.weekday),
  ],
);

/** Dates (Kampala) on which a professional is not available whatever the weekly slots say. */
export const professionalBlackouts = pgTable(
  'professional_blackouts',
  {
    professionalId: uuid('professional_id')
      .notNull()
      .references(() => professionals.userId, { onDelete: 'cascade' }),
    date: date('date', { mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ name: 'professional_blackouts_pkey', columns: [t.professionalId, t.date] })],
);

export const institutions = pgTable('institutions', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  type: institutionType('type').notNull(),
  address: text('address').notNull(),
  district: text('district').notNull(),
  contactName: text('contact_name').notNull(),
  /** E.164. */
  contactPhone: text('contact_phone').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
