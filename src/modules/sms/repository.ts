import { and, desc, eq, exists, gt, isNotNull, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db.js';
import { users } from '../accounts/schema.js';
import { inboundSms, shiftOffers, shiftReminders, smsMessages } from './schema.js';

export type SmsRow = typeof smsMessages.$inferSelect;
export type NewSms = typeof smsMessages.$inferInsert;
export type OfferRow = typeof shiftOffers.$inferSelect;

/** A notice's SMS is recorded once however often its delivery is retried: undefined when it already was. */
export async function insertSms(db: Executor, values: NewSms): Promise<SmsRow | undefined> {
  const [row] = await db.insert(smsMessages).values(values).onConflictDoNothing({ target: smsMessages.notificationId }).returning();
  return row;
}

/** True when the account is not erased, holding its row (FOR SHARE) until the transaction ends. */
export async function lockActiveAccount(db: Executor, userId: string): Promise<boolean> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), ne(users.status, 'erased')))
    .for('share');
  return rows.length > 0;
}

export async function findSms(db: Executor, id: string): Promise<SmsRow | undefined> {
  const [row] = await db.select().from(smsMessages).where(eq(smsMessages.id, id));
  return row;
}

export async function countAttempt(db: Executor, id: string): Promise<SmsRow | undefined> {
  const [row] = await db
    .update(smsMessages)
    .set({ attempts: sql`${smsMessages.attempts} + 1`, updatedAt: sql`now()` })
    .where(and(eq(smsMessages.id, id), eq(smsMessages.status, 'queued')))
    .returning();
  return row;
}

export interface ProviderAnswer {
  providerMessageId?: string | null;
  providerStatusCode?: number | null;
  providerStatus?: string | null;
  failureReason?: string | null;
}

export async function updateQueued(
  db: Executor,
  id: string,
  status: 'queued' | 'sent' | 'failed',
  answer: ProviderAnswer,
): Promise<SmsRow | undefined> {
  const [row] = await db
    .update(smsMessages)
    .set({ status, ...answer, updatedAt: sql`now()` })
    .where(and(eq(smsMessages.id, id), eq(smsMessages.status, 'queued')))
    .returning();
  return row;
}

/** A delivery report moves a sent message on; a final one is applied once, and never undoes another final one. */
export async function applyReport(
  db: Executor,
  providerMessageId: string,
  status: 'sent' | 'delivered' | 'failed',
  answer: ProviderAnswer,
): Promise<SmsRow | undefined> {
  const [row] = await db
    .update(smsMessages)
    .set({ status, ...answer, updatedAt: sql`now()` })
    .where(and(eq(smsMessages.providerMessageId, providerMessageId), eq(smsMessages.status, 'sent')))
    .returning();
  return row;
}

/** Claims the email fallback: true for exactly one caller, and only while the recipient's address is verified. */
export async function claimEmailFallback(db: Executor, id: string): Promise<boolean> {
  const verifiedRecipient = db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, smsMessages.userId), isNotNull(users.emailVerifiedAt)));
  const rows = await db
    .update(smsMessages)
    .set({ emailFallbackAt: sql`now()` })
    .where(and(eq(smsMessages.id, id), isNull(smsMessages.emailFallbackAt), exists(verifiedRecipient)))
    .returning({ id: smsMessages.id });
  return rows.length === 1;
}

export async function recentSms(db: Executor, limit: number): Promise<SmsRow[]> {
  return db.select().from(smsMessages).orderBy(desc(smsMessages.createdAt)).limit(limit);
}

export async function deleteForUser(db: Executor, userId: string): Promise<void> {
  await db.delete(smsMessages).where(eq(smsMessages.userId, userId));
  await db.delete(shiftOffers).where(eq(shiftOffers.professionalId, userId));
}

export async function smsOfUser(db: Executor, userId: string): Promise<SmsRow[]> {
  return db.select().from(smsMessages).where(eq(smsMessages.userId, userId)).orderBy(smsMessages.createdAt);
}

/** Closes expired offers holding `code`, so the partial unique index lets it be given again. */
export async function releaseExpiredCode(db: Executor, code: string): Promise<void> {
  await db
    .update(shiftOffers)
    .set({ closedAt: sql`now()` })
    .where(and(eq(shiftOffers.code, code), isNull(shiftOffers.closedAt), lt(shiftOffers.expiresAt, sql`now()`)));
}

export async function insertOffer(db: Executor, values: typeof shiftOffers.$inferInsert): Promise<OfferRow> {
  const [row] = await db.insert(shiftOffers).values(values).returning();
  return row!;
}

export async function liveOfferByCode(db: Executor, phone: string, code: string): Promise<OfferRow | undefined> {
  const [row] = await db
    .select()
    .from(shiftOffers)
    .where(
      and(eq(shiftOffers.phone, phone), eq(shiftOffers.code, code), isNull(shiftOffers.closedAt), gt(shiftOffers.expiresAt, sql`now()`)),
    );
  return row;
}

/** Claims a shift's reminder of this kind: true for exactly one caller, ever. */
export async function claimReminder(db: Executor, jobId: string, kind: string): Promise<boolean> {
  const rows = await db.insert(shiftReminders).values({ jobId, kind }).onConflictDoNothing().returning({ jobId: shiftReminders.jobId });
  return rows.length === 1;
}

export async function offersOfJob(db: Executor, jobId: string): Promise<OfferRow[]> {
  return db.select().from(shiftOffers).where(eq(shiftOffers.jobId, jobId)).orderBy(shiftOffers.createdAt);
}

/** True for the first caller with this Africa's Talking message id; a replayed callback gets false. */
export async function claimInbound(db: Executor, providerMessageId: string): Promise<boolean> {
  const rows = await db.insert(inboundSms).values({ providerMessageId }).onConflictDoNothing().returning();
  return rows.length === 1;
}

export async function releaseInbound(db: Executor, providerMessageId: string): Promise<void> {
  await db.delete(inboundSms).where(eq(inboundSms.providerMessageId, providerMessageId));
}
