import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  AdminPayoutView,
  AdminPayoutsQuery,
  MyPayoutsQuery,
  PayoutMethodBody,
  PayoutMethodView,
  PayoutView,
} from '../../contracts/payouts.js';
import type { AuthenticatedUser } from '../../platform/auth.js';
import type { AppContext, RequestMeta } from '../../platform/context.js';
import type { Executor, Transaction } from '../../platform/db.js';
import { sameToken } from '../../platform/crypto.js';
import { AppError, invalidField, notFound } from '../../platform/errors.js';
import type { Attachment } from '../../platform/http.js';
import { keysetPage, type Page } from '../../platform/paging.js';
import { toUgandaE164 } from '../../platform/phone.js';
import { recordAudit } from '../audit/service.js';
import { loadJob } from '../jobs/service.js';
import { recordPayoutFailed, recordPayoutSent, recordPayoutSuccessful, type PayoutMovement } from '../ledger/service.js';
import { notify } from '../notifications/service.js';
import { PayoutError, type PayoutNetwork, type PayoutOutcome, type PayoutProvider } from './provider.js';
import { payoutProvider } from './provider-factory.js';
import { renderPayoutReceipt } from './receipt.js';
import * as repo from './repository.js';
import { sendPayoutTask } from './tasks.js';

export type { PayoutNetwork } from './provider.js';

export const MTN_CALLBACK_PATH = '/api/v1/payouts/mtn/callback';
/** Status checks right after a hand-over, before the payout is left to a queued follow-up: most networks settle within them. */
const QUICK_CHECKS_MS = [50, 100, 200, 400, 800];
/** Pending payouts untouched this long are checked again by the reconciliation sweep. */
export const RECONCILE_AFTER_MS = 2 * 60_000;
const RECONCILE_BATCH_SIZE = 200;

export interface Wallet {
  phone: string;
  network: PayoutNetwork;
}

/** PUT /me/payout-method: the wallet's holder name is asked of the network and shown back (null where it does not say). */
export async function setPayoutMethod(ctx: AppContext, caller: AuthenticatedUser, body: PayoutMethodBody): Promise<PayoutMethodView> {
  const phone = toUgandaE164(body.phone);
  if (!phone) throw invalidField('phone', 'Enter a valid Ugandan phone number, such as 0772 123 456', 'invalid-phone');
  let accountName: string | null = null;
  try {
    accountName = await payoutProvider(ctx, body.network).accountHolderName(phone);
  } catch (error) {
    // The name is a courtesy: the wallet is saved without it when the network cannot say now.
    ctx.log.warn({ err: error, network: body.network }, 'could not look up the wallet holder name');
  }
  const method = await ctx.db.transaction(async (tx) => {
    const saved = await repo.saveMethod(tx, { userId: caller.id, phone, network: body.network, accountName });
    for (const payoutId of await repo.directUnsentPay(tx, saved)) await ctx.queue.send(tx, sendPayoutTask, { payoutId });
    return saved;
  });
  return toMethodView(method);
}

export async function getPayoutMethod(ctx: AppContext, caller: AuthenticatedUser): Promise<PayoutMethodView> {
  const method = await repo.methodOf(ctx.db, caller.id);
  if (!method) throw notFound('Payout method');
  return toMethodView(method);
}

const toMethodView = (method: repo.PayoutMethodRow): PayoutMethodView => ({
  phone: method.phone,
  network: method.network,
  ...(method.accountName ? { accountName: method.accountName } : {}),
});

export interface NewPayout {
  jobId: string;
  userId: string;
  purpose: 'pay' | 'refund';
  amount: number;
  /** Where a refund goes (the phone the institution paid from); pay goes to the professional's payout method. */
  wallet?: Wallet | undefined;
}

/**
 * The job's one payout of this purpose, in the caller's transaction (the one that released the
 * money to the payee's payable), queued at once when it has a wallet; pay without a payout method
 * waits, pending, until the professional adds one. Nothing for an amount of 0.
 */
export async function queuePayout(ctx: AppContext, tx: Transaction, payout: NewPayout): Promise<void> {
  if (payout.amount <= 0) return;
  const wallet = payout.wallet ?? (payout.purpose === 'pay' ? await repo.methodOf(tx, payout.userId) : undefined);
  const row = await repo.insertPayout(tx, {
    jobId: payout.jobId,
    userId: payout.userId,
    purpose: payout.purpose,
    amount: payout.amount,
    phone: wallet?.phone ?? null,
    network: wallet?.network ?? null,
  });
  if (row?.phone) await ctx.queue.send(tx, sendPayoutTask, { payoutId: row.id });
}

/**
 * The payout task. The reference is claimed for its first hand-over in its own committed
 * transaction before the network is called, so a process killed anywhere after that finds the
 * claim and asks for the status instead; only "not found" (the network never received it) sends
 * again, under the same reference. Timeouts and 5xx throw, for the queue to retry the same way.
 */
export async function processPayout(ctx: AppContext, payoutId: string, checks = 0): Promise<void> {
  const payout = await repo.findPayout(ctx.db, payoutId);
  if (!payout || payout.status !== 'pending' || !payout.phone || !payout.network) return;
  const provider = payoutProvider(ctx, payout.network);
  let outcome = await handOver(ctx, provider, payout);
  for (const delayMs of QUICK_CHECKS_MS) {
    if (outcome.state !== 'pending') break;
    await sleep(delayMs);
    outcome = await provider.status(payout.reference);
  }
  if (outcome.state === 'successful' || outcome.state === 'failed') return applyOutcome(ctx, payout, outcome);
  // Still pending (or, oddly, not found: the next run sends it again): look again later, less and less often.
  const startAfter = Math.min(10 * 2 ** checks, 3600);
  await ctx.queue.send(undefined, sendPayoutTask, { payoutId, checks: checks + 1 }, { startAfter });
}

async function handOver(ctx: AppContext, provider: PayoutProvider, payout: repo.PayoutRow): Promise<PayoutOutcome> {
  const claimed = await ctx.db.transaction(async (tx) => {
    const sent = await repo.markSent(tx, payout.id, payout.reference);
    if (sent) await recordPayoutSent(tx, movementOf(sent));
    return sent !== undefined;
  });
  if (!claimed) {
    const status = await provider.status(payout.reference);
    if (status.state !== 'not_found') return status;
  }
  try {
    return await provider.send({
      reference: payout.reference,
      amount: payout.amount,
      currency: payout.currency,
      phone: payout.phone!,
      narration: `Qgig ${payout.purpose === 'pay' ? 'pay' : 'refund'} for shift ${payout.jobId.slice(0, 8)}`,
      callbackUrl: provider.network === 'mtn' ? mtnCallbackUrl(ctx, payout.reference) : undefined,
    });
  } catch (error) {
    // Refused as malformed (a 4xx): the network did not take it, and sending it again would not change that.
    if (error instanceof PayoutError && error.kind === 'rejected')
      return { state: 'failed', reason: `Refused by the network: ${error.message}`, providerReference: null };
    throw error;
  }
}

async function applyOutcome(
  ctx: AppContext,
  payout: repo.PayoutRow,
  outcome: Extract<PayoutOutcome, { state: 'successful' | 'failed' }>,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const settled = await repo.settle(tx, payout.id, payout.reference, {
      status: outcome.state,
      providerReference: outcome.providerReference,
      failureReason: outcome.state === 'failed' ? outcome.reason : null,
    });
    if (!settled) return;
    if (outcome.state === 'failed') {
      await recordPayoutFailed(tx, movementOf(settled));
      ctx.log.warn({ payoutId: settled.id, reason: outcome.reason }, 'payout failed; it waits for an admin to retry');
      return;
    }
    await recordPayoutSuccessful(tx, movementOf(settled));
    await notify(ctx, tx, {
      userId: settled.userId,
      type: 'payout.sent',
      data: { jobId: settled.jobId, payoutId: settled.id, amount: settled.amount, currency: settled.currency },
    });
  });
}

const movementOf = (payout: repo.PayoutRow): PayoutMovement => ({
  payoutId: payout.id,
  jobId: payout.jobId,
  payable: payout.purpose === 'pay' ? 'professional_payable' : 'institution_payable',
  userId: payout.userId,
  amount: payout.amount,
});

function callbackToken(ctx: AppContext, reference: string): string {
  return createHmac('sha256', ctx.config.jwtSecret).update(`momo-callback:${reference}`).digest('base64url').slice(0, 32);
}

function mtnCallbackUrl(ctx: AppContext, reference: string): string {
  return `${ctx.config.publicUrl}${MTN_CALLBACK_PATH}/${reference}/${callbackToken(ctx, reference)}`;
}

/**
 * MTN's callback (unsigned): its path carries a token only Qgig can make, and even then its body is
 * not believed; it only makes the payout ask MTN for its status now. False for a path not Qgig's.
 */
export async function receiveMtnCallback(ctx: AppContext, reference: string, token: string): Promise<boolean> {
  if (!sameToken(token, callbackToken(ctx, reference))) return false;
  const payout = await repo.findByReference(ctx.db, reference);
  if (!payout) return false;
  await ctx.queue.send(undefined, sendPayoutTask, { payoutId: payout.id });
  return true;
}

/** The safety net: pending payouts left untouched for a while get a check queued. */
export async function reconcilePayouts(ctx: AppContext): Promise<string[]> {
  const stale = await repo.takeStale(ctx.db, new Date(Date.now() - RECONCILE_AFTER_MS), RECONCILE_BATCH_SIZE);
  for (const payoutId of stale) await ctx.queue.send(undefined, sendPayoutTask, { payoutId });
  return stale;
}

export function toPayoutView(row: repo.PayoutRow): PayoutView {
  return {
    id: row.id,
    jobId: row.jobId,
    purpose: row.purpose,
    amount: row.amount,
    currency: row.currency,
    network: row.network,
    phone: row.phone,
    status: row.status,
    providerReference: row.providerReference,
    failureReason: row.failureReason,
    createdAt: row.createdAt.toISOString(),
    settledAt: row.settledAt?.toISOString() ?? null,
  };
}

const toAdminView = (row: repo.PayoutRow): AdminPayoutView => ({
  ...toPayoutView(row),
  userId: row.userId,
  reference: row.reference,
  attempts: row.attempts,
});

export async function listMyPayouts(ctx: AppContext, caller: AuthenticatedUser, query: MyPayoutsQuery): Promise<Page<PayoutView>> {
  const rows = await repo.listPayouts(ctx.db, { userId: caller.id, jobId: query.jobId, afterId: query.cursor, limit: query.limit + 1 });
  return keysetPage(rows, query.limit, (row) => row.id, toPayoutView);
}

export async function listPayoutsForAdmin(ctx: AppContext, query: AdminPayoutsQuery): Promise<Page<AdminPayoutView>> {
  const rows = await repo.listPayouts(ctx.db, { status: query.status, afterId: query.cursor, limit: query.limit + 1 });
  return keysetPage(rows, query.limit, (row) => row.id, toAdminView);
}

/**
 * POST /admin/payouts/{id}/retry: a failed payout sent again under a new reference (the old one
 * produced a final answer at the network), to the professional's current payout method; audited.
 */
export async function retryPayout(ctx: AppContext, caller: AuthenticatedUser, id: string, meta: RequestMeta): Promise<AdminPayoutView> {
  const payout = await repo.findPayout(ctx.db, id);
  if (!payout) throw notFound('Payout');
  const reopened = await ctx.db.transaction(async (tx) => {
    const method = payout.purpose === 'pay' ? await repo.methodOf(tx, payout.userId) : undefined;
    const row = await repo.reopen(tx, id, method ? { phone: method.phone, network: method.network } : payout);
    if (!row) throw new AppError('conflict', 'payout-not-failed', `This payout is ${payout.status}; only a failed payout can be retried`);
    await recordAudit(tx, {
      actorId: caller.id,
      action: 'payout.retry',
      targetType: 'payout',
      targetId: id,
      ip: meta.ip,
      details: { previousReference: payout.reference, reference: row.reference, failureReason: payout.failureReason },
    });
    if (row.phone) await ctx.queue.send(tx, sendPayoutTask, { payoutId: id });
    return row;
  });
  return toAdminView(reopened);
}

/** GET /me/payouts/{id}/receipt: the PDF of the caller's successful pay; anyone else's payout, or a refund, is not found. */
export async function payoutReceipt(ctx: AppContext, caller: AuthenticatedUser, id: string): Promise<Attachment> {
  const payout = await repo.findPayout(ctx.db, id);
  if (!payout || payout.userId !== caller.id || payout.purpose !== 'pay') throw notFound('Payout');
  if (payout.status !== 'successful' || !payout.settledAt || !payout.phone || !payout.network) {
    throw new AppError('conflict', 'payout-not-successful', `This payout is ${payout.status}; its receipt comes once it is successful`);
  }
  const found = await loadJob(ctx.db, payout.jobId);
  const bytes = await renderPayoutReceipt({
    payoutId: payout.id,
    professionalName: found.assignee.name ?? '',
    phone: payout.phone,
    network: payout.network,
    amount: payout.amount,
    currency: payout.currency,
    job: { id: found.job.id, role: found.job.role, startsAt: found.job.startsAt, institutionName: found.institutionName },
    // A network that gave no id of its own knows the transfer by the reference Qgig sent it under.
    providerReference: payout.providerReference ?? payout.reference,
    settledAt: payout.settledAt,
  });
  return { bytes, mime: 'application/pdf', filename: `qgig-payout-${payout.id}.pdf` };
}

/** Erasure is refused while money is still on its way to the user. */
export async function assertNoUnsettledPayout(db: Executor, userId: string): Promise<void> {
  if (await repo.hasUnsettled(db, userId)) {
    throw new AppError(
      'conflict',
      'payout-not-settled',
      'A payout to you has not gone through yet; delete your account once it is successful',
    );
  }
}

export async function exportPayouts(db: Executor, userId: string): Promise<{ method: PayoutMethodView | null; payouts: PayoutView[] }> {
  const method = await repo.methodOf(db, userId);
  const rows = await repo.listPayouts(db, { userId, limit: 10_000 });
  return { method: method ? toMethodView(method) : null, payouts: rows.map(toPayoutView) };
}

export const forgetPayoutWallets = repo.forgetWallets;
