import { sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.js';
import { notify } from '../notifications/service.js';
import { markNoShowIn } from './attendance.js';
import * as repo from './repository.js';
import { jobs } from './schema.js';
import { CONFIRMATION } from '../reliability/rules.js';
import { cancelJobIn, completeJobIn, jobFacts, priceOf } from './service.js';
import { CONFIRMABLE_STATES } from './state-machine.js';

const startsWithinADay = sql`${jobs.startsAt} - interval '24 hours' <= now()`;
const started = sql`${jobs.startsAt} <= now()`;
const startedHalfAnHourAgo = sql`${jobs.startsAt} + interval '30 minutes' <= now()`;

/**
 * What the clock does to shifts, each job in its own transaction through the same guarded
 * statements the routes use: a repeated or concurrent sweep finds nothing left to do.
 */
export async function sweepShifts(ctx: AppContext): Promise<void> {
  for (const id of await repo.idsWhere(ctx.db, 'checked_in', sql`${jobs.endsAt} + interval '2 hours' <= now()`))
    await repo.autoCheckOut(ctx.db, id);
  for (const id of await repo.idsWhere(ctx.db, 'checked_out', repo.COMPLETION_GUARDS.autoApprove)) {
    await ctx.db.transaction((tx) => completeJobIn(ctx, tx, id, 'autoApprove'));
  }
  for (const id of await repo.idsWhere(ctx.db, 'paid', repo.NO_SHOW_GUARDS.auto))
    await ctx.db.transaction((tx) => markNoShowIn(ctx, tx, id, 'auto'));
  for (const id of await repo.idsWhere(ctx.db, 'paid', sql`${startedHalfAnHourAgo} AND ${jobs.noCheckInNoticeAt} IS NULL`))
    await tellNobodyCheckedIn(ctx, id);
  for (const id of await repo.idsWhere(ctx.db, 'assigned', started)) await cancelUnpaid(ctx, id);
  for (const id of await repo.idsWhere(ctx.db, 'assigned', sql`${startsWithinADay} AND ${jobs.paymentReminderAt} IS NULL`))
    await remindToPay(ctx, id);
  for (const id of await repo.idsWhere(ctx.db, 'open', sql`${started} AND ${jobs.fundedAt} IS NOT NULL`)) await refundUntaken(ctx, id);
  // Soonest reminder first: a shift booked 5 h ahead gets the 6 h reminder alone.
  for (const hours of [...CONFIRMATION.reminderHoursBefore].sort((a, b) => a - b))
    for (const status of CONFIRMABLE_STATES)
      for (const id of await repo.idsWhere(ctx.db, status, repo.confirmReminderDue(hours))) await remindToConfirm(ctx, id, hours);
}

/** A reopened job that holds its payment and that nobody took before its start is cancelled and refunded. */
async function refundUntaken(ctx: AppContext, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    if ((await repo.lockedStatusOf(tx, id)) === 'open')
      await cancelJobIn(ctx, tx, id, 'Nobody took it again before it started; the payment is refunded', 'qgig');
  });
}

/** Each reminder to confirm once per booking (in-app, and by SMS from the shortcode, so CONFIRM answers it). */
async function remindToConfirm(ctx: AppContext, id: string, hours: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const job = await repo.stampConfirmReminder(tx, id, hours);
    const assigneeId = job && (await repo.assigneeOf(tx, id));
    if (assigneeId)
      await notify(ctx, tx, { userId: assigneeId, type: 'job.confirm_reminder', data: { ...jobFacts(job), hoursBefore: hours } });
  });
}

async function tellNobodyCheckedIn(ctx: AppContext, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const job = await repo.stampNotice(tx, id, 'noCheckInNoticeAt', 'paid', startedHalfAnHourAgo);
    if (job) await notify(ctx, tx, { userId: job.institutionId, type: 'job.no_check_in', data: jobFacts(job) });
  });
}

async function cancelUnpaid(ctx: AppContext, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const reason = 'It was not paid for before it started';
    const job = await repo.cancel(tx, id, { cancelReason: reason, cancelledBy: 'qgig' }, sql`${jobs.status} = 'assigned' AND ${started}`);
    if (!job) return;
    const data = { ...jobFacts(job), reason, cancelledBy: 'qgig' as const };
    const assignee = await repo.assigneeOf(tx, id);
    for (const userId of [job.institutionId, assignee]) if (userId) await notify(ctx, tx, { userId, type: 'job.cancelled', data });
  });
}

async function remindToPay(ctx: AppContext, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const job = await repo.stampNotice(tx, id, 'paymentReminderAt', 'assigned', startsWithinADay);
    if (job)
      await notify(ctx, tx, {
        userId: job.institutionId,
        type: 'job.payment_reminder',
        data: { ...jobFacts(job), total: priceOf(job).total },
      });
  });
}
