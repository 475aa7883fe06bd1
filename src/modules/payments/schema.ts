import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.js';
import { jobs } from '../jobs/schema.js';

/** The IPN URL registered with PesaPal once per API base, and the ipn_id every order must carry. */
export const pesapalIpnRegistrations = pgTable(
  'pesapal_ipn_registrations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    apiBaseUrl: text('api_base_url').notNull(),
    ipnUrl: text('ipn_url').notNull(),
    notificationType: text('notification_type').notNull(),
    ipnId: text('ipn_id').notNull(),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('pesapal_ipn_registrations_base_url_key').on(t.apiBaseUrl, t.ipnUrl)],
);

export const transactionStatus = pgEnum('transaction_status', ['pending', 'completed', 'failed', 'reversed']);
export const paymentMethod = pgEnum('payment_method', ['mobile_money', 'card']);

/** One payment attempt for a job: our id is PesaPal's merchant reference. */
export const transactions = pgTable(
  'transactions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id),
    payerId: uuid('payer_id')
      .notNull()
      .references(() => users.id),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull().default('UGX'),
    status: transactionStatus('status').notNull().default('pending'),
    paymentMethod: paymentMethod('payment_method').notNull(),
    /** The number the payer chose to pay from (E.164); erased with the payer's account. */
    payerPhone: text('payer_phone'),
    orderTrackingId: text('order_tracking_id'),
    redirectUrl: text('redirect_url'),
    confirmationCode: text('confirmation_code'),
    /** What PesaPal reports: the method used ("MTN UG", "Visa") and the masked account. */
    providerMethod: text('provider_method'),
    paymentAccount: text('payment_account'),
    /** Set when PesaPal's answer disagrees with the order (amount, currency, reference): held for a person to look at. */
    flaggedReason: text('flagged_reason'),
    refundStatus: text('refund_status'),
    /** When reconciliation last took this payment to re-check: it takes the least recently checked first. */
    lastCheckedAt: timestamp('last_checked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    settledAt: timestamp('settled_at', { withTimezone: true }),
  },
  (t) => [
    check('transactions_amount_positive', sql`${t.amount} > 0`),
    // At most one payment in flight or made per job: a second attempt is a 409 decided here.
    uniqueIndex('transactions_one_live_per_job')
      .on(t.jobId)
      .where(sql`status IN ('pending', 'completed')`),
    uniqueIndex('transactions_tracking_id_key').on(t.orderTrackingId),
    index('transactions_pending_idx')
      .on(sql`${t.lastCheckedAt} ASC NULLS FIRST`, t.createdAt)
      .where(sql`status = 'pending'`),
    index('transactions_payer_idx').on(t.payerId, t.createdAt),
    index('transactions_status_settled_idx').on(t.status, t.settledAt),
  ],
);

/**
 * The last IPN taken per order and notification type: a replay within the window is acknowledged
 * and nothing more (no event, no re-check, no PesaPal call); the upsert decides, across processes.
 */
export const pesapalIpnReceipts = pgTable(
  'pesapal_ipn_receipts',
  {
    orderTrackingId: text('order_tracking_id').notNull(),
    notificationType: text('notification_type').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'pesapal_ipn_receipts_pkey', columns: [t.orderTrackingId, t.notificationType] })],
);

/** Every step of a payment, appended and never changed (a trigger refuses UPDATE and DELETE). */
export const transactionEvents = pgTable(
  'transaction_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    transactionId: uuid('transaction_id')
      .notNull()
      .references(() => transactions.id),
    type: text('type').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('transaction_events_transaction_idx').on(t.transactionId, t.at)],
);
