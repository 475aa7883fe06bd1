import { sql } from 'drizzle-orm';
import { check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { PAYOUT_NETWORKS, PAYOUT_PURPOSES, PAYOUT_STATUSES } from '../../contracts/payouts.js';
import { users } from '../accounts/schema.js';
import { jobs } from '../jobs/schema.js';

export const payoutNetwork = pgEnum('payout_network', PAYOUT_NETWORKS);
export const payoutStatus = pgEnum('payout_status', PAYOUT_STATUSES);
export const payoutPurpose = pgEnum('payout_purpose', PAYOUT_PURPOSES);

/** Where a professional is paid: one mobile-money wallet each. */
export const payoutMethods = pgTable('payout_methods', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  phone: text('phone').notNull(),
  network: payoutNetwork('network').notNull(),
  accountName: text('account_name'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Money out to a mobile-money wallet: one per job and purpose. `reference` is made before any
 * network call and reused on every retry; an admin's retry of a failed payout makes a new one.
 * `sentAt` is set, in the transaction that moves the money to "in flight", before the reference is
 * first handed to the network, so a process killed after that asks for its status instead of sending.
 */
export const payouts = pgTable(
  'payouts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    purpose: payoutPurpose('purpose').notNull(),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull().default('UGX'),
    network: payoutNetwork('network'),
    phone: text('phone'),
    status: payoutStatus('status').notNull().default('pending'),
    reference: uuid('reference').notNull().defaultRandom(),
    attempts: integer('attempts').notNull().default(1),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    providerReference: text('provider_reference'),
    failureReason: text('failure_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    settledAt: timestamp('settled_at', { withTimezone: true }),
  },
  (t) => [
    check('payouts_amount_positive', sql`${t.amount} > 0`),
    uniqueIndex('payouts_one_per_job_and_purpose').on(t.jobId, t.purpose),
    uniqueIndex('payouts_reference_key').on(t.reference),
    index('payouts_user_created').on(t.userId, t.createdAt, t.id),
    index('payouts_status_created').on(t.status, t.createdAt, t.id),
  ],
);
