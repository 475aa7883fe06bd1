import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { rowsOf, type Executor } from '../../platform/db.js';
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

/**
 * Takes up to `limit` pending, unflagged payments older than `olderThan` for a re-check, the least
 * recently checked first, and marks them checked now: however many stay pending, each gets its turn.
 * SKIP LOCKED lets two reconciliation runs share the pile instead of taking the same rows.
 */
export async function takeStalePending(db: Executor, olderThan: Date, limit: number): Promise<string[]> {
  const result = await db.execute(sql`
    UPDATE transactions SET last_checked_at = now()
    WHERE id IN (
      SELECT id FROM transactions
      WHERE status = 'pending' AND flagged_reason IS NULL AND created_at < ${olderThan.toISOString()}::timestamptz
      ORDER BY last_checked_at ASC NULLS FIRST, created_at ASC
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id`);
  return rowsOf<{ id: string }>(result).map((row) => row.id);
}

/** The job's payment in flight, if any. */
export async function pendingPaymentOf(db: Executor, jobId: string): Promise<TransactionRow | undefined> {
  const [row] = await db
    .select()
    .from(transactions)
    .where(and(eq(transactions.jobId, jobId), eq(transactions.status, 'pending')));
  return row;
}

/**
 * Records PesaPal's word that a payment we had already marked failed was paid after all, once: the
 * caller then queues its refund. Undefined when it is not failed, or its refund is already under way.
 */
export async function markPaidAfterFailure(
  db: Executor,
  id: string,
  set: Pick<TransactionRow, 'confirmationCode' | 'providerMethod' | 'paymentAccount'>,
): Promise<TransactionRow | undefined> {
  const [row] = await db
    .update(transactions)
    .set({ ...set, refundStatus: 'due', updatedAt: sql`now()` })
    .where(and(eq(transactions.id, id), eq(transactions.status, 'failed'), isNull(transactions.refundStatus)))
    .returning();
  return row;
}

/**
 * Notes an IPN for (order, notification type); false when the same was noted within the last
 * `windowSeconds` (a replay). The upsert's WHERE decides, so concurrent replays let exactly one through.
 */
export async function noteIpn(db: Executor, orderTrackingId: string, notificationType: string, windowSeconds: number): Promise<boolean> {
  const result = await db.execute(sql`
    INSERT INTO pesapal_ipn_receipts (order_tracking_id, notification_type) VALUES (${orderTrackingId}, ${notificationType})
    ON CONFLICT (order_tracking_id, notification_type) DO UPDATE SET received_at = now()
    WHERE pesapal_ipn_receipts.received_at <= now() - make_interval(secs => ${windowSeconds}::double precision)
    RETURNING 1 AS noted`);
  return rowsOf(result).length > 0;
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
