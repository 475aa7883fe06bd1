import { sql } from 'drizzle-orm';
import { check, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.js';

export const phoneCodePurpose = pgEnum('phone_code_purpose', ['sign_in', 'password_reset', 'phone_change', 'ussd_pin']);

/**
 * Codes sent by SMS to prove someone holds a phone: an HMAC of the code under the server's key is
 * stored, never the code. One code per account and purpose: a new one replaces it, a spent one is
 * deleted, so the table never holds more than that.
 */
export const phoneCodes = pgTable(
  'phone_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: phoneCodePurpose('purpose').notNull(),
    /** E.164: the phone the code went to (for a phone change, the new number). */
    phone: text('phone').notNull(),
    codeHash: text('code_hash').notNull(),
    triesLeft: integer('tries_left').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('phone_codes_user_purpose_key').on(t.userId, t.purpose), check('phone_codes_tries_left', sql`${t.triesLeft} >= 0`)],
);
