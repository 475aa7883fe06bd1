import { DateTime } from 'luxon';
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { IsoDateTime } from '../../contracts/common.js';
import type {
  BrowseQuery,
  CancellationView,
  JobBody,
  JobPatch,
  JobStatus,
  JobView,
  MyJobsQuery,
  PricingView,
} from '../../contracts/jobs.js';
import type { InstitutionStanding } from '../../contracts/profiles.js';
import { ratingAverage } from '../../contracts/ratings.js';
import { MAX_CHARGE, priceShift, shiftMinutes, splitPrice, type PricedShift, type PriceSplit } from '../../contracts/pricing.js';
import { formatKampalaDateTime, KAMPALA } from '../../contracts/time.js';
import type { AuthenticatedUser } from '../../platform/auth.js';
import type { AdminJobsQuery } from '../../contracts/admin.js';
import { batchLoader } from '../../platform/batch-loader.js';
import type { AppContext, RequestMeta } from '../../platform/context.js';
import { recordAudit } from '../audit/service.js';
import type { Executor, Transaction } from '../../platform/db.js';
import { violatedExclusionConstraint, violatedUniqueConstraint } from '../../platform/db-errors.js';
import { AppError, invalidField, notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor, type Page } from '../../platform/paging.js';
import type { Answer } from '../../platform/response-cache.js';
import { recordPayment, recordRefund, recordRelease, type ReleaseKind } from '../ledger/service.js';
import { notify } from '../notifications/service.js';
import { payerWalletOf } from '../payments/service.js';
import { CONFIRMATION } from '../reliability/rules.js';
import { queuePayout } from '../payouts/service.js';
import { refundJobPaymentTask } from '../payments/tasks.js';
import { RATE_REMINDER_DELAY_SECONDS, rateReminderTask } from '../ratings/tasks.js';
import { favouritesForRole, headStartEnd, offerJob, offerToFavourites } from '../favourites/service.js';
import { relationBetween } from '../favourites/visibility.js';
import { lateCancellationPayPercent, RELIABILITY } from '../reliability/rules.js';
import { recordReliabilityEvent } from '../reliability/service.js';
import * as repo from './repository.js';
import { shiftFields, shiftOf } from './shift.js';
import { conflictMessage, isBooked, type JobAction, type RefusedAction } from './state-machine.js';

export type { JobRow } from './repository.js';
/** Check-in and check-out, for the USSD menu (attendance.ts reads this module's helpers, so it is re-exported, not moved). */
export { attend } from './attendance.js';

type Viewer = Pick<AuthenticatedUser, 'id' | 'role'>;
/** A viewer who is neither party to any job. */
const ANYONE: Viewer = { id: '', role: 'professional' };

/** When the job's head start ends, while it lasts. */
const headStartOf = (job: Pick<repo.JobRow, 'headStartEndsAt'>): Date | undefined =>
  job.headStartEndsAt && job.headStartEndsAt.getTime() > Date.now() ? job.headStartEndsAt : undefined;

/** `withStanding`: with the institution's rating and cancellation rate, for professionals choosing a shift. */
export function toJobView(found: repo.JobWithParties, viewer: Viewer, withStanding = false): JobView {
  const { job, assignee } = found;
  // The owner and admins see the assignee's contact; the assignee and admins see the institution's.
  const isOwner = viewer.id === job.institutionId || viewer.role === 'admin';
  const isAssignee = assignee.id !== null && viewer.id === assignee.id;
  return {
    id: job.id,
    institutionId: job.institutionId,
    institutionName: found.institutionName,
    institutionType: found.institutionType,
    institutionDistrict: found.institutionDistrict,
    role: job.role,
    skills: job.skills,
    description: job.description,
    ...shiftFields(job),
    startsAt: job.startsAt.toISOString(),
    endsAt: job.endsAt.toISOString(),
    rateAmount: job.rateAmount,
    rateUnit: job.rateUnit,
    ...priceOf(job),
    currency: 'UGX',
    district: job.district,
    status: job.status,
    cancelReason: job.cancelReason,
    ...attendanceFields(job),
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
    deletedAt: job.deletedAt?.toISOString() ?? null,
    assignee:
      assignee.id && (isOwner || isAssignee)
        ? {
            id: assignee.id,
            name: assignee.name ?? 'Former user',
            phone: isOwner ? assignee.phone : null,
            email: isOwner ? assignee.email : null,
          }
        : null,
    institutionContact:
      assignee.id && (isAssignee || viewer.role === 'admin')
        ? { id: job.institutionId, name: found.institutionName, ...found.institutionContact }
        : null,
    cancellation: cancellationOf(job, viewer.id === job.institutionId, isOwner || isAssignee),
    ...(withStanding ? { institutionStanding: standingOf(found) } : {}),
    confirmedAt: job.confirmedAt?.toISOString() ?? null,
    funded: isFunded(job),
    ...confirmationWindows(job),
    headStartEndsAt: headStartOf(job)?.toISOString() ?? null,
  };
}

function confirmationWindows(job: repo.JobRow): Pick<JobView, 'confirmOpensAt' | 'releasableAt'> {
  const booked = isBooked(job.status);
  return {
    confirmOpensAt: booked ? hoursBeforeStart(job, CONFIRMATION.opensHoursBefore).toISOString() : null,
    releasableAt: booked && !job.confirmedAt ? hoursBeforeStart(job, CONFIRMATION.releasableHoursBefore).toISOString() : null,
  };
}

/** Settled states: the payment, if any, was paid out or refunded. */
const SETTLED: ReadonlySet<JobStatus> = new Set(['completed', 'cancelled', 'no_show']);

/** Whether the job holds a completed payment now (a reopened job too). */
const isFunded = (job: repo.JobRow): boolean => job.fundedAt !== null && !SETTLED.has(job.status);

const NOTHING_PAID: CancellationView = { payPercent: 0, professionalAmount: 0, feeAmount: 0, refundAmount: 0 };

function cancellationView(job: repo.JobRow, payPercent: number): CancellationView {
  const split = splitPrice(priceOf(job), payPercent);
  return { payPercent, professionalAmount: split.pay, feeAmount: split.fee, refundAmount: split.refund };
}

/** What cancelling would cost the owner now (assigned, paid), or what a paid job's cancellation cost its parties. */
function cancellationOf(job: repo.JobRow, byOwner: boolean, byParty: boolean): CancellationView | null {
  if (job.status === 'cancelled')
    return byParty && job.cancellationPayPercent !== null ? cancellationView(job, job.cancellationPayPercent) : null;
  if (!byOwner) return null;
  if (job.status === 'paid') return cancellationView(job, lateCancellationPayPercent(job.startsAt, new Date()));
  return job.status === 'assigned' ? NOTHING_PAID : null;
}

/** The institution's rating and cancellation rate, as its row carries them. */
function standingOf({ institutionRating, institutionCancellations }: repo.JobWithParties): InstitutionStanding {
  return {
    ratingAverage: ratingAverage(institutionRating.sum, institutionRating.count),
    ratingCount: institutionRating.count,
    cancellationRate: cancellationRate(institutionCancellations),
  };
}

/** Cancelled ÷ accepted to four decimals; null when nobody accepted a job in the window. */
export function cancellationRate(counts: repo.CancellationCounts): number | null {
  return counts.accepted > 0 ? Math.round((counts.cancelled / counts.accepted) * 10_000) / 10_000 : null;
}

function attendanceFields(job: repo.JobRow): Pick<JobView, 'checkedInAt' | 'timesheet' | 'disputeReason'> {
  const { checkedInAt, checkedOutAt } = job;
  return {
    checkedInAt: job.timesheetByOwner ? null : (checkedInAt?.toISOString() ?? null),
    timesheet:
      checkedInAt && checkedOutAt
        ? {
            checkedInAt: checkedInAt.toISOString(),
            checkedOutAt: checkedOutAt.toISOString(),
            minutes: Math.round((checkedOutAt.getTime() - checkedInAt.getTime()) / 60_000),
            autoCheckout: job.autoCheckout,
            byOwner: job.timesheetByOwner,
          }
        : null,
    disputeReason: job.disputeReason,
  };
}

/** The 409 for an action the job's current state does not allow (or 404 when the job is gone). */
export async function conflictFor(db: Executor, jobId: string, action: JobAction): Promise<AppError> {
  const status = await repo.statusOf(db, jobId);
  if (!status) return notFound('Job');
  return stateConflict(action, status);
}

export function stateConflict(action: RefusedAction, status: JobStatus): AppError {
  return new AppError('conflict', 'job-state-conflict', conflictMessage(action, status), { currentStatus: status });
}

export async function loadJob(db: Executor, jobId: string): Promise<repo.JobWithParties> {
  const found = await repo.findJob(db, jobId);
  if (!found) throw notFound('Job');
  return found;
}

export function requireOwner(job: repo.JobRow, caller: Viewer): void {
  if (job.institutionId !== caller.id)
    throw new AppError('forbidden', 'not-job-owner', 'Only the institution that posted this job can do this');
}

type PricedFields = Pick<repo.JobRow, 'rateAmount' | 'rateUnit' | 'startMinute' | 'endMinute' | 'feePercent'>;

/** A job's hours, pay, fee and total (what its payment is for), at the fee percentage it was posted with. */
export function priceOf(job: PricedFields): PricedShift {
  return priceShift(
    { rateAmount: job.rateAmount, rateUnit: job.rateUnit, minutes: shiftMinutes(job.startMinute, job.endMinute) },
    job.feePercent,
  );
}

/** 422 for a job whose total the payment column could not hold (an hourly rate times a long shift, plus the fee). */
function assertChargeable(job: PricedFields): void {
  if (priceOf(job).total > MAX_CHARGE) {
    throw invalidField(
      'rateAmount',
      `The shift's total with Qgig's fee must be at most UGX ${MAX_CHARGE.toLocaleString('en-US')}; lower the rate`,
    );
  }
}

export async function postJob(ctx: AppContext, caller: AuthenticatedUser, body: JobBody): Promise<JobView> {
  const { date, startTime, endTime, ...fields } = body;
  const shift = shiftOf(date, startTime, endTime);
  const favourites = await favouritesForRole(ctx.db, caller.id, body.role);
  const headStartEndsAt = headStartEnd(shift.startsAt, new Date(), ctx.config.favouritesHeadStartMinutes, favourites.length);
  const values = { ...fields, ...shift, feePercent: ctx.config.platformFeePercent, institutionId: caller.id, headStartEndsAt };
  assertChargeable(values);
  const row = await ctx.db.transaction(async (tx) => {
    const inserted = await repo.insertJob(tx, values);
    if (headStartEndsAt) await offerToFavourites(ctx, tx, inserted, await institutionNameOf(tx, inserted.id), favourites);
    await offerJob(ctx, tx, inserted.id, headStartEndsAt);
    return inserted;
  });
  return getJob(ctx, caller, row.id);
}

export const pricing = (ctx: AppContext): PricingView => ({ platformFeePercent: ctx.config.platformFeePercent });

async function institutionNameOf(db: Executor, jobId: string): Promise<string> {
  return (await loadJob(db, jobId)).institutionName;
}

/**
 * One job; a suspended or erased institution's job only for its parties and admins, a job in its
 * head start only for them and the owner's favourites, and none between users who blocked each
 * other (404 for anyone else).
 */
export async function getJob(ctx: AppContext, caller: Pick<AuthenticatedUser, 'id' | 'role' | 'scope'>, jobId: string): Promise<JobView> {
  const found = await loadJob(ctx.db, jobId);
  const isParty = caller.role === 'admin' || caller.id === found.job.institutionId || caller.id === found.assignee.id;
  if (!isParty && (!found.institutionActive || (await hiddenFrom(ctx.db, found.job, caller.id, caller.scope)).hidden))
    throw notFound('Job');
  return toJobView(found, caller, true);
}

/**
 * Whether a job is hidden from a user who is not its party (a head start they are not a favourite
 * for, or a block), and whether they are the owner's favourite. A `plain` viewer (see ViewerScope)
 * needs no query; one whose scope is unknown is looked up.
 */
async function hiddenFrom(
  db: Executor,
  job: Pick<repo.JobRow, 'institutionId' | 'headStartEndsAt'>,
  viewerId: string,
  scope: AuthenticatedUser['scope'],
): Promise<{ hidden: boolean; favourite: boolean }> {
  const inHeadStart = headStartOf(job) !== undefined;
  if (scope === 'plain') return { hidden: inHeadStart, favourite: false };
  const { blocked, favourite } = await relationBetween(db, job.institutionId, viewerId);
  return { hidden: blocked || (inHeadStart && !favourite), favourite };
}

export async function editJob(ctx: AppContext, caller: AuthenticatedUser, jobId: string, patch: JobPatch): Promise<JobView> {
  const { job } = await loadJob(ctx.db, jobId);
  requireOwner(job, caller);
  const { date, startTime, endTime, ...fields } = patch;
  const current = shiftFields(job);
  const timesChanged = date !== undefined || startTime !== undefined || endTime !== undefined;
  const next = { date: date ?? current.date, startTime: startTime ?? current.startTime, endTime: endTime ?? current.endTime };
  if (timesChanged && next.startTime === next.endTime) throw invalidField('endTime', 'The end must differ from the start');
  const shift = timesChanged ? shiftOf(next.date, next.startTime, next.endTime) : {};
  const changes = { ...fields, ...shift, feePercent: ctx.config.platformFeePercent };
  assertChargeable({ ...job, ...changes });
  const updated = await repo.transition(ctx.db, jobId, 'edit', changes, notFunded);
  if (!updated) throw await unfundedConflict(ctx.db, jobId, 'edit');
  return getJob(ctx, caller, jobId);
}

export async function deleteJob(ctx: AppContext, caller: AuthenticatedUser, jobId: string): Promise<void> {
  requireOwner((await loadJob(ctx.db, jobId)).job, caller);
  const deleted = await repo.transition(ctx.db, jobId, 'delete', { deletedAt: sql`now()` as unknown as Date }, notFunded);
  if (!deleted) throw await unfundedConflict(ctx.db, jobId, 'delete');
}

/** A reopened job that holds its payment keeps its terms: the next professional takes what was paid for. */
const notFunded = sql`funded_at IS NULL`;

async function unfundedConflict(db: Executor, jobId: string, action: 'edit' | 'delete'): Promise<AppError> {
  const found = await repo.findJob(db, jobId);
  if (found?.job.status !== 'open' || !found.job.fundedAt) return conflictFor(db, jobId, action);
  return new AppError(
    'conflict',
    'job-funded',
    `This job is already paid for, so it cannot be ${action === 'edit' ? 'edited' : 'deleted'}; cancel it for a full refund instead`,
    { currentStatus: found.job.status },
  );
}

/** A Kampala date means its midnight (`from`) or the end of that day (`to`). */
function instantOf(value: string, endOfDay: boolean): Date {
  if (value.length > 10) return new Date(value);
  const day = DateTime.fromISO(value, { zone: KAMPALA });
  if (!day.isValid) throw invalidField(endOfDay ? 'to' : 'from', 'Not a calendar date');
  return (endOfDay ? day.plus({ days: 1 }) : day).toJSDate();
}

/** A job list's cursor: the last job's start and id. */
const JobCursor = z.tuple([IsoDateTime(), z.uuid()]);

function cursorKey(cursor: string | undefined): repo.JobKey | undefined {
  if (cursor === undefined) return undefined;
  const key = decodeCursor(cursor, JobCursor);
  if (!key) throw invalidField('cursor', 'Not a cursor from this list');
  return { startsAt: new Date(key[0]), id: key[1] };
}

function jobsPage(rows: repo.JobWithParties[], limit: number, viewer: Viewer, withStanding = false): Page<JobView> {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1)?.job;
  return {
    items: shown.map((row) => toJobView(row, viewer, withStanding)),
    nextCursor: rows.length > limit && last ? encodeCursor([last.startsAt.toISOString(), last.id]) : null,
  };
}

/**
 * Pages are built for no one in particular (open jobs show no assignee or contact anyway), so one
 * cached page can answer everyone. A page holds until a write bumps the cache version, or until its
 * soonest job starts and so leaves the list.
 */
export async function browseJobs(
  ctx: AppContext,
  query: BrowseQuery,
  viewer?: repo.BrowseFilters['viewer'],
): Promise<Answer<Page<JobView>>> {
  const rows = await repo.browseJobs(ctx.db, {
    viewer,
    role: query.role,
    skill: query.skill,
    district: query.district,
    from: query.from ? instantOf(query.from, false) : undefined,
    to: query.to ? instantOf(query.to, true) : undefined,
    minRate: query.minRate,
    after: cursorKey(query.cursor),
    limit: query.limit,
  });
  const soonest = rows[0]?.job.startsAt.getTime();
  return { value: jobsPage(rows, query.limit, ANYONE, true), expiresAt: soonest };
}

export async function listMyJobs(ctx: AppContext, caller: AuthenticatedUser, query: MyJobsQuery): Promise<Page<JobView>> {
  if (caller.role === 'admin') return { items: [], nextCursor: null };
  const rows = await repo.listOwnJobs(ctx.db, {
    userId: caller.id,
    side: caller.role,
    status: query.status,
    before: cursorKey(query.cursor),
    limit: query.limit,
  });
  return jobsPage(rows, query.limit, caller);
}

export const jobFacts = (job: repo.JobRow) => ({ jobId: job.id, jobRole: job.role, startsAt: job.startsAt.toISOString() });

interface AcceptReads {
  job: (jobId: string) => Promise<repo.AcceptFacts | undefined>;
  /** Waits until no transaction holds the job (a rival's claim, an owner's edit) and reads it then. */
  settledJob: (jobId: string) => Promise<repo.AcceptFacts | undefined>;
  professional: (userId: string) => Promise<repo.Eligibility | undefined>;
  /** The claim transaction this process has under way for a job, by job id. */
  claimsUnderWay: Map<string, Promise<boolean>>;
}

const acceptReadsByContext = new WeakMap<AppContext, AcceptReads>();

/** What accepts read outside their transaction, together with the other requests' reads of the moment, and the claims under way. */
function acceptReads(ctx: AppContext): AcceptReads {
  let reads = acceptReadsByContext.get(ctx);
  if (!reads) {
    reads = {
      job: batchLoader((ids) => repo.acceptFactsOf(ctx.db, ids)),
      settledJob: batchLoader((ids) => repo.settledAcceptFactsOf(ctx.db, ids)),
      professional: batchLoader((ids) => repo.eligibilityOf(ctx.db, ids)),
      claimsUnderWay: new Map(),
    };
    acceptReadsByContext.set(ctx, reads);
  }
  return reads;
}

function assertEligible<T extends Pick<repo.Eligibility, 'verified' | 'roles'>>(
  professional: T | undefined,
  role: string,
): asserts professional is T {
  if (!professional?.verified)
    throw new AppError('forbidden', 'not-verified', 'Only verified professionals can accept shifts; upload your documents for review');
  if (!professional.roles.includes(role))
    throw new AppError('forbidden', 'role-mismatch', `This shift needs a ${role}; add the role to your profile if you hold it`);
}

/** 404 for a job hidden from the professional (a head start, a block); 403 for a restricted one's job of an institution that did not favourite them. */
async function assertMayTake(
  db: Executor,
  job: repo.AcceptFacts,
  professional: repo.Eligibility | undefined,
  professionalId: string,
): Promise<void> {
  const restrictedUntil =
    professional?.restrictedUntil && professional.restrictedUntil.getTime() > Date.now() ? professional.restrictedUntil : undefined;
  const { hidden, favourite } = await hiddenFrom(db, job, professionalId, professional?.scope ?? 'plain');
  if (hidden) throw notFound('Job');
  if (restrictedUntil && !favourite) {
    throw new AppError(
      'forbidden',
      'reliability-restricted',
      `Your reliability score fell below ${RELIABILITY.restrictedBelow}, so until ${formatKampalaDateTime(restrictedUntil.toISOString())} you can take only shifts of institutions that marked you a favourite`,
      { restrictedUntil: restrictedUntil.toISOString() },
    );
  }
}

const isClaimable = (job: repo.AcceptFacts): boolean => job.ownerActive && job.status === 'open' && job.startsAt.getTime() > Date.now();

function refusal(job: repo.AcceptFacts | undefined): AppError {
  return job && job.ownerActive ? stateConflict('accept', job.status) : notFound('Job');
}

/** The caller's own accept that already won: asking again gets the job again. */
const wonBy = (job: repo.AcceptFacts | undefined, caller: AuthenticatedUser): boolean =>
  (job?.status === 'assigned' || job?.status === 'paid') && job.assigneeId === caller.id;

/**
 * SRS 5.6. One guarded UPDATE claims the job, and only if no other transaction holds its row. A
 * rival's claim does not queue on the row lock inside its transaction (each holding a connection):
 * it ends at once, and the rivals of the moment wait together, in one read, for the holder to
 * finish; they are refused if it took the job, and claim again, as often as it takes, if it gave
 * the job back, so a job still open is never refused. The caller is checked before the claim, so a
 * claim is almost never rolled back, and again after it under the professional's row lock. The
 * constraint job_assignees_no_overlap refuses a shift overlapping one the caller holds.
 *
 * The claim map, the batched reads and SKIP LOCKED are kept: one guarded UPDATE that waits on the
 * row, with plain reads, is simpler but missed the 500-accept race's p99 target (see the commit).
 */
export async function acceptJob(ctx: AppContext, caller: AuthenticatedUser, jobId: string): Promise<JobView> {
  const reads = acceptReads(ctx);
  const [job, eligibility] = await Promise.all([reads.job(jobId), reads.professional(caller.id)]);
  if (wonBy(job, caller)) return getJob(ctx, caller, jobId);
  if (!job || !isClaimable(job)) throw refusal(job);
  await assertMayTake(ctx.db, job, eligibility, caller.id);
  assertEligible(eligibility, job.role);
  while (!(await claimOrWait(ctx, reads.claimsUnderWay, caller, jobId))) {
    const settled = await reads.settledJob(jobId);
    if (wonBy(settled, caller)) break;
    if (!settled || !isClaimable(settled)) throw refusal(settled);
  }
  return getJob(ctx, caller, jobId);
}

/**
 * Claims the job, or, while this process already has a claim of it under way, waits for that claim
 * and says the job was busy, as the database would have said (its row was held). A burst of accepts
 * then costs this process one claim transaction, not one each. This only saves doomed round trips;
 * the database still decides, between the claims of every process, who gets the job.
 */
async function claimOrWait(
  ctx: AppContext,
  claimsUnderWay: Map<string, Promise<boolean>>,
  caller: AuthenticatedUser,
  jobId: string,
): Promise<boolean> {
  const underWay = claimsUnderWay.get(jobId);
  if (underWay) {
    await underWay.catch(() => false);
    return false;
  }
  const claim = claimAndAssign(ctx, caller, jobId);
  claimsUnderWay.set(jobId, claim);
  try {
    return await claim;
  } finally {
    claimsUnderWay.delete(jobId);
  }
}

/** The accept's transaction; false when another transaction held the job or it was no longer open. */
async function claimAndAssign(ctx: AppContext, caller: AuthenticatedUser, jobId: string): Promise<boolean> {
  try {
    return await ctx.db.transaction(async (tx) => {
      const claimed = await repo.claimUnlessBusy(tx, jobId);
      if (!claimed) return false;
      const professional = await repo.lockProfessional(tx, caller.id);
      assertEligible(professional, claimed.role);
      await assignOnce(tx, claimed, caller.id);
      const funded = await payIfFunded(tx, claimed);
      await notify(ctx, tx, {
        userId: claimed.institutionId,
        type: 'job.accepted',
        data: { ...jobFacts(claimed), professionalName: professional.name, funded },
      });
      return true;
    });
  } catch (error) {
    if (violatedExclusionConstraint(error) !== repo.OVERLAP_CONSTRAINT) throw error;
    return refuseClash(ctx, caller.id, jobId);
  }
}

/** A reopened job that holds its payment goes straight to paid: nobody pays twice, and escrow already holds the money. */
async function payIfFunded(tx: Transaction, job: repo.JobRow): Promise<boolean> {
  if (!job.fundedAt) return false;
  if (!(await repo.transition(tx, job.id, 'pay'))) throw new Error(`funded job ${job.id} could not be marked paid on accept`);
  return true;
}

async function assignOnce(tx: Transaction, job: repo.JobRow, professionalId: string): Promise<void> {
  try {
    await repo.assign(tx, job, professionalId);
  } catch (error) {
    if (violatedUniqueConstraint(error) !== undefined) throw stateConflict('accept', 'assigned');
    throw error;
  }
}

/**
 * The 409 naming the shift that overlapped, read once the refused transaction is over; false, to
 * claim again, when that shift was cancelled meanwhile.
 */
async function refuseClash(ctx: AppContext, professionalId: string, jobId: string): Promise<false> {
  const clash = await repo.clashingJobOf(ctx.db, professionalId, jobId);
  if (!clash) return false;
  throw new AppError('conflict', 'shift-clash', 'You already hold a shift that overlaps this one', { clashingJobId: clash });
}

/** `qgig`: cancelled by the sweep, the job unpaid at its start. */
export type CancelledBy = 'institution' | 'professional' | 'admin' | 'qgig';

/**
 * Cancels as the owner (or an admin): open, assigned or paid → cancelled, with a refund queued in
 * the same transaction when it holds a payment. The assignee gives the shift back instead.
 */
export async function cancelJob(ctx: AppContext, caller: AuthenticatedUser, jobId: string, reason: string): Promise<JobView> {
  const found = await loadJob(ctx.db, jobId);
  const byAssignee = found.assignee.id === caller.id;
  if (!byAssignee) requireOwner(found.job, caller);
  await ctx.db.transaction(async (tx) => {
    if (byAssignee) await giveBackJob(ctx, tx, found.job, reason);
    else await cancelJobIn(ctx, tx, jobId, reason, 'institution');
  });
  return getJob(ctx, caller, jobId);
}

/**
 * The one place an assignee gives a shift back (assigned or paid): it reopens, a paid one still
 * holding its payment, and the institution is told.
 */
async function giveBackJob(ctx: AppContext, tx: Transaction, job: repo.JobRow, reason: string): Promise<void> {
  const reopened = await reopenJob(ctx, tx, job.id);
  if (!reopened) throw await conflictFor(tx, job.id, 'release');
  if (reopened.assigneeId)
    await recordReliabilityEvent(ctx, tx, { kind: 'gave_back', professionalId: reopened.assigneeId, job, at: new Date() });
  await notify(ctx, tx, {
    userId: job.institutionId,
    type: 'job.cancelled',
    data: { ...jobFacts(job), reason, cancelledBy: 'professional' },
  });
}

/**
 * A booked job open again, at once and to everyone (a payment made stays with it), and offered
 * again to its best matches. Undefined when `guard` did not hold.
 */
async function reopenJob(
  ctx: AppContext,
  tx: Transaction,
  jobId: string,
  guard?: SQL,
): Promise<{ job: repo.JobRow; assigneeId: string | undefined } | undefined> {
  const reopened = await repo.reopen(tx, jobId, guard);
  if (reopened) await offerJob(ctx, tx, jobId);
  return reopened;
}

/** POST /jobs/{id}/confirm: the assignee says they will come, from 48 h before the start until it; repeating it changes nothing. */
export async function confirmJob(ctx: AppContext, caller: AuthenticatedUser, jobId: string): Promise<JobView> {
  const { job, assignee } = await loadJob(ctx.db, jobId);
  if (assignee.id !== caller.id)
    throw new AppError('forbidden', 'not-job-assignee', 'Only the professional holding this shift can confirm it');
  if (!job.confirmedAt && !(await repo.confirm(ctx.db, jobId, caller.id, CONFIRMATION.opensHoursBefore)))
    await explainConfirmRefusal(ctx.db, jobId, caller.id);
  return getJob(ctx, caller, jobId);
}

/** Throws why a confirmation was refused; returns when it was confirmed meanwhile (by a repeat of the same request). */
async function explainConfirmRefusal(db: Executor, jobId: string, callerId: string): Promise<void> {
  const { job, assignee } = await loadJob(db, jobId);
  if (assignee.id !== callerId)
    throw new AppError('forbidden', 'not-job-assignee', 'Only the professional holding this shift can confirm it');
  if (job.confirmedAt) return;
  if (!isBooked(job.status)) throw stateConflict('confirm', job.status);
  const opensAt = hoursBeforeStart(job, CONFIRMATION.opensHoursBefore);
  if (Date.now() < opensAt.getTime())
    throw new AppError(
      'conflict',
      'too-early-to-confirm',
      `You can confirm from ${CONFIRMATION.opensHoursBefore} hours before the shift starts, from ${formatKampalaDateTime(opensAt.toISOString())}`,
      { currentStatus: job.status, opensAt: opensAt.toISOString() },
    );
  throw new AppError('conflict', 'too-late-to-confirm', 'The shift has started, so it can no longer be confirmed', {
    currentStatus: job.status,
  });
}

function hoursBeforeStart(job: repo.JobRow, hours: number): Date {
  return new Date(job.startsAt.getTime() - hours * 3_600_000);
}

/** Only an assignee who has not confirmed, from 4 h before the start until it. */
const releasable = sql`confirmed_at IS NULL AND ${repo.startsWithinHours(CONFIRMATION.releasableHoursBefore)} AND ${repo.notStarted}`;

/**
 * POST /jobs/{id}/release: the owner releases an assignee who had not confirmed 4 h before the start,
 * without penalty. The job reopens (a paid one still holding its payment) and the professional is told.
 */
export async function releaseAssignee(ctx: AppContext, caller: AuthenticatedUser, jobId: string): Promise<JobView> {
  requireOwner((await loadJob(ctx.db, jobId)).job, caller);
  await ctx.db.transaction(async (tx) => {
    const reopened = await reopenJob(ctx, tx, jobId, releasable);
    if (!reopened) throw await releaseRefusal(tx, jobId);
    if (reopened.assigneeId) await notify(ctx, tx, { userId: reopened.assigneeId, type: 'job.released', data: jobFacts(reopened.job) });
  });
  return getJob(ctx, caller, jobId);
}

async function releaseRefusal(db: Executor, jobId: string): Promise<AppError> {
  const { job, assignee } = await loadJob(db, jobId);
  if (!isBooked(job.status)) return stateConflict('release', job.status);
  const details = { currentStatus: job.status };
  if (job.confirmedAt)
    return new AppError(
      'conflict',
      'assignee-confirmed',
      `${assignee.name ?? 'The professional'} confirmed they will be there, so they cannot be released`,
      details,
    );
  const opensAt = hoursBeforeStart(job, CONFIRMATION.releasableHoursBefore);
  if (Date.now() < opensAt.getTime())
    return new AppError(
      'conflict',
      'too-early-to-release',
      `A professional who has not confirmed can be released from ${CONFIRMATION.releasableHoursBefore} hours before the shift starts, from ${formatKampalaDateTime(opensAt.toISOString())}`,
      { ...details, opensAt: opensAt.toISOString() },
    );
  return new AppError(
    'conflict',
    'too-late-to-release',
    'The shift has started, so the professional can no longer be released; report a no-show if nobody came',
    details,
  );
}

/** The cancel transition itself, for the owner, admins and the sweep: notifies the other party and queues any refund. */
export async function cancelJobIn(ctx: AppContext, tx: Transaction, jobId: string, reason: string, by: CancelledBy): Promise<repo.JobRow> {
  // Locked: a payment settling meanwhile must not turn an assigned job paid between this read and the
  // cancel, or its refund would never be queued.
  const previous = await repo.lockedStatusOf(tx, jobId);
  const cancelled = await repo.cancel(tx, jobId, { cancelReason: reason, cancelledBy: by });
  if (!cancelled || !previous) throw await conflictFor(tx, jobId, 'cancel');
  const assignee = await repo.assigneeOf(tx, jobId);
  const latePay = holdsPayment(cancelled) ? await settleCancelledPayment(ctx, tx, cancelled, assignee, reason, by) : 0;
  const data = { ...jobFacts(cancelled), reason, cancelledBy: by };
  if (assignee) await notify(ctx, tx, { userId: assignee, type: 'job.cancelled', data: { ...data, ...(latePay > 0 ? { latePay } : {}) } });
  if (by !== 'institution') await notify(ctx, tx, { userId: cancelled.institutionId, type: 'job.cancelled', data });
  return cancelled;
}

/**
 * A cancelled paid job's money. Its owner cancelling late (lateCancellationPayPercent) pays the
 * assignee that share of pay, split as an admin's resolution is; otherwise (not late, an admin, a
 * reopened job's payment) the whole total is refunded through PesaPal. Returns the assignee's pay.
 */
async function settleCancelledPayment(
  ctx: AppContext,
  tx: Transaction,
  job: repo.JobRow,
  assigneeId: string | undefined,
  reason: string,
  by: CancelledBy,
): Promise<number> {
  const payPercent = by === 'institution' && assigneeId ? lateCancellationPayPercent(job.startsAt, new Date()) : 0;
  await repo.setCancellationPayPercent(tx, job.id, payPercent);
  if (payPercent > 0 && assigneeId) return (await splitPayment(ctx, tx, job, assigneeId, payPercent, 'cancellation')).pay;
  await recordRefund(tx, job.id, priceOf(job).total);
  await ctx.queue.send(tx, refundJobPaymentTask, { jobId: job.id, reason }, { singletonKey: job.id });
  return 0;
}

/** A job being cancelled that holds a payment (paid, or reopened with it): its money must be settled. */
const holdsPayment = (job: repo.JobRow): boolean => job.fundedAt !== null;

export async function completeJob(ctx: AppContext, caller: AuthenticatedUser, jobId: string): Promise<JobView> {
  requireOwner((await loadJob(ctx.db, jobId)).job, caller);
  await ctx.db.transaction(async (tx) => {
    if (!(await completeJobIn(ctx, tx, jobId, 'owner'))) throw await completeRefusal(tx, jobId);
  });
  return getJob(ctx, caller, jobId);
}

async function completeRefusal(db: Executor, jobId: string): Promise<AppError> {
  const found = await repo.findJob(db, jobId);
  if (found?.job.status === 'checked_out' && found.job.startsAt.getTime() > Date.now()) {
    return new AppError('conflict', 'shift-not-started', 'This timesheet can be approved once the shift has started', {
      currentStatus: found.job.status,
      startsAt: found.job.startsAt.toISOString(),
    });
  }
  if (found?.job.status !== 'paid') return conflictFor(db, jobId, 'complete');
  return new AppError(
    'conflict',
    'shift-not-ended',
    'Nobody checked in to this shift; it can be marked completed once its scheduled end has passed',
    {
      currentStatus: found.job.status,
      endsAt: found.job.endsAt.toISOString(),
    },
  );
}

/**
 * The one place a job becomes completed, in the caller's transaction: the owner's approval (or the
 * owner completing a paid job nobody checked in, after its end) and the sweep's auto-approval 24 h
 * after check-out. Undefined when the guard did not hold; what completion sets off is queued here.
 */
export async function completeJobIn(
  ctx: AppContext,
  tx: Transaction,
  jobId: string,
  by: keyof typeof repo.COMPLETION_GUARDS,
): Promise<repo.JobRow | undefined> {
  const completed = await repo.complete(tx, jobId, by);
  if (!completed) return undefined;
  await settleShift(ctx, tx, completed, 100);
  const professionalId = await repo.assigneeOf(tx, jobId);
  if (professionalId) await recordReliabilityEvent(ctx, tx, { kind: 'completed', professionalId, job: completed, at: new Date() });
  return completed;
}

/**
 * A completed shift's money, in the transaction that completed it: its payment split by
 * `payPercent`, and the rating reminder.
 */
async function settleShift(ctx: AppContext, tx: Transaction, job: repo.JobRow, payPercent: number): Promise<PriceSplit> {
  const professionalId = await repo.assigneeOf(tx, job.id);
  if (!professionalId) throw new Error(`completed job ${job.id} has no assignee`);
  const settlement = await splitPayment(ctx, tx, job, professionalId, payPercent, payPercent === 100 ? 'completion' : 'resolution');
  await ctx.queue.send(tx, rateReminderTask, { jobId: job.id }, { startAfter: RATE_REMINDER_DELAY_SECONDS, singletonKey: job.id });
  return settlement;
}

/**
 * A paid job's escrow released in the caller's transaction: `payPercent` of pay to the professional
 * (the fee following the same share), the rest back to the institution, and each payee's one payout
 * queued; the return goes to the phone the institution paid from, as PesaPal refunds only whole payments.
 */
async function splitPayment(
  ctx: AppContext,
  tx: Transaction,
  job: repo.JobRow,
  professionalId: string,
  payPercent: number,
  kind: ReleaseKind,
): Promise<PriceSplit> {
  const price = priceOf(job);
  const split = splitPrice(price, payPercent);
  await recordRelease(tx, kind, {
    jobId: job.id,
    total: price.total,
    professionalId,
    pay: split.pay,
    fee: split.fee,
    institutionId: job.institutionId,
    refund: split.refund,
  });
  await queuePayout(ctx, tx, { jobId: job.id, userId: professionalId, purpose: 'pay', amount: split.pay });
  if (split.refund > 0) {
    await queuePayout(ctx, tx, {
      jobId: job.id,
      userId: job.institutionId,
      purpose: 'refund',
      amount: split.refund,
      wallet: await payerWalletOf(tx, job.id),
    });
  }
  return split;
}

/**
 * POST /admin/jobs/{id}/resolve: a disputed job becomes completed, `payPercent` of its pay paid out,
 * the fee following the same share, the rest returned to the institution; audited.
 */
export async function resolveDispute(
  ctx: AppContext,
  caller: AuthenticatedUser,
  jobId: string,
  body: { payPercent: number; reason: string },
  meta: RequestMeta,
): Promise<JobView> {
  await loadJob(ctx.db, jobId);
  await ctx.db.transaction(async (tx) => {
    const resolved = await repo.resolve(tx, jobId);
    if (!resolved) throw await conflictFor(tx, jobId, 'resolve');
    const settlement = await settleShift(ctx, tx, resolved, body.payPercent);
    await recordAudit(tx, {
      actorId: caller.id,
      action: 'job.resolve',
      targetType: 'job',
      targetId: jobId,
      reason: body.reason,
      ip: meta.ip,
      details: { ...settlement },
    });
  });
  return getJob(ctx, caller, jobId);
}

/** The owner's job (403 for anyone else), for modules acting on it. */
export async function jobForOwner(db: Executor, caller: Viewer, jobId: string): Promise<repo.JobRow> {
  const { job } = await loadJob(db, jobId);
  requireOwner(job, caller);
  return job;
}

export async function jobViewsByIds(db: Executor, viewer: Viewer, ids: string[]): Promise<Map<string, JobView>> {
  const rows = await repo.findJobs(db, ids);
  return new Map(rows.map((row) => [row.job.id, toJobView(row, viewer, true)]));
}

/** A confirmed payment: assigned → paid in the caller's transaction, its total credited to escrow; undefined when the job has moved on (cancelled, say). */
export async function markJobPaid(
  tx: Transaction,
  jobId: string,
): Promise<{ job: repo.JobRow; assigneeId: string | undefined } | undefined> {
  const job = await repo.transition(tx, jobId, 'pay', { fundedAt: sql`now()` as unknown as Date });
  if (!job) return undefined;
  await recordPayment(tx, jobId, priceOf(job).total);
  return { job, assigneeId: await repo.assigneeOf(tx, jobId) };
}

export const bookedJobsStartingBetween = repo.bookedJobsStartingBetween;
export const endHeadStart = repo.endHeadStart;

/** The caller's soonest shift still to be worked (assigned, paid or checked in), if any; or the soonest they have not confirmed yet. */
export async function nextShiftOf(ctx: AppContext, caller: AuthenticatedUser, unconfirmed = false): Promise<JobView | undefined> {
  const jobId = await repo.nextShiftIdOf(ctx.db, caller.id, unconfirmed);
  return jobId ? getJob(ctx, caller, jobId) : undefined;
}

/** A job with its assignee's id, for modules that act between the two parties. */
export async function jobParties(db: Executor, jobId: string): Promise<{ job: repo.JobRow; assigneeId: string | undefined } | undefined> {
  const found = await repo.findJob(db, jobId);
  return found ? { job: found.job, assigneeId: found.assignee.id ?? undefined } : undefined;
}

/** Erasure is refused while the user is part of an active booking: the other party relies on it. */
export async function assertNoActiveJob(db: Executor, userId: string): Promise<void> {
  if (await repo.hasActiveJob(db, userId)) {
    throw new AppError(
      'conflict',
      'active-job',
      'You have a shift that is assigned or paid; finish or cancel it before deleting your account',
    );
  }
}

export const withdrawOpenJobs = repo.deleteOpenJobsOf;

export async function exportJobs(db: Executor, viewer: Viewer): Promise<JobView[]> {
  return (await repo.jobsInvolving(db, viewer.id)).map((row) => toJobView(row, viewer));
}

export async function listJobsForAdmin(ctx: AppContext, caller: AuthenticatedUser, query: AdminJobsQuery): Promise<Page<JobView>> {
  const rows = await repo.listJobsForAdmin(ctx.db, {
    status: query.status,
    role: query.role,
    district: query.district,
    institutionId: query.institutionId,
    professionalId: query.professionalId,
    from: query.from ? instantOf(query.from, false) : undefined,
    to: query.to ? instantOf(query.to, true) : undefined,
    before: cursorKey(query.cursor),
    limit: query.limit,
  });
  return jobsPage(rows, query.limit, caller);
}

/** An administrator cancels any open, assigned or paid job with a reason: audited, parties told, refund queued when paid. */
export async function cancelJobAsAdmin(
  ctx: AppContext,
  caller: AuthenticatedUser,
  jobId: string,
  reason: string,
  meta: RequestMeta,
): Promise<JobView> {
  await loadJob(ctx.db, jobId);
  await ctx.db.transaction(async (tx) => {
    await cancelJobIn(ctx, tx, jobId, reason, 'admin');
    await recordAudit(tx, { actorId: caller.id, action: 'job.cancel', targetType: 'job', targetId: jobId, reason, ip: meta.ip });
  });
  return getJob(ctx, caller, jobId);
}
