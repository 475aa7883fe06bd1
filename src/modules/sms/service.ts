import type { AppContext } from '../../platform/context.js';
import type { Executor, Transaction } from '../../platform/db.js';
import { toUgandaE164 } from '../../platform/phone.js';
import { accountByPhone, contactOf } from '../accounts/service.js';
import { sendAccountEmail, wasEmailed } from '../notifications/service.js';
import { setSmsByPhone } from '../notifications/settings.js';
import { africasTalkingConnection, isAccepted, isTransientRefusal, postSms, SmsTransportError } from './client.js';
import { fitSegment, toGsm7 } from './gsm7.js';
import { acceptFromPhone, confirmFromPhone, shiftTimes } from './phone-accept.js';
import { shortJobPath } from './short-link.js';
import { sendSmsTask, smsEmailFallbackTask } from './tasks.js';
import { earliestSendTime } from './quiet-hours.js';
import * as repo from './repository.js';

export { fitSegment, shortJobPath };
export { acceptFromPhone, confirmFromPhone, shiftTimes } from './phone-accept.js';
export { requireCallbackKey } from './callback-key.js';

export interface OutgoingSms {
  userId?: string;
  phone: string;
  /** A notification type, `shift.offer`, `shift.reminder`, `auth.otp`, ... */
  kind: string;
  text: string;
  /** `shortcode` for anything that invites a reply (a sender ID cannot be answered). */
  from: 'shortcode' | 'sender';
  /** Sign-in codes go at any hour. */
  bypassQuietHours?: boolean;
  /** The shift it is about: one starting within 12 hours goes at any hour too. */
  shiftStartsAt?: Date;
  notificationId?: string;
}

/**
 * Records an SMS and queues its sending in the caller's transaction (deferred to 07:00 Kampala in
 * quiet hours). Whether the person wants SMS is the caller's decision. Returns the SMS id, or
 * undefined when this notice's SMS was already recorded.
 */
export async function sendSms(ctx: AppContext, tx: Transaction, sms: OutgoingSms): Promise<string | undefined> {
  const sendAfter = earliestSendTime({
    now: new Date(),
    quietHours: ctx.config.smsQuietHours,
    bypassQuietHours: sms.bypassQuietHours,
    shiftStartsAt: sms.shiftStartsAt,
  });
  // The account row is held until this commits, so an erasure either runs first (and nothing is
  // written) or waits and then deletes this row with the rest of the person's messages.
  if (sms.userId && !(await repo.lockActiveAccount(tx, sms.userId))) return undefined;
  const row = await repo.insertSms(tx, {
    userId: sms.userId,
    phone: sms.phone,
    kind: sms.kind,
    text: toGsm7(sms.text),
    sender: sms.from,
    notificationId: sms.notificationId,
    sendAfter,
  });
  if (!row) return undefined;
  await ctx.queue.send(tx, sendSmsTask, { smsId: row.id }, sendAfter.getTime() > Date.now() ? { startAfter: sendAfter } : {});
  return row.id;
}

export interface Attempt {
  retryCount: number;
  retryLimit: number;
}

/**
 * One attempt at an SMS. A 201 is not a delivery: the recipient's statusCode decides. The gateway's own
 * trouble (no answer, 5xx, status 500-502) is retried; a refusal that will not change (blacklisted,
 * invalid number, no balance) or the last failed attempt marks it failed and sends it by email instead.
 */
export async function deliverSms(ctx: AppContext, smsId: string, attempt: Attempt): Promise<void> {
  const sms = await repo.countAttempt(ctx.db, smsId);
  if (!sms) return;
  const connection = africasTalkingConnection(ctx.config);
  const finalAttempt = attempt.retryCount >= attempt.retryLimit;
  try {
    const result = await postSms(connection, {
      to: sms.phone,
      text: sms.text,
      from: sms.sender === 'shortcode' ? connection.shortcode : connection.senderId,
    });
    const answer = { providerStatusCode: result.statusCode, providerStatus: result.status };
    if (isAccepted(result.statusCode)) {
      await repo.updateQueued(ctx.db, smsId, 'sent', { ...answer, providerMessageId: result.messageId });
      return;
    }
    if (isTransientRefusal(result.statusCode) && !finalAttempt) {
      await repo.updateQueued(ctx.db, smsId, 'queued', { ...answer, failureReason: result.status });
      throw new Error(`Africa's Talking refused the SMS for now (${result.statusCode} ${result.status}); will retry`);
    }
    await failAndFallBack(ctx, smsId, { ...answer, failureReason: result.status });
  } catch (error) {
    if (!(error instanceof SmsTransportError)) throw error;
    if (!finalAttempt) {
      await repo.updateQueued(ctx.db, smsId, 'queued', { failureReason: error.message.slice(0, 500) });
      throw error;
    }
    await failAndFallBack(ctx, smsId, { failureReason: error.message.slice(0, 500) });
  }
}

async function failAndFallBack(ctx: AppContext, smsId: string, answer: repo.ProviderAnswer): Promise<void> {
  const emailed = await ctx.db.transaction(
    async (tx) => (await repo.updateQueued(tx, smsId, 'failed', answer)) && (await queueEmailFallback(ctx, tx, smsId)),
  );
  ctx.log.warn({ smsId, reason: answer.failureReason }, emailed ? 'SMS failed; sending it by email instead' : 'SMS failed');
}

/** Only a verified address gets the text of a failed SMS; otherwise it stays recorded as failed. */
async function queueEmailFallback(ctx: AppContext, tx: Transaction, smsId: string): Promise<boolean> {
  if (!(await repo.claimEmailFallback(tx, smsId))) return false;
  await ctx.queue.send(tx, smsEmailFallbackTask, { smsId });
  return true;
}

/** The email a failed SMS becomes, unless its notice already went by email (or the address is gone). */
export async function sendEmailFallback(ctx: AppContext, smsId: string): Promise<void> {
  const sms = await repo.findSms(ctx.db, smsId);
  if (!sms?.userId) return;
  if (sms.notificationId && (await wasEmailed(ctx.db, sms.notificationId))) return;
  const contact = await contactOf(ctx.db, sms.userId);
  if (!contact?.email) {
    ctx.log.warn({ smsId }, 'SMS failed and its recipient has no email address');
    return;
  }
  await sendAccountEmail(ctx, contact.email, {
    recipientName: contact.name,
    title: 'A message from Qgig',
    body: sms.text,
    link: `${ctx.config.publicUrl}/`,
    linkLabel: 'Open Qgig',
  });
}

export interface DeliveryReport {
  id: string;
  status: string;
  phoneNumber?: string;
  networkCode?: string;
  failureReason?: string;
  retryCount?: string;
}

const FINAL_FAILURES = new Set(['Failed', 'Rejected', 'Expired']);

/** POST /sms/delivery-reports: recorded on the SMS; a final failure sends it by email. Unknown ids and statuses are acknowledged. */
export async function receiveDeliveryReport(ctx: AppContext, report: DeliveryReport): Promise<void> {
  const status = report.status === 'Success' ? 'delivered' : FINAL_FAILURES.has(report.status) ? 'failed' : 'sent';
  await ctx.db.transaction(async (tx) => {
    const row = await repo.applyReport(tx, report.id, status, {
      providerStatus: report.status,
      failureReason: report.failureReason ?? null,
    });
    if (row && status === 'failed') await queueEmailFallback(ctx, tx, row.id);
  });
}

export interface InboundSms {
  from: string;
  to?: string;
  text: string;
  date?: string;
  id?: string;
  linkId?: string;
}

const OPT_OUT_REPLIES = {
  STOP: 'Qgig: you will get no more SMS from Qgig. Reply START to get them again.',
  START: 'Qgig: SMS from Qgig are on again. Reply STOP to stop them.',
};
const YES = /^YES\s+(\d{4})$/;
const CONFIRM = /^CONFIRM(?:\s+(\d{4}))?$/;

/**
 * POST /sms/inbound, in any letter case: STOP and START turn SMS off and on for the account holding
 * that phone; `YES <code>` accepts the shift offered with that code (the same accept as the web);
 * `CONFIRM <code>` confirms the shift with that code, and a bare `CONFIRM` (the answer to a reminder
 * to confirm) the sender's soonest shift not confirmed yet. Each is answered from the shortcode.
 * Africa's Talking sends a callback again until it gets a 200, so each message `id` is acted on once.
 */
export async function receiveInboundSms(ctx: AppContext, sms: InboundSms): Promise<void> {
  const phone = toUgandaE164(sms.from) ?? sms.from;
  const command = sms.text.trim().replace(/\s+/g, ' ').toUpperCase();
  if (sms.id && !(await repo.claimInbound(ctx.db, sms.id))) return;
  try {
    if (command === 'STOP' || command === 'START') await switchSms(ctx, phone, command);
    else if (command.startsWith('YES')) await answerYes(ctx, phone, YES.exec(command)?.[1]);
    else if (command.startsWith('CONFIRM')) await answerConfirm(ctx, phone, CONFIRM.exec(command));
  } catch (error) {
    // Not acted on: Africa's Talking's next try of this message should be.
    if (sms.id) await repo.releaseInbound(ctx.db, sms.id);
    throw error;
  }
}

/** `CONFIRM [code]` from a professional's phone; a phone Qgig does not know gets no answer. */
async function answerConfirm(ctx: AppContext, phone: string, match: RegExpExecArray | null): Promise<void> {
  const account = await accountByPhone(ctx.db, phone);
  if (account?.role !== 'professional') return;
  const reply = (text: string) => replyTo(ctx, phone, 'sms.confirm', `Qgig: ${text}`, account.id);
  if (account.status !== 'active') return reply('your account is suspended, so it cannot confirm shifts.');
  if (!match) return reply('to confirm your next shift, reply CONFIRM, or CONFIRM and the 4-digit code of the shift.');
  const code = match[1];
  const offer = code ? await repo.liveOfferByCode(ctx.db, phone, code) : undefined;
  if (code && offer?.professionalId !== account.id) return reply(`no shift of yours has the code ${code}.`);
  const outcome = await confirmFromPhone(ctx, account.id, 'sms', offer?.jobId);
  await reply(outcome.text);
}

async function switchSms(ctx: AppContext, phone: string, command: 'STOP' | 'START'): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const userId = await setSmsByPhone(tx, phone, command === 'START');
    if (userId)
      await sendSms(ctx, tx, {
        userId,
        phone,
        kind: `sms.${command.toLowerCase()}`,
        text: OPT_OUT_REPLIES[command],
        from: 'shortcode',
        bypassQuietHours: true,
      });
  });
}

/** `YES <code>` from a professional's phone; a phone Qgig does not know gets no answer. */
async function answerYes(ctx: AppContext, phone: string, code: string | undefined): Promise<void> {
  const account = await accountByPhone(ctx.db, phone);
  if (account?.role !== 'professional') return;
  if (account.status !== 'active')
    return replyTo(ctx, phone, 'sms.accept', 'Qgig: your account is suspended, so it cannot take shifts.', account.id);
  if (!code)
    return replyTo(
      ctx,
      phone,
      'sms.accept',
      'Qgig: to take a shift, reply YES and the 4-digit code from the offer, e.g. YES 1234.',
      account.id,
    );
  const offer = await repo.liveOfferByCode(ctx.db, phone, code);
  if (!offer || offer.professionalId !== account.id)
    return replyTo(ctx, phone, 'sms.accept', `Qgig: no open offer to this phone has the code ${code}. It may have expired.`, account.id);
  const outcome = await acceptFromPhone(ctx, account.id, offer.jobId, 'sms');
  const { job } = outcome;
  const text = job
    ? fitSegment(
        `Qgig: the shift is yours: ${job.role}, ${shiftTimes(job)}, ${job.district}.`,
        `${ctx.config.publicUrl}${shortJobPath(job.id)}`,
      )
    : `Qgig: ${outcome.text}`;
  await replyTo(ctx, phone, 'sms.accept', text, account.id);
}

/** An answer to a message just received goes at any hour. */
async function replyTo(ctx: AppContext, phone: string, kind: string, text: string, userId?: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await sendSms(ctx, tx, { userId, phone, kind, text, from: 'shortcode', bypassQuietHours: true });
  });
}

export const findOfferByCode = (db: Executor, phone: string, code: string) => repo.liveOfferByCode(db, phone, code);

/** Development only: the newest SMS recorded, for /dev/outbox. */
export async function listOutbox(ctx: AppContext): Promise<repo.SmsRow[]> {
  return repo.recentSms(ctx.db, 100);
}

export async function exportSms(db: Executor, userId: string) {
  return (await repo.smsOfUser(db, userId)).map((sms) => ({
    id: sms.id,
    phone: sms.phone,
    kind: sms.kind,
    text: sms.text,
    status: sms.status,
    failureReason: sms.failureReason,
    createdAt: sms.createdAt.toISOString(),
    updatedAt: sms.updatedAt.toISOString(),
  }));
}

/** Erasure: the SMS sent to the person (their phone and texts) and their open offers go with the account. */
export async function eraseSms(tx: Transaction, userId: string): Promise<void> {
  await repo.deleteForUser(tx, userId);
}
