import { sql } from 'drizzle-orm';
import { check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.js';
import { jobs } from '../jobs/schema.js';

export const smsStatus = pgEnum('sms_status', ['queued', 'sent', 'delivered', 'failed']);

/**
 * Every SMS Qgig sends, from the moment it is queued: what Africa's Talking answered for the recipient,
 * then its delivery reports. A failed one records whether the email fallback went out.
 */
export const smsMessages = pgTable(
  'sms_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    phone: text('phone').notNull(),
    /** A notification type, `shift.offer`, `shift.reminder`, or (later) `auth.otp`. */
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    sender: text('sender').notNull(),
    /** The notice this SMS carries, so a retried delivery queues it once. */
    notificationId: uuid('notification_id'),
    status: smsStatus('status').notNull().default('queued'),
    /** Not sent before this (quiet hours defer to 07:00 Kampala). */
    sendAfter: timestamp('send_after', { withTimezone: true }).notNull().defaultNow(),
    providerMessageId: text('provider_message_id'),
    providerStatusCode: integer('provider_status_code'),
    providerStatus: text('provider_status'),
    failureReason: text('failure_reason'),
    attempts: integer('attempts').notNull().default(0),
    emailFallbackAt: timestamp('email_fallback_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('sms_messages_notification_key').on(t.notificationId),
    uniqueIndex('sms_messages_provider_message_key').on(t.providerMessageId),
    index('sms_messages_user_idx').on(t.userId, t.createdAt),
    index('sms_messages_created_idx').on(t.createdAt),
    check('sms_messages_sender', sql`${t.sender} IN ('shortcode', 'sender')`),
  ],
);

/**
 * A shift offered by SMS to one professional, answerable with `YES <code>` until it expires. The code
 * is unique among offers not yet closed; an expired offer is closed before its code is given again.
 */
export const shiftOffers = pgTable(
  'shift_offers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    professionalId: uuid('professional_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    phone: text('phone').notNull(),
    code: text('code').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('shift_offers_live_code_key')
      .on(t.code)
      .where(sql`closed_at IS NULL`),
    uniqueIndex('shift_offers_job_professional_key').on(t.jobId, t.professionalId),
    check('shift_offers_code_format', sql`${t.code} ~ '^[0-9]{4}$'`),
  ],
);

/** A shift's reminder SMS, sent once. */
export const shiftReminders = pgTable(
  'shift_reminders',
  {
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('shift_reminders_key').on(t.jobId, t.kind)],
);

/** Africa's Talking's id of each SMS received, so a callback it sends again is acted on once. */
export const inboundSms = pgTable('inbound_sms', {
  providerMessageId: text('provider_message_id').primaryKey(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
});
