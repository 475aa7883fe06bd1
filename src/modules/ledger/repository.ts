import { sql } from 'drizzle-orm';
import type { LedgerAccount } from '../../contracts/ledger.js';
import { rowsOf, type Executor, type Transaction } from '../../platform/db.js';
import { ledgerEntries, ledgerJournals } from './schema.js';

export interface JournalLine {
  account: LedgerAccount;
  userId?: string | undefined;
  amount: number;
}

export interface NewJournal {
  kind: string;
  jobId?: string | undefined;
  payoutId?: string | undefined;
  lines: JournalLine[];
}

export async function insertJournal(tx: Transaction, journal: NewJournal): Promise<void> {
  const [row] = await tx
    .insert(ledgerJournals)
    .values({ kind: journal.kind, jobId: journal.jobId, payoutId: journal.payoutId })
    .returning({ id: ledgerJournals.id });
  await tx.insert(ledgerEntries).values(journal.lines.map((line) => ({ ...line, journalId: row!.id })));
}

export async function balances(db: Executor): Promise<Map<string, number>> {
  const rows = rowsOf<{ account: string; balance: string }>(
    await db.execute(sql`SELECT account, sum(amount)::bigint AS balance FROM ${ledgerEntries} GROUP BY account`),
  );
  return new Map(rows.map((row) => [row.account, Number(row.balance)]));
}

export async function countUnbalanced(db: Executor): Promise<number> {
  const [row] = rowsOf<{ count: number }>(
    await db.execute(sql`SELECT count(*)::int AS count FROM (
      SELECT j.id FROM ${ledgerJournals} j LEFT JOIN ${ledgerEntries} e ON e.journal_id = j.id
      GROUP BY j.id HAVING coalesce(sum(e.amount), 0) <> 0) unbalanced`),
  );
  return row?.count ?? 0;
}

/** What one user is owed on a payable account. */
export async function payableBalance(db: Executor, account: LedgerAccount, userId: string): Promise<number> {
  const [row] = rowsOf<{ balance: string | null }>(
    await db.execute(sql`SELECT sum(amount)::bigint AS balance FROM ${ledgerEntries} WHERE account = ${account} AND user_id = ${userId}`),
  );
  return Number(row?.balance ?? 0);
}
