import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid, bigserial } from 'drizzle-orm/pg-core';
import { LEDGER_ACCOUNTS } from '../../contracts/ledger.js';
import { users } from '../accounts/schema.js';
import { jobs } from '../jobs/schema.js';

const accountList = sql.raw(LEDGER_ACCOUNTS.map((account) => `'${account}'`).join(', '));

/**
 * One movement of money. Its entries sum to zero: a deferred constraint trigger checks every
 * journal at commit (migration 0029), and both tables are append-only.
 */
export const ledgerJournals = pgTable(
  'ledger_journals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** payment, completion, resolution, cancellation, refund, payout_sent, payout_successful, payout_failed */
    kind: text('kind').notNull(),
    jobId: uuid('job_id').references(() => jobs.id),
    payoutId: uuid('payout_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A job's money comes in, is released and is refunded once each: a repeat fails here.
    uniqueIndex('ledger_journals_once_per_job')
      .on(t.jobId, t.kind)
      .where(sql`kind IN ('payment', 'completion', 'resolution', 'cancellation', 'refund')`),
    index('ledger_journals_payout').on(t.payoutId),
  ],
);

export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    journalId: uuid('journal_id')
      .notNull()
      .references(() => ledgerJournals.id),
    account: text('account').notNull(),
    /** The professional or institution a payable belongs to. */
    userId: uuid('user_id').references(() => users.id),
    amount: integer('amount').notNull(),
  },
  (t) => [
    check('ledger_entries_account', sql`${t.account} IN (${accountList})`),
    check('ledger_entries_amount_nonzero', sql`${t.amount} <> 0`),
    index('ledger_entries_journal').on(t.journalId),
    index('ledger_entries_account_user').on(t.account, t.userId),
  ],
);
