import { sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.js';
import { notify } from '../notifications/service.js';
import { markNoShowIn } from './attendance.js';
import * as repo from './repository.js';
import { jobs } from './schema.js';
import { completeJobIn, jobFacts, priceOf } from './service.js';

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
    const job = await repo.transition(
      tx,
      id,
      'cancel',
      { cancelReason: reason, cancelledBy: 'qgig' },
      sql`${jobs.status} = 'assigned' AND ${started}`,
    );
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
