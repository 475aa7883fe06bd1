import type { JobStatus, JobView } from '../../contracts/jobs.js';
import type { AuthenticatedUser } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import type { Transaction } from '../../platform/db.js';
import { AppError, invalidField } from '../../platform/errors.js';
import { hit, rateLimited, reset } from '../../platform/throttle.js';
import { recordRefund } from '../ledger/service.js';
import { refundJobPaymentTask } from '../payments/tasks.js';
import { recordReliabilityEvent } from '../reliability/service.js';
import { currentCode, isValidCode, type AttendanceCode } from './attendance-code.js';
import * as repo from './repository.js';
import { conflictFor, getJob, loadJob, priceOf, requireOwner, stateConflict } from './service.js';

const MINUTE = 60_000;
/** The code is shown from an hour before the start to 2 h after the end. */
const CODE_FROM_BEFORE_START = 60 * MINUTE;
const CODE_UNTIL_AFTER_END = 120 * MINUTE;
const WRONG_CODE_LIMIT = { max: 5, windowSeconds: 600 };

export async function attendanceCode(ctx: AppContext, caller: AuthenticatedUser, jobId: string): Promise<AttendanceCode> {
  const { job } = await loadJob(ctx.db, jobId);
  requireOwner(job, caller);
  if (job.status !== 'paid' && job.status !== 'checked_in') {
    throw new AppError('conflict', 'no-attendance-code', `This job is ${job.status}; there is no attendance code to show`, {
      currentStatus: job.status,
    });
  }
  const now = Date.now();
  const opensAt = job.startsAt.getTime() - CODE_FROM_BEFORE_START;
  const closesAt = job.endsAt.getTime() + CODE_UNTIL_AFTER_END;
  if (now < opensAt || now > closesAt) {
    throw new AppError(
      'conflict',
      'outside-attendance-window',
      'The attendance code is shown from an hour before the shift starts to 2 hours after it ends',
      {
        currentStatus: job.status,
        opensAt: new Date(opensAt).toISOString(),
        closesAt: new Date(closesAt).toISOString(),
      },
    );
  }
  return currentCode(ctx.config.jwtSecret, jobId, now);
}

type AttendanceAction = 'checkIn' | 'checkOut';
const SOURCE_STATE: Record<AttendanceAction, JobStatus> = { checkIn: 'paid', checkOut: 'checked_in' };

/** Check-in or check-out by the assignee with the code shown at the institution. */
export async function attend(
  ctx: AppContext,
  caller: AuthenticatedUser,
  jobId: string,
  action: AttendanceAction,
  code: string,
): Promise<JobView> {
  const { job, assignee } = await loadJob(ctx.db, jobId);
  if (assignee.id !== caller.id)
    throw new AppError('forbidden', 'not-job-assignee', 'Only the professional holding this shift can check in and out');
  if (job.status !== SOURCE_STATE[action]) throw stateConflict(action, job.status);
  if (action === 'checkIn' && Date.now() < job.startsAt.getTime() - CODE_FROM_BEFORE_START) {
    throw new AppError('conflict', 'too-early-to-check-in', 'Check-in opens an hour before the shift starts', {
      currentStatus: job.status,
      opensAt: new Date(job.startsAt.getTime() - CODE_FROM_BEFORE_START).toISOString(),
    });
  }
  await checkCode(ctx, caller.id, jobId, code);
  const moved = action === 'checkIn' ? await repo.checkIn(ctx.db, jobId) : await repo.checkOut(ctx.db, jobId);
  if (!moved) throw await conflictFor(ctx.db, jobId, action);
  return getJob(ctx, caller, jobId);
}

/** Every attempt is counted first (so parallel guesses cannot pass the limit); a right code clears the count. */
async function checkCode(ctx: AppContext, userId: string, jobId: string, code: string): Promise<void> {
  const key = `attendance:${jobId}:${userId}`;
  const attempts = await hit(ctx.db, key, WRONG_CODE_LIMIT);
  if (attempts.hits > WRONG_CODE_LIMIT.max)
    throw rateLimited(attempts, 'Too many wrong codes; wait a few minutes and type the code shown now');
  if (!isValidCode(ctx.config.jwtSecret, jobId, code)) {
    throw invalidField('code', 'That code is wrong or has expired; type the code shown now', 'wrong-attendance-code');
  }
  await reset(ctx.db, key);
}

export async function disputeTimesheet(ctx: AppContext, caller: AuthenticatedUser, jobId: string, reason: string): Promise<JobView> {
  requireOwner((await loadJob(ctx.db, jobId)).job, caller);
  if (!(await repo.dispute(ctx.db, jobId, reason))) throw await conflictFor(ctx.db, jobId, 'dispute');
  return getJob(ctx, caller, jobId);
}

export async function reportNoShow(ctx: AppContext, caller: AuthenticatedUser, jobId: string): Promise<JobView> {
  requireOwner((await loadJob(ctx.db, jobId)).job, caller);
  await ctx.db.transaction(async (tx) => {
    if (await markNoShowIn(ctx, tx, jobId, 'owner')) return;
    const { job } = await loadJob(tx, jobId);
    if (job.status !== 'paid') throw await conflictFor(tx, jobId, 'noShow');
    throw new AppError('conflict', 'too-early-for-no-show', 'A no-show can be reported from 30 minutes after the shift starts', {
      currentStatus: job.status,
      startsAt: job.startsAt.toISOString(),
    });
  });
  return getJob(ctx, caller, jobId);
}

/** A paid job nobody checked in becomes `no_show`, its payment refunded in full (queued in the same transaction), the assignee's score docked. */
export async function markNoShowIn(
  ctx: AppContext,
  tx: Transaction,
  jobId: string,
  by: keyof typeof repo.NO_SHOW_GUARDS,
): Promise<boolean> {
  const marked = await repo.noShow(tx, jobId, by);
  if (!marked) return false;
  const professionalId = await repo.assigneeOf(tx, jobId);
  if (professionalId) await recordReliabilityEvent(ctx, tx, { kind: 'no_show', professionalId, job: marked, at: new Date() });
  await recordRefund(tx, jobId, priceOf(marked).total);
  await ctx.queue.send(tx, refundJobPaymentTask, { jobId, reason: 'Nobody came to the shift' }, { singletonKey: jobId });
  return true;
}
