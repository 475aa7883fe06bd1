import { and, desc, eq, isNotNull, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Executor, Transaction } from '../../platform/db.js';
import { payoutMethods, payouts } from './schema.js';

export type PayoutRow = typeof payouts.$inferSelect;
export type NewPayout = typeof payouts.$inferInsert;
export type PayoutMethodRow = typeof payoutMethods.$inferSelect;
type PayoutStatus = PayoutRow['status'];

export async function saveMethod(db: Executor, method: Omit<PayoutMethodRow, 'updatedAt'>): Promise<PayoutMethodRow> {
  const [row] = await db
    .insert(payoutMethods)
    .values(method)
    .onConflictDoUpdate({
      target: payoutMethods.userId,
      set: { phone: method.phone, network: method.network, accountName: method.accountName, updatedAt: sql`now()` },
    })
    .returning();
  return row!;
}

export async function methodOf(db: Executor, userId: string): Promise<PayoutMethodRow | undefined> {
  const [row] = await db.select().from(payoutMethods).where(eq(payoutMethods.userId, userId));
  return row;
}

/** The job's payout of this purpose, unless it exists already (one per job and purpose, by unique index). */
export async function insertPayout(tx: Transaction, values: NewPayout): Promise<PayoutRow | undefined> {
  const [row] = await tx.insert(payouts).values(values).onConflictDoNothing().returning();
  return row;
}

export async function findPayout(db: Executor, id: string): Promise<PayoutRow | undefined> {
  const [row] = await db.select().from(payouts).where(eq(payouts.id, id));
  return row;
}

export async function findByReference(db: Executor, reference: string): Promise<PayoutRow | undefined> {
  const [row] = await db.select().from(payouts).where(eq(payouts.reference, reference));
  return row;
}

/** A professional's pay waiting for a wallet (or not yet sent) goes to the wallet just saved. */
export async function directUnsentPay(tx: Transaction, method: PayoutMethodRow): Promise<string[]> {
  const rows = await tx
    .update(payouts)
    .set({ phone: method.phone, network: method.network, updatedAt: sql`now()` })
    .where(and(eq(payouts.userId, method.userId), eq(payouts.purpose, 'pay'), eq(payouts.status, 'pending'), isNull(payouts.sentAt)))
    .returning({ id: payouts.id });
  return rows.map((row) => row.id);
}

/**
 * Claims the current reference for its first hand-over to the network. Only one caller wins; the
 * rest (and any later run) ask the network for its status instead of sending blindly.
 */
export async function markSent(tx: Transaction, id: string, reference: string): Promise<PayoutRow | undefined> {
  const [row] = await tx
    .update(payouts)
    .set({ sentAt: sql`now()`, updatedAt: sql`now()` })
    .where(
      and(
        eq(payouts.id, id),
        eq(payouts.reference, reference),
        eq(payouts.status, 'pending'),
        isNull(payouts.sentAt),
        isNotNull(payouts.phone),
      ),
    )
    .returning();
  return row;
}

/** The network's final answer for the attempt under `reference`, applied once. */
export async function settle(
  tx: Transaction,
  id: string,
  reference: string,
  outcome: { status: Exclude<PayoutStatus, 'pending'>; providerReference: string | null; failureReason: string | null },
): Promise<PayoutRow | undefined> {
  const [row] = await tx
    .update(payouts)
    .set({ ...outcome, settledAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(payouts.id, id), eq(payouts.reference, reference), eq(payouts.status, 'pending'), isNotNull(payouts.sentAt)))
    .returning();
  return row;
}

/** failed → pending under a new reference (the old one is spent at the network), to the wallet given. */
export async function reopen(tx: Transaction, id: string, wallet: Pick<PayoutRow, 'phone' | 'network'>): Promise<PayoutRow | undefined> {
  const [row] = await tx
    .update(payouts)
    .set({
      ...wallet,
      status: 'pending',
      reference: sql`gen_random_uuid()`,
      attempts: sql`${payouts.attempts} + 1`,
      sentAt: null,
      failureReason: null,
      providerReference: null,
      settledAt: null,
      updatedAt: sql`now()`,
    })
    .where(and(eq(payouts.id, id), eq(payouts.status, 'failed')))
    .returning();
  return row;
}

/**
 * Up to `limit` pending payouts with a wallet that nothing touched since `before`, least recently
 * touched first, stamped so the next sweep takes others: the safety net behind the queued checks.
 */
export async function takeStale(db: Executor, before: Date, limit: number): Promise<string[]> {
  const rows = await db
    .update(payouts)
    .set({ updatedAt: sql`now()` })
    .where(
      sql`${payouts.id} IN (SELECT id FROM ${payouts} WHERE status = 'pending' AND phone IS NOT NULL AND updated_at < ${before.toISOString()}
        ORDER BY updated_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)`,
    )
    .returning({ id: payouts.id });
  return rows.map((row) => row.id);
}

export async function listPayouts(
  db: Executor,
  filter: {
    userId?: string | undefined;
    jobId?: string | undefined;
    status?: PayoutStatus | undefined;
    afterId?: string | undefined;
    limit: number;
  },
): Promise<PayoutRow[]> {
  const conditions: (SQL | undefined)[] = [
    filter.userId ? eq(payouts.userId, filter.userId) : undefined,
    filter.jobId ? eq(payouts.jobId, filter.jobId) : undefined,
    filter.status ? eq(payouts.status, filter.status) : undefined,
  ];
  if (filter.afterId) {
    const cursor = db.select({ createdAt: payouts.createdAt }).from(payouts).where(eq(payouts.id, filter.afterId));
    conditions.push(
      or(lt(payouts.createdAt, sql`(${cursor})`), and(eq(payouts.createdAt, sql`(${cursor})`), lt(payouts.id, filter.afterId))),
    );
  }
  return db
    .select()
    .from(payouts)
    .where(and(...conditions))
    .orderBy(desc(payouts.createdAt), desc(payouts.id))
    .limit(filter.limit);
}

export async function hasUnsettled(db: Executor, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: payouts.id })
    .from(payouts)
    .where(and(eq(payouts.userId, userId), ne(payouts.status, 'successful')))
    .limit(1);
  return row !== undefined;
}

/** Erasure: the wallet goes; payouts stay as money records, without the number. */
export async function forgetWallets(tx: Transaction, userId: string): Promise<void> {
  await tx.delete(payoutMethods).where(eq(payoutMethods.userId, userId));
  await tx.update(payouts).set({ phone: null }).where(eq(payouts.userId, userId));
}
