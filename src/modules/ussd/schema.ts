import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.js';

/**
 * A professional's USSD PIN (argon2id) and the wrong PINs typed since the last right one: the third
 * locks USSD for the phone's account until `locked_until` and starts the count again.
 */
export const ussdPins = pgTable(
  'ussd_pins',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    pinHash: text('pin_hash').notNull(),
    wrongPins: integer('wrong_pins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('ussd_pins_wrong_pins_range', sql`${t.wrongPins} BETWEEN 0 AND 2`)],
);

/**
 * The shifts a USSD session listed under "Shifts for you", in the order shown: the number typed next
 * picks from this list, not from a ranking that may have moved since. Kept a day.
 */
export const ussdSessions = pgTable(
  'ussd_sessions',
  {
    sessionId: text('session_id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    jobIds: uuid('job_ids').array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('ussd_sessions_created_idx').on(t.createdAt)],
);

/**
 * The sessions whose PIN was checked, with a keyed digest of the PIN typed: every later step of the
 * session repeats the PIN in `text`, and is compared with the digest instead of running argon2 again
 * (the CPU that made steps slow under load). A check counts for one session's length, and never
 * across a PIN change.
 */
export const ussdPinChecks = pgTable(
  'ussd_pin_checks',
  {
    sessionId: text('session_id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    pinDigest: text('pin_digest').notNull(),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('ussd_pin_checks_checked_idx').on(t.checkedAt)],
);
