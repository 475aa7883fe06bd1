import { sql } from 'drizzle-orm';
import { check, integer, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { jobs } from '../jobs/schema.js';
import { transactions } from '../payments/schema.js';

/**
 * The last invoice sequence given out in each year. Taken with an upsert in the transaction that
 * marks a job paid: the row stays locked until that commits, and a rollback gives the number back,
 * so numbers have no gaps.
 */
export const invoiceCounters = pgTable(
  'invoice_counters',
  {
    year: smallint('year').primaryKey(),
    lastSequence: integer('last_sequence').notNull(),
  },
  (t) => [check('invoice_counters_last_sequence_range', sql`${t.lastSequence} BETWEEN 1 AND 999999`)],
);

/** One invoice per paid job, issued to the institution when its payment is confirmed. */
export const invoices = pgTable(
  'invoices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** QG-YYYY-NNNNNN: the year it was paid in (Kampala) and its place in that year. */
    number: text('number')
      .notNull()
      .generatedAlwaysAs(sql`'QG-' || year::text || '-' || lpad(sequence::text, 6, '0')`),
    year: smallint('year').notNull(),
    sequence: integer('sequence').notNull(),
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id),
    transactionId: uuid('transaction_id')
      .notNull()
      .references(() => transactions.id),
    /** PesaPal's confirmation code for the payment, as it was when the invoice was issued. */
    confirmationCode: text('confirmation_code'),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('invoices_job_key').on(t.jobId),
    uniqueIndex('invoices_transaction_key').on(t.transactionId),
    uniqueIndex('invoices_number_key').on(t.number),
    uniqueIndex('invoices_year_sequence_key').on(t.year, t.sequence),
    check('invoices_sequence_range', sql`${t.sequence} BETWEEN 1 AND 999999`),
  ],
);
