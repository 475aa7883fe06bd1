import type { IpnAcknowledgement, IpnFields, PaymentBody, StartedPayment, TransactionView } from '../../contracts/payments.js';
import type { AuthenticatedUser } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import type { Executor, Transaction } from '../../platform/db.js';
import { violatedUniqueConstraint } from '../../platform/db-errors.js';
import { AppError, errorText, invalidField, notFound } from '../../platform/errors.js';
import { toUgandaE164 } from '../../platform/phone.js';
import { contactOf } from '../accounts/service.js';
import { issueInvoice } from '../invoices/service.js';
import { jobForOwner, jobParties, markJobPaid, priceOf, stateConflict } from '../jobs/service.js';
import { recordReturnedPayment } from '../ledger/service.js';
import { notify } from '../notifications/service.js';
import type { Wallet } from '../payouts/service.js';
import { checkPaymentTask, refundJobPaymentTask, refundLatePaymentTask } from './tasks.js';
import { paymentProvider } from './provider-factory.js';
import type { PaymentStatus } from './provider.js';
import * as repo from './repository.js';

export const CALLBACK_PATH = '/api/v1/payments/pesapal/callback';
/** An IPN is checked at once; this queued re-check (seconds later) covers a crash or a PesaPal outage in between. */
export const IPN_RECHECK_DELAY_SECONDS = 15;
/** Pending payments older than this are re-checked by the reconciliation job. */
export const RECONCILE_AFTER_MINUTES = 5;
/** How many pending payments one reconciliation run queues for a re-check. */
export const RECONCILE_BATCH_SIZE = 500;
/** A repeat of an IPN (same order, same notification type) within this many seconds is acknowledged and nothing more. */
export const IPN_REPLAY_WINDOW_SECONDS = 60;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** POST /jobs/{id}/payments: records the attempt (one live payment per job, by unique index), then submits the order to PesaPal. */
export async function startPayment(ctx: AppContext, caller: AuthenticatedUser, jobId: string, body: PaymentBody): Promise<StartedPayment> {
  const job = await jobForOwner(ctx.db, caller, jobId);
  if (job.status !== 'assigned') throw stateConflict('pay', job.status);
  const payer = await contactOf(ctx.db, caller.id);
  const phone = body.phone === undefined ? (payer?.phone ?? null) : toUgandaE164(body.phone);
  if (phone === undefined) throw invalidField('phone', 'Enter a Ugandan phone number to pay from');

  const values = {
    jobId,
    payerId: caller.id,
    amount: priceOf(job).total,
    currency: job.currency,
    paymentMethod: body.method,
    payerPhone: phone,
  };
  // A checkout abandoned past PAYMENT_EXPIRY_MINUTES holds the job's one live payment: expire it now, then try again once.
  const transaction =
    (await recordAttempt(ctx, values)) ?? ((await expireOverduePayment(ctx, jobId)) ? await recordAttempt(ctx, values) : undefined);
  if (!transaction) throw new AppError('conflict', 'payment-exists', 'This job already has a payment pending or completed');

  const [firstName, ...rest] = (payer?.name ?? '').split(' ');
  let order;
  try {
    order = await paymentProvider(ctx).submitOrder({
      reference: transaction.id,
      amount: transaction.amount,
      currency: transaction.currency,
      description: `Qgig ${job.role} shift ${job.shiftDate}`,
      callbackUrl: `${ctx.config.publicUrl}${CALLBACK_PATH}`,
      customer: { email: payer?.email ?? undefined, phone: phone ?? undefined, firstName, lastName: rest.join(' ') },
    });
  } catch (error) {
    await ctx.db.transaction(async (tx) => {
      await repo.settle(tx, transaction.id, 'pending', 'failed');
      await repo.recordEvent(tx, transaction.id, 'submit_failed', { error: errorText(error) });
    });
    ctx.log.warn({ err: error, transactionId: transaction.id }, 'PesaPal did not take the order');
    throw providerUnavailable();
  }
  await ctx.db.transaction(async (tx) => {
    await repo.saveOrder(tx, transaction.id, order);
    await repo.recordEvent(tx, transaction.id, 'submitted', { orderTrackingId: order.orderTrackingId });
  });
  return { transactionId: transaction.id, status: 'pending', redirectUrl: order.redirectUrl, orderTrackingId: order.orderTrackingId };
}

const providerUnavailable = () =>
  new AppError('unavailable', 'payment-provider-unavailable', 'PesaPal could not take the payment just now; please try again in a minute');

/** The payment attempt and its first event; undefined when the job already has a payment pending or completed. */
async function recordAttempt(
  ctx: AppContext,
  values: Parameters<typeof repo.insertTransaction>[1],
): Promise<repo.TransactionRow | undefined> {
  return ctx.db
    .transaction(async (tx) => {
      const row = await repo.insertTransaction(tx, values);
      await repo.recordEvent(tx, row.id, 'created', { amount: row.amount, currency: row.currency, method: row.paymentMethod });
      return row;
    })
    .catch((error: unknown) => {
      if (violatedUniqueConstraint(error) === 'transactions_one_live_per_job') return undefined;
      throw error;
    });
}

const isOverdue = (ctx: AppContext, transaction: repo.TransactionRow): boolean =>
  transaction.status === 'pending' && Date.now() - transaction.createdAt.getTime() >= ctx.config.paymentExpiryMinutes * 60_000;

/** Expires the job's pending payment if it is overdue; true when the job no longer has one in flight. */
async function expireOverduePayment(ctx: AppContext, jobId: string): Promise<boolean> {
  const pending = await repo.pendingPaymentOf(ctx.db, jobId);
  if (!pending || !isOverdue(ctx, pending)) return false;
  try {
    await expirePayment(ctx, pending, pending.orderTrackingId ?? undefined);
  } catch (error) {
    ctx.log.warn({ err: error, transactionId: pending.id }, 'could not expire an abandoned checkout');
    throw providerUnavailable();
  }
  return (await repo.findTransaction(ctx.db, pending.id))?.status !== 'pending';
}

/**
 * An abandoned checkout: asks PesaPal once more (it may have been paid after all), cancels the order
 * while it is unpaid so it cannot be paid later, and marks the payment failed so the job can be paid
 * again. A payment whose order PesaPal never named to us cannot be asked about: it is marked failed,
 * and should PesaPal report it paid later, it is refunded.
 */
async function expirePayment(ctx: AppContext, transaction: repo.TransactionRow, trackingId: string | undefined): Promise<void> {
  if (trackingId) {
    let status = await statusOf(ctx, transaction, trackingId);
    if (status.state === 'pending') {
      const answer = await paymentProvider(ctx).cancel(trackingId);
      await repo.recordEvent(ctx.db, transaction.id, answer.accepted ? 'cancelled_at_provider' : 'cancel_refused', {
        message: answer.message,
      });
      // Refused: it may have been paid or cancelled meanwhile, and its status says which.
      if (!answer.accepted) status = await statusOf(ctx, transaction, trackingId);
    }
    if (status.state !== 'pending') return applyStatus(ctx, transaction, trackingId, status);
  }
  await ctx.db.transaction((tx) =>
    failPayment(ctx, tx, transaction, 'expired', `The checkout was not completed within ${ctx.config.paymentExpiryMinutes} minutes`),
  );
}

/**
 * PesaPal's IPN. Its content is never trusted: it only names an order, which is then checked with
 * GetTransactionStatus. The durable re-check is queued first, so a crash right after the
 * acknowledgement still settles the payment.
 */
export async function receiveIpn(ctx: AppContext, fields: IpnFields): Promise<IpnAcknowledgement> {
  const trackingId = fields.OrderTrackingId ?? '';
  const reference = fields.OrderMerchantReference ?? '';
  const acknowledge = (status: 200 | 500): IpnAcknowledgement => ({
    orderNotificationType: fields.OrderNotificationType ?? 'IPNCHANGE',
    orderTrackingId: trackingId,
    orderMerchantReference: reference,
    status,
  });
  const transaction = UUID.test(reference) ? await repo.findTransaction(ctx.db, reference) : undefined;
  if (!trackingId || !transaction || (transaction.orderTrackingId !== null && transaction.orderTrackingId !== trackingId)) {
    ctx.log.warn({ trackingId, reference }, 'IPN for an order that is not ours; ignored');
    return acknowledge(500);
  }
  const notificationType = fields.OrderNotificationType ?? 'IPNCHANGE';
  const fresh = await ctx.db.transaction(async (tx) => {
    if (!(await repo.noteIpn(tx, trackingId, notificationType, IPN_REPLAY_WINDOW_SECONDS))) return false;
    await repo.recordEvent(tx, transaction.id, 'ipn_received', { orderTrackingId: trackingId, notificationType });
    await ctx.queue.send(tx, checkPaymentTask, { transactionId: transaction.id, reason: 'ipn' }, { startAfter: IPN_RECHECK_DELAY_SECONDS });
    return true;
  });
  // A replay: the first copy's check and queued re-check cover it.
  if (!fresh) return acknowledge(200);
  try {
    await checkTransaction(ctx, transaction, trackingId);
  } catch (error) {
    ctx.log.warn({ err: error, transactionId: transaction.id }, 'payment status check failed; the queued re-check will retry');
  }
  return acknowledge(200);
}

/** Asks PesaPal where a payment stands and applies the answer; throws (for the queue to retry) when PesaPal cannot say. */
export async function checkPayment(ctx: AppContext, transactionId: string): Promise<void> {
  await checkTransaction(ctx, await repo.findTransaction(ctx.db, transactionId));
}

/**
 * `checkPayment` for a row already read; `trackingIdHint` is the IPN's, for an order whose answer
 * was not stored yet. A failed payment is checked too: PesaPal may report it paid after it expired.
 */
async function checkTransaction(ctx: AppContext, transaction: repo.TransactionRow | undefined, trackingIdHint?: string): Promise<void> {
  if (!transaction || transaction.flaggedReason || transaction.status === 'reversed') return;
  const trackingId = transaction.orderTrackingId ?? trackingIdHint;
  if (isOverdue(ctx, transaction)) return expirePayment(ctx, transaction, trackingId);
  if (trackingId) await applyStatus(ctx, transaction, trackingId, await statusOf(ctx, transaction, trackingId));
}

/** GetTransactionStatus, its answer recorded on the payment, or its failure before it is thrown (for the queue to retry). */
async function statusOf(ctx: AppContext, transaction: repo.TransactionRow, trackingId: string): Promise<PaymentStatus> {
  let status: PaymentStatus;
  try {
    status = await paymentProvider(ctx).getStatus(trackingId);
  } catch (error) {
    await repo.recordEvent(ctx.db, transaction.id, 'status_check_failed', { error: errorText(error) });
    throw error;
  }
  await repo.recordEvent(ctx.db, transaction.id, 'status_checked', {
    state: status.state,
    amount: status.amount,
    currency: status.currency,
    confirmationCode: status.confirmationCode,
    method: status.paymentMethod,
  });
  return status;
}

async function applyStatus(ctx: AppContext, transaction: repo.TransactionRow, trackingId: string, status: PaymentStatus): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const { id } = transaction;
    const mismatch =
      status.reference !== id
        ? `PesaPal names merchant reference ${status.reference} for this order`
        : status.state === 'completed' && (status.amount !== transaction.amount || status.currency !== transaction.currency)
          ? `PesaPal reports ${status.currency} ${status.amount} paid; the order was ${transaction.currency} ${transaction.amount}`
          : undefined;
    if (mismatch) {
      if (await repo.flag(tx, id, mismatch)) await repo.recordEvent(tx, id, 'flagged', { reason: mismatch });
      ctx.log.error({ transactionId: id, reason: mismatch }, 'payment flagged for review');
      return;
    }
    await repo.adoptTrackingId(tx, id, trackingId);

    if (status.state === 'completed') {
      const paidWith = {
        confirmationCode: status.confirmationCode,
        providerMethod: status.paymentMethod,
        paymentAccount: status.paymentAccount,
      };
      const settled = await repo.settle(tx, id, 'pending', 'completed', paidWith);
      if (!settled) {
        // Paid after we gave up on it (it expired): the job may be paid by another attempt since, so the money goes back.
        if (await repo.markPaidAfterFailure(tx, id, paidWith)) {
          await repo.recordEvent(tx, id, 'paid_after_failure', { confirmationCode: status.confirmationCode });
          await recordReturnedPayment(tx, transaction.jobId, transaction.amount);
          await ctx.queue.send(tx, refundLatePaymentTask, { transactionId: id }, { singletonKey: id });
        }
        return;
      }
      await repo.recordEvent(tx, id, 'completed', { confirmationCode: status.confirmationCode });
      const paid = await markJobPaid(tx, transaction.jobId);
      if (!paid) {
        // The job was cancelled while the payer was paying: the money goes back.
        await repo.recordEvent(tx, id, 'job_not_payable', {});
        await recordReturnedPayment(tx, transaction.jobId, transaction.amount);
        await ctx.queue.send(
          tx,
          refundJobPaymentTask,
          { jobId: transaction.jobId, reason: 'The job was cancelled before the payment arrived' },
          { singletonKey: transaction.jobId },
        );
        return;
      }
      const data = {
        jobId: paid.job.id,
        jobRole: paid.job.role,
        startsAt: paid.job.startsAt.toISOString(),
        transactionId: id,
        amount: transaction.amount,
        currency: transaction.currency,
      };
      for (const userId of [paid.job.institutionId, paid.assigneeId])
        if (userId) await notify(ctx, tx, { userId, type: 'payment.received', data });
      // Last, just before the commit: the invoice number locks the year's counter row until then, and
      // every other payment being settled waits for it.
      await issueInvoice(tx, {
        jobId: paid.job.id,
        transactionId: id,
        confirmationCode: status.confirmationCode,
        paidAt: settled.settledAt!,
      });
    } else if (status.state === 'failed') {
      await failPayment(ctx, tx, transaction, 'failed', status.description ?? undefined);
    } else if (status.state === 'reversed') {
      if (await repo.settle(tx, id, 'completed', 'reversed')) await repo.recordEvent(tx, id, 'reversed', {});
    }
  });
}

/** pending → failed, once, with the event `eventType`; the payer is told. */
async function failPayment(
  ctx: AppContext,
  tx: Transaction,
  transaction: repo.TransactionRow,
  eventType: 'failed' | 'expired',
  reason: string | undefined,
): Promise<void> {
  const { id } = transaction;
  if (!(await repo.settle(tx, id, 'pending', 'failed'))) return;
  await repo.recordEvent(tx, id, eventType, { description: reason ?? null });
  const job = (await jobParties(tx, transaction.jobId))?.job;
  await notify(ctx, tx, {
    userId: transaction.payerId,
    type: 'payment.failed',
    data: {
      jobId: transaction.jobId,
      jobRole: job?.role,
      startsAt: job?.startsAt.toISOString(),
      transactionId: id,
      amount: transaction.amount,
      reason,
    },
  });
}

/** Queued when a paid job is cancelled (or paid after cancelling): asks PesaPal to refund its completed payment, once. */
export async function refundJobPayment(ctx: AppContext, jobId: string, reason: string): Promise<void> {
  await refundPayment(ctx, await repo.completedPaymentOf(ctx.db, jobId), reason);
}

/** Queued when a payment marked failed (expired) is paid after all: asks PesaPal to refund it, once. */
export async function refundLatePayment(ctx: AppContext, transactionId: string): Promise<void> {
  await refundPayment(ctx, await repo.findTransaction(ctx.db, transactionId), 'The payment arrived after the checkout had expired');
}

async function refundPayment(ctx: AppContext, payment: repo.TransactionRow | undefined, reason: string): Promise<void> {
  if (!payment || payment.refundStatus === 'requested' || payment.refundStatus === 'rejected') return;
  if (!payment.confirmationCode) {
    if (await repo.setRefundStatus(ctx.db, payment.id, 'impossible', true))
      await repo.recordEvent(ctx.db, payment.id, 'refund_impossible', { reason: 'no confirmation code' });
    return;
  }
  await repo.recordEvent(ctx.db, payment.id, 'refund_requested', { amount: payment.amount, reason });
  let answer;
  try {
    answer = await paymentProvider(ctx).refund({
      confirmationCode: payment.confirmationCode,
      amount: payment.amount,
      requestedBy: 'qgig',
      remarks: reason.slice(0, 200),
    });
  } catch (error) {
    await repo.recordEvent(ctx.db, payment.id, 'refund_error', { error: errorText(error) });
    throw error;
  }
  await ctx.db.transaction(async (tx) => {
    await repo.setRefundStatus(tx, payment.id, answer.accepted ? 'requested' : 'rejected');
    await repo.recordEvent(tx, payment.id, answer.accepted ? 'refund_accepted' : 'refund_rejected', { message: answer.message });
  });
}

/**
 * Re-checks payments pending for a while, the least recently checked first, so one whose IPN never
 * came still settles, and one abandoned past PAYMENT_EXPIRY_MINUTES expires. Returns the ids queued.
 */
export async function reconcileStalePayments(ctx: AppContext, batchSize = RECONCILE_BATCH_SIZE): Promise<string[]> {
  const stale = await repo.takeStalePending(ctx.db, new Date(Date.now() - RECONCILE_AFTER_MINUTES * 60_000), batchSize);
  for (const transactionId of stale) {
    await ctx.queue.send(
      undefined,
      checkPaymentTask,
      { transactionId, reason: 'reconcile' },
      { singletonKey: `reconcile-${transactionId}` },
    );
  }
  return stale;
}

/** GET /transactions/{id}: the payer and admins see it with every event; anyone else gets 404. */
export async function getTransaction(ctx: AppContext, caller: AuthenticatedUser, id: string): Promise<TransactionView> {
  const transaction = await repo.findTransaction(ctx.db, id);
  if (!transaction || (transaction.payerId !== caller.id && caller.role !== 'admin')) throw notFound('Transaction');
  return toTransactionView(transaction, await repo.eventsOf(ctx.db, id));
}

function withEvents(ctx: AppContext, rows: repo.TransactionRow[]): Promise<TransactionView[]> {
  return Promise.all(rows.map(async (row) => toTransactionView(row, await repo.eventsOf(ctx.db, row.id))));
}

function toTransactionView(row: repo.TransactionRow, events: Awaited<ReturnType<typeof repo.eventsOf>>): TransactionView {
  return {
    id: row.id,
    jobId: row.jobId,
    amount: row.amount,
    currency: row.currency,
    status: row.status,
    paymentMethod: row.paymentMethod,
    pesapalReference: row.orderTrackingId,
    confirmationCode: row.confirmationCode,
    providerMethod: row.providerMethod,
    redirectUrl: row.status === 'pending' ? row.redirectUrl : null,
    flaggedReason: row.flaggedReason,
    refundStatus: row.refundStatus,
    createdAt: row.createdAt.toISOString(),
    settledAt: row.settledAt?.toISOString() ?? null,
    events: events.map((event) => ({ type: event.type, at: event.at.toISOString(), detail: event.detail })),
  };
}

/** The payments of the caller's job (owner) or of any job (admin), newest first. */
export async function paymentsOfJob(ctx: AppContext, caller: AuthenticatedUser, jobId: string): Promise<TransactionView[]> {
  if (caller.role !== 'admin') await jobForOwner(ctx.db, caller, jobId);
  return withEvents(ctx, await repo.transactionsOfJob(ctx.db, jobId));
}

/** What the payer sees when PesaPal sends them back: the payment's state, checked once more. */
export async function paymentOutcome(
  ctx: AppContext,
  fields: IpnFields,
): Promise<{ transaction: repo.TransactionRow | undefined; publicUrl: string }> {
  const reference = fields.OrderMerchantReference ?? '';
  let transaction = UUID.test(reference) ? await repo.findTransaction(ctx.db, reference) : undefined;
  if (
    transaction &&
    transaction.orderTrackingId === (fields.OrderTrackingId ?? transaction.orderTrackingId) &&
    transaction.status === 'pending'
  ) {
    await checkTransaction(ctx, transaction).catch((error: unknown) => ctx.log.warn({ err: error }, 'status check on return failed'));
    transaction = await repo.findTransaction(ctx.db, transaction.id);
  }
  return { transaction, publicUrl: ctx.config.publicUrl };
}

/**
 * The mobile-money wallet a job was paid from (PesaPal refunds only whole payments, so a part goes
 * back through the payout networks); undefined for a card, or a network PesaPal did not name.
 */
export async function payerWalletOf(db: Executor, jobId: string): Promise<Wallet | undefined> {
  const payment = await repo.completedPaymentOf(db, jobId);
  const method = payment?.providerMethod ?? '';
  const network = /airtel/i.test(method) ? 'airtel' : /mtn/i.test(method) ? 'mtn' : undefined;
  return payment?.payerPhone && network ? { phone: payment.payerPhone, network } : undefined;
}

/** Data-subject access: the caller's payments with their events. */
export async function exportTransactions(ctx: AppContext, userId: string): Promise<TransactionView[]> {
  return withEvents(ctx, await repo.transactionsOfPayer(ctx.db, userId));
}

export { forgetPayerPhone } from './repository.js';
