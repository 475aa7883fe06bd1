import { eq, sql } from 'drizzle-orm';
import type { Executor, Transaction } from '../../platform/db.js';
import { invoiceCounters, invoices } from './schema.js';

export type InvoiceRow = typeof invoices.$inferSelect;

/**
 * The next sequence of `year`: one upsert that starts a new year at 1 or takes the next number,
 * locking the year's row until the caller's transaction ends (a rollback gives the number back).
 */
export async function takeSequence(tx: Transaction, year: number): Promise<number> {
  const [row] = await tx
    .insert(invoiceCounters)
    .values({ year, lastSequence: 1 })
    .onConflictDoUpdate({ target: invoiceCounters.year, set: { lastSequence: sql`${invoiceCounters.lastSequence} + 1` } })
    .returning({ sequence: invoiceCounters.lastSequence });
  return row!.sequence;
}

export async function insertInvoice(tx: Transaction, values: typeof invoices.$inferInsert): Promise<InvoiceRow> {
  const [row] = await tx.insert(invoices).values(values).returning();
  return row!;
}

export async function invoiceOfJob(db: Executor, jobId: string): Promise<InvoiceRow | undefined> {
  const [row] = await db.select().from(invoices).where(eq(invoices.jobId, jobId));
  return row;
}
