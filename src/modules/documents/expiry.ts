import { kampalaDateOf } from '../../contracts/time.js';
import type { AppContext } from '../../platform/context.js';
import type { Transaction } from '../../platform/db.js';
import { bookedJobsOfStartingAfter } from '../jobs/repository.js';
import { notify } from '../notifications/service.js';
import { CREDENTIAL_EXPIRY } from '../reliability/rules.js';
import { findUserById } from '../accounts/repository.js';
import * as repo from './repository.js';
import { expireLapsedVerifications, recomputeVerification } from './verification.js';

/** Reminder windows in days, nearest first: [7, 30]. */
const REMINDER_DAYS = [...CREDENTIAL_EXPIRY.reminderDaysBefore].sort((a, b) => a - b);

export interface CredentialExpiryOutcome {
  expired: number;
  reminded: number;
  lapsed: number;
}

/**
 * The daily credential run, as of `now`: every approved document whose expiry day (Kampala) has come
 * or passed becomes `expired`, each reminder that is due is sent once, and anyone still verified who
 * no longer qualifies is un-verified. Each step is guarded in the database, so a second or a late run
 * does exactly what is left.
 */
export async function runCredentialExpiry(ctx: AppContext, now: Date): Promise<CredentialExpiryOutcome> {
  const expired = await expireDocuments(ctx, now);
  const reminded = await remindExpiringDocuments(ctx, now);
  const lapsed = (await expireLapsedVerifications(ctx.db)).length;
  return { expired, reminded, lapsed };
}

/**
 * One transaction per document: it is marked expired, the owner's verification recomputed and the
 * owner told; if that leaves them unverified, the institutions whose future shifts they hold are told.
 */
export async function expireDocuments(ctx: AppContext, now: Date): Promise<number> {
  const today = kampalaDateOf(now);
  let expired = 0;
  for (const id of await repo.approvedExpiredBy(ctx.db, today)) {
    const done = await ctx.db.transaction(async (tx) => {
      const document = await repo.markExpired(tx, id, today);
      if (!document) return false;
      const verified = await recomputeVerification(tx, document.userId);
      const facts = { documentId: document.id, docType: document.docType, expiresOn: document.expiresOn! };
      await notify(ctx, tx, { userId: document.userId, type: 'document.expired', data: { ...facts, verified } });
      if (!verified) await tellInstitutions(ctx, tx, document, now);
      return true;
    });
    if (done) expired += 1;
  }
  return expired;
}

async function tellInstitutions(ctx: AppContext, tx: Transaction, document: repo.DocumentRow, now: Date): Promise<void> {
  const held = await bookedJobsOfStartingAfter(tx, document.userId, now);
  if (held.length === 0) return;
  const professionalName = (await findUserById(tx, document.userId))?.name;
  for (const job of held) {
    await notify(ctx, tx, {
      userId: job.institutionId,
      type: 'job.assignee_unverified',
      data: { jobId: job.id, jobRole: job.role, startsAt: job.startsAt.toISOString(), professionalName, docType: document.docType },
    });
  }
}

/**
 * The reminder due for each approved document expiring within the furthest reminder window: the
 * nearest window it has entered (30 days, then 7), unless that one (or a nearer one) was already sent.
 */
export async function remindExpiringDocuments(ctx: AppContext, now: Date): Promise<number> {
  const today = kampalaDateOf(now);
  let reminded = 0;
  for (const document of await repo.approvedExpiringWithin(ctx.db, today, REMINDER_DAYS.at(-1)!)) {
    const due = REMINDER_DAYS.find((days) => document.daysLeft <= days)!;
    if (document.remindedDaysBefore !== null && document.remindedDaysBefore <= due) continue;
    const sent = await ctx.db.transaction(async (tx) => {
      if (!(await repo.markReminded(tx, document.id, due))) return false;
      const { id: documentId, userId, docType, expiresOn, daysLeft } = document;
      await notify(ctx, tx, { userId, type: 'document.expiring', data: { documentId, docType, expiresOn, daysLeft } });
      return true;
    });
    if (sent) reminded += 1;
  }
  return reminded;
}
