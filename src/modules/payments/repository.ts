import { and, asc, desc, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db.js';
import { transactionEvents, transactions } from './schema.js';

export type TransactionRow = typeof transactions.$inferSelect;
export type TransactionStatus = TransactionRow['status'];

export async function insertTransaction(db: Executor, values: typeof transactions.$inferInsert): Promise<TransactionRow> {
  const [row] = await db.insert(transactions).values(values).returning();
  return row!;
}

export async function recordEvent(db: Executor, transactionId: string, type: string, detail: Record<string, unknown> = {}): Promise<void> {
  await db.insert(transactionEvents).values({ transactionId, type, detail });
}

export async function findTransaction(db: Executor, id: string): Promise<TransactionRow | undefined> {
  const [row] = await db.select().from(transactions).where(eq(transactions.id, id));
  return row;
}

export async function eventsOf(db: Executor, transactionId: string) {
  return db
    .select({ type: transactionEvents.type, at: transactionEvents.at, detail: transactionEvents.detail })
    .from(transactionEvents)
    .where(eq(transactionEvents.transactionId, transactionId))
    .orderBy(asc(transactionEvents.at), asc(transactionEvents.id));
}

export async function saveOrder(db: Executor, id: string, order: { orderTrackingId: string; redirectUrl: string }): Promise<void> {
  await db
    .update(transactions)
    .set({ ...order, updatedAt: sql`now()` })
    .where(eq(transactions.id, id));
}

/** Records the tracking id an IPN named, only where none is stored yet (the IPN raced the order's answer). */
export async function adoptTrackingId(db: Executor, id: string, orderTrackingId: string): Promise<void> {
  await db
    .update(transactions)
    .set({ orderTrackingId, updatedAt: sql`now()` })
    .where(and(eq(transactions.id, id), isNull(transactions.orderTrackingId)));
}

/** Moves a transaction from `from` to `to` in one guarded UPDATE; undefined when another process got there first. */
export async function settle(
  db: Executor,
  id: string,
  from: TransactionStatus,
  to: TransactionStatus,
  set: Partial<Pick<TransactionRow, 'confirmationCode' | 'providerMethod' | 'paymentAccount'>> = {},
): Promise<TransactionRow | undefined> {
  const [row] = await db
    .update(transactions)
    .set({ ...set, status: to, updatedAt: sql`now()`, settledAt: sql`now()` })
    .where(and(eq(transactions.id, id), eq(transactions.status, from)))
    .returning();
  return row;
}

export async function flag(db: Executor, id: string, reason: string): Promise<boolean> {
  const flagged = await db
    .update(transactions)
    .set({ flaggedReason: reason, updatedAt: sql`now()` })
    .where(and(eq(transactions.id, id), isNull(transactions.flaggedReason)))
    .returning({ id: transactions.id });
  return flagged.length > 0;
}

export async function setRefundStatus(db: Executor, id: string, refundStatus: string, onlyIfUnset = false): Promise<boolean> {
  const updated = await db
    .update(transactions)
    .set({ refundStatus, updatedAt: sql`now()` })
    .where(and(eq(transactions.id, id), onlyIfUnset ? isNull(transactions.refundStatus) : undefined))
    .returning({ id: transactions.id });
  return updated.length > 0;
}

export async function completedPaymentOf(db: Executor, jobId: string): Promise<TransactionRow | undefined> {
  const [row] = await db
    .select()
    .from(transactions)
    .where(and(eq(transactions.jobId, jobId), eq(transactions.status, 'completed')));
  return row;
}

/** Pending, unflagged payments older than `olderThan` with an order at PesaPal: candidates for a re-check. */
export async function stalePending(db: Executor, olderThan: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: transactions.id })
    .from(transactions)
    .where(and(eq(transactions.status, 'pending'), isNull(transactions.flaggedReason), isNotNull(transactions.orderTrackingId), lt(transactions.createdAt, olderThan)))
    .orderBy(asc(transactions.createdAt))
    .limit(limit);
  return rows.map((row) => row.id);
}

export async function transactionsOfPayer(db: Executor, payerId: string): Promise<TransactionRow[]> {
  return db.select().from(transactions).where(eq(transactions.payerId, payerId)).orderBy(desc(transactions.createdAt));
}

export async function forgetPayerPhone(db: Executor, payerId: string): Promise<void> {
  await db.update(transactions).set({ payerPhone: null }).where(eq(transactions.payerId, payerId));
}

export async function transactionsOfJob(db: Executor, jobId: string): Promise<TransactionRow[]> {
  return db.select().from(transactions).where(eq(transactions.jobId, jobId)).orderBy(desc(transactions.createdAt));
}
