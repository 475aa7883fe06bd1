import { and, asc, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { AdminJobState } from '../../contracts/admin.js';
import type { JobStatus } from '../../contracts/jobs.js';
import type { INSTITUTION_TYPES } from '../../contracts/profiles.js';
import { preparedRead, rowsOf, type Executor, type Transaction } from '../../platform/db.js';
import type { ViewerScope } from '../../platform/auth.js';
import { users } from '../accounts/schema.js';
import { openToEveryone, viewerScopeOf, visibleTo } from '../favourites/visibility.js';
import { institutions, professionals } from '../profiles/schema.js';
import { institutionStandings, jobAssignees, jobSkills, jobs } from './schema.js';
import { FAVOURITES } from '../reliability/rules.js';
import { CONFIRMABLE_STATES, JOB_TRANSITIONS, type JobAction } from './state-machine.js';

export type JobRow = typeof jobs.$inferSelect;
export type NewJob = typeof jobs.$inferInsert;

const assigneeUser = alias(users, 'assignee_user');
const institutionUser = alias(users, 'institution_user');

/** A job with the names and contacts its views may show. */
const jobWithParties = {
  job: jobs,
  /** False once the owner is suspended or erased: only the job's parties and admins may still see it. */
  institutionActive: sql<boolean>`${institutionUser.status} = 'active'`,
  institutionName: sql<string>`coalesce(${institutions.name}, ${institutionUser.name})`,
  institutionType: institutions.type,
  institutionDistrict: institutions.district,
  institutionRating: { sum: institutionUser.ratingSum, count: institutionUser.ratingCount },
  institutionCancellations: {
    accepted: sql<number>`coalesce(${institutionStandings.acceptedJobs}, 0)`,
    cancelled: sql<number>`coalesce(${institutionStandings.cancelledJobs}, 0)`,
  },
  institutionContact: {
    address: institutions.address,
    contactName: sql<string>`coalesce(${institutions.contactName}, ${institutionUser.name})`,
    phone: sql<string | null>`coalesce(${institutions.contactPhone}, ${institutionUser.phone})`,
    email: institutionUser.email,
  },
  assignee: { id: jobAssignees.professionalId, name: assigneeUser.name, phone: assigneeUser.phone, email: assigneeUser.email },
};

export type JobWithParties = {
  job: JobRow;
  institutionActive: boolean;
  institutionName: string;
  institutionType: (typeof INSTITUTION_TYPES)[number] | null;
  institutionDistrict: string | null;
  institutionRating: { sum: number; count: number };
  institutionCancellations: CancellationCounts;
  institutionContact: { address: string | null; contactName: string; phone: string | null; email: string | null };
  assignee: { id: string | null; name: string | null; phone: string | null; email: string | null };
};

function selectJobs(db: Executor) {
  return db
    .select(jobWithParties)
    .from(jobs)
    .innerJoin(institutionUser, eq(institutionUser.id, jobs.institutionId))
    .leftJoin(institutions, eq(institutions.userId, jobs.institutionId))
    .leftJoin(institutionStandings, eq(institutionStandings.institutionId, jobs.institutionId))
    .leftJoin(jobAssignees, eq(jobAssignees.jobId, jobs.id))
    .leftJoin(assigneeUser, eq(assigneeUser.id, jobAssignees.professionalId));
}

export async function insertJob(db: Executor, values: NewJob): Promise<JobRow> {
  const [row] = await db.insert(jobs).values(values).returning();
  return row!;
}

const jobById = preparedRead('find_job', (db) => selectJobs(db).where(and(eq(jobs.id, sql.placeholder('id')), isNull(jobs.deletedAt))));

export async function findJob(db: Executor, id: string): Promise<JobWithParties | undefined> {
  const [row] = await jobById(db).execute({ id });
  return row as JobWithParties | undefined;
}

const jobsByIds = preparedRead('find_jobs', (db) =>
  selectJobs(db).where(and(sql`${jobs.id} = ANY(${sql.placeholder('ids')}::uuid[])`, isNull(jobs.deletedAt))),
);

export async function findJobs(db: Executor, ids: string[]): Promise<JobWithParties[]> {
  if (ids.length === 0) return [];
  return (await jobsByIds(db).execute({ ids })) as JobWithParties[];
}

const statusById = preparedRead('job_status', (db) =>
  db
    .select({ status: jobs.status })
    .from(jobs)
    .where(and(eq(jobs.id, sql.placeholder('id')), isNull(jobs.deletedAt))),
);

/** The state a (not deleted) job is in, or undefined when there is no such job. */
export async function statusOf(db: Executor, id: string): Promise<JobStatus | undefined> {
  const [row] = await statusById(db).execute({ id });
  return row?.status;
}

const ownerIsActive = sql`EXISTS (SELECT 1 FROM users owner WHERE owner.id = ${jobs.institutionId} AND owner.status = 'active')`;

const acceptFactColumns = {
  id: jobs.id,
  status: jobs.status,
  role: jobs.role,
  startsAt: jobs.startsAt,
  institutionId: jobs.institutionId,
  headStartEndsAt: jobs.headStartEndsAt,
  ownerActive: sql<boolean>`${ownerIsActive}`,
  assigneeId: sql<string | null>`(SELECT a.professional_id FROM job_assignees a WHERE a.job_id = ${jobs.id})`,
};

const acceptFactsByIds = preparedRead('job_accept_facts', (db) =>
  db
    .select(acceptFactColumns)
    .from(jobs)
    .where(and(sql`${jobs.id} = ANY(${sql.placeholder('ids')}::uuid[])`, isNull(jobs.deletedAt))),
);

export interface AcceptFacts {
  status: JobStatus;
  /** False when the institution is suspended or erased: its jobs cannot be taken. */
  ownerActive: boolean;
  role: string;
  startsAt: Date;
  institutionId: string;
  headStartEndsAt: Date | null;
  assigneeId: string | null;
}

/** What an accept checks before it claims, for the (not deleted) jobs among `ids`, by id. */
export async function acceptFactsOf(db: Executor, ids: readonly string[]): Promise<Map<string, AcceptFacts>> {
  return byId(await acceptFactsByIds(db).execute({ ids }));
}

/** The same facts, read once no transaction holds the jobs' rows any more (waiting for it to end). */
export async function settledAcceptFactsOf(db: Executor, ids: readonly string[]): Promise<Map<string, AcceptFacts>> {
  return byId(
    await db
      .select(acceptFactColumns)
      .from(jobs)
      .where(and(inArray(jobs.id, [...ids]), isNull(jobs.deletedAt)))
      .for('share'),
  );
}

const eligibilityByIds = preparedRead('professional_eligibility', (db) =>
  db
    .select({
      id: professionals.userId,
      verified: professionals.verified,
      roles: professionals.roles,
      restrictedUntil: professionals.restrictedUntil,
      scope: viewerScopeOf(professionals.userId),
    })
    .from(professionals)
    .where(sql`${professionals.userId} = ANY(${sql.placeholder('ids')}::uuid[])`),
);

export interface Eligibility {
  verified: boolean;
  roles: string[];
  restrictedUntil: Date | null;
  scope: ViewerScope;
}

/** Whether each professional among `ids` may accept shifts, and of which roles, by id. */
export async function eligibilityOf(db: Executor, ids: readonly string[]): Promise<Map<string, Eligibility>> {
  return byId(await eligibilityByIds(db).execute({ ids }));
}

function byId<T extends { id: string }>(rows: T[]): Map<string, Omit<T, 'id'>> {
  return new Map(rows.map(({ id, ...rest }) => [id, rest]));
}

/** The job's state, its row locked until the transaction ends, so what follows acts on that very state. */
export async function lockedStatusOf(tx: Executor, id: string): Promise<JobStatus | undefined> {
  const [row] = await tx
    .select({ status: jobs.status })
    .from(jobs)
    .where(and(eq(jobs.id, id), isNull(jobs.deletedAt)))
    .for('update');
  return row?.status;
}

/**
 * Applies one action of the state machine as a single guarded UPDATE: it changes the row only if
 * the job is still in one of the action's source states (and matches `guard`), so concurrent
 * requests are decided by the database. Returns undefined when the guard did not hold.
 */
export async function transition(
  db: Executor,
  id: string,
  action: JobAction,
  set: Partial<NewJob> = {},
  guard?: SQL,
): Promise<JobRow | undefined> {
  const { from, to } = JOB_TRANSITIONS[action];
  const [row] = await db
    .update(jobs)
    .set({ ...set, status: to, updatedAt: sql`now()` })
    .where(and(eq(jobs.id, id), isNull(jobs.deletedAt), inArray(jobs.status, [...from]), guard))
    .returning();
  return row;
}

/** A cancelled paid job: the share of pay its assignee got. */
export async function setCancellationPayPercent(db: Executor, id: string, payPercent: number): Promise<void> {
  await db.update(jobs).set({ cancellationPayPercent: payPercent }).where(eq(jobs.id, id));
}

export interface CancellationCounts {
  /** The institution's jobs someone accepted in the window… */
  accepted: number;
  /** …of which it cancelled (itself, or Qgig because it never paid before the start). */
  cancelled: number;
}

/**
 * The statements that count again the standing (institution_standings) of one institution, or of
 * every institution: its jobs accepted in the last FAVOURITES.cancellationRateDays days, and how
 * many of those it cancelled. An accept comes before the start, so only jobs starting in the window
 * are read. They run in one transaction, in order (the seed runs them through its own connection).
 */
export function standingRecount(which: { institutionId: string } | 'every institution'): SQL[] {
  const chosen = which === 'every institution' ? sql`u.role = 'institution'` : sql`u.id = ${which.institutionId}`;
  const since = sql`now() - make_interval(days => ${FAVOURITES.cancellationRateDays})`;
  return [
    sql`INSERT INTO institution_standings (institution_id, accepted_jobs, cancelled_jobs)
        SELECT u.id, 0, 0 FROM users u WHERE ${chosen} ON CONFLICT DO NOTHING`,
    // Counted once the rows are locked, in a statement of its own: each statement reads as of its start,
    // so a count made before a concurrent recount committed would otherwise write over that one's.
    sql`SELECT 1 FROM institution_standings s JOIN users u ON u.id = s.institution_id
        WHERE ${chosen} ORDER BY s.institution_id FOR UPDATE OF s`,
    sql`UPDATE institution_standings s SET accepted_jobs = counted.accepted, cancelled_jobs = counted.cancelled
        FROM (
          SELECT u.id, count(a.job_id)::int AS accepted,
                 (count(a.job_id) FILTER (WHERE j.status = 'cancelled' AND j.cancelled_by IN ('institution', 'qgig')))::int AS cancelled
          FROM users u
          LEFT JOIN jobs j ON j.institution_id = u.id AND j.starts_at > ${since}
          LEFT JOIN job_assignees a ON a.job_id = j.id AND a.accepted_at >= ${since}
          WHERE ${chosen}
          GROUP BY u.id
        ) counted
        WHERE s.institution_id = counted.id AND (s.accepted_jobs, s.cancelled_jobs) IS DISTINCT FROM (counted.accepted, counted.cancelled)`,
  ];
}

export async function recountStandings(tx: Transaction, which: { institutionId: string } | 'every institution'): Promise<void> {
  for (const statement of standingRecount(which)) await tx.execute(statement);
}

/** The institution's counts as last counted (none yet: zero). */
export async function standingCountsOf(db: Executor, institutionId: string): Promise<CancellationCounts> {
  const [row] = await db
    .select({ accepted: institutionStandings.acceptedJobs, cancelled: institutionStandings.cancelledJobs })
    .from(institutionStandings)
    .where(eq(institutionStandings.institutionId, institutionId));
  return row ?? { accepted: 0, cancelled: 0 };
}

/** Cancels the job (where `guard` holds) and counts its owner's standing again. */
export async function cancel(tx: Transaction, id: string, set: Partial<NewJob>, guard?: SQL): Promise<JobRow | undefined> {
  const row = await transition(tx, id, 'cancel', set, guard);
  if (row) await recountStandings(tx, { institutionId: row.institutionId });
  return row;
}

/**
 * assigned or paid → open to everyone (where `guard` holds; any head start ends): the assignee is removed, their confirmation and the
 * reminders cleared; a payment made stays with the job (`funded_at`). Undefined when the guard did not hold.
 */
export async function reopen(
  tx: Transaction,
  id: string,
  guard?: SQL,
): Promise<{ job: JobRow; assigneeId: string | undefined } | undefined> {
  const job = await transition(
    tx,
    id,
    'release',
    { confirmedAt: null, confirmReminderHours: null, paymentReminderAt: null, headStartEndsAt: null },
    guard,
  );
  if (!job) return undefined;
  const [removed] = await tx.delete(jobAssignees).where(eq(jobAssignees.jobId, id)).returning({ id: jobAssignees.professionalId });
  await recountStandings(tx, { institutionId: job.institutionId });
  return { job, assigneeId: removed?.id };
}

/** The shift starts within `hours` from now (or has started). */
export const startsWithinHours = (hours: number): SQL => sql`${jobs.startsAt} - make_interval(hours => ${hours}::int) <= now()`;

export const notStarted = sql`${jobs.startsAt} > now()`;

const booked = and(isNull(jobs.deletedAt), inArray(jobs.status, [...CONFIRMABLE_STATES]));

/** The assignee confirms, once, a booked shift that starts within `opensHoursBefore` and has not started; undefined otherwise. */
export async function confirm(db: Executor, id: string, professionalId: string, opensHoursBefore: number): Promise<JobRow | undefined> {
  const [row] = await db
    .update(jobs)
    .set({ confirmedAt: sql`now()` })
    .where(
      and(
        eq(jobs.id, id),
        booked,
        isNull(jobs.confirmedAt),
        startsWithinHours(opensHoursBefore),
        notStarted,
        sql`EXISTS (SELECT 1 FROM job_assignees a WHERE a.job_id = ${jobs.id} AND a.professional_id = ${professionalId})`,
      ),
    )
    .returning();
  return row;
}

/** A booked, unconfirmed shift starting within `hours`, not yet reminded at `hours` or fewer. */
export const confirmReminderDue = (hours: number): SQL =>
  and(
    booked,
    isNull(jobs.confirmedAt),
    notStarted,
    startsWithinHours(hours),
    sql`(${jobs.confirmReminderHours} IS NULL OR ${jobs.confirmReminderHours} > ${hours})`,
  )!;

/** Records the reminder to confirm at `hours` before the start, once; undefined when it is not due (sent, confirmed, moved on). */
export async function stampConfirmReminder(db: Executor, id: string, hours: number): Promise<JobRow | undefined> {
  const [row] = await db
    .update(jobs)
    .set({ confirmReminderHours: hours })
    .where(and(eq(jobs.id, id), confirmReminderDue(hours)))
    .returning();
  return row;
}

export async function assigneeOf(db: Executor, jobId: string): Promise<string | undefined> {
  const [row] = await db.select({ id: jobAssignees.professionalId }).from(jobAssignees).where(eq(jobAssignees.jobId, jobId));
  return row?.id;
}

/** Booked shifts (assigned or paid) starting in [from, to), with their assignee. */
export async function bookedJobsStartingBetween(db: Executor, from: Date, to: Date): Promise<{ job: JobRow; assigneeId: string }[]> {
  return db
    .select({ job: jobs, assigneeId: jobAssignees.professionalId })
    .from(jobs)
    .innerJoin(jobAssignees, eq(jobAssignees.jobId, jobs.id))
    .where(and(inArray(jobs.status, ['assigned', 'paid']), gte(jobs.startsAt, from), lt(jobs.startsAt, to)));
}

/** The professional's booked shifts (assigned or paid) starting after `at`, soonest first. */
export async function bookedJobsOfStartingAfter(db: Executor, professionalId: string, at: Date): Promise<JobRow[]> {
  const rows = await db
    .select({ job: jobs })
    .from(jobs)
    .innerJoin(jobAssignees, eq(jobAssignees.jobId, jobs.id))
    .where(and(eq(jobAssignees.professionalId, professionalId), inArray(jobs.status, ['assigned', 'paid']), gt(jobs.startsAt, at)))
    .orderBy(asc(jobs.startsAt));
  return rows.map((row) => row.job);
}

const now = sql`now()` as unknown as Date;

/** Attendance opens an hour before the scheduled start. */
export const attendanceOpen = sql`${jobs.startsAt} - interval '60 minutes' <= now()`;

export function checkIn(db: Executor, id: string): Promise<JobRow | undefined> {
  return transition(db, id, 'checkIn', { checkedInAt: now }, attendanceOpen);
}

export function checkOut(db: Executor, id: string): Promise<JobRow | undefined> {
  return transition(db, id, 'checkOut', { checkedOutAt: now });
}

/** Checked in but never out, 2 h after the end: out at the scheduled end. */
export function autoCheckOut(db: Executor, id: string): Promise<JobRow | undefined> {
  return transition(
    db,
    id,
    'checkOut',
    { checkedOutAt: sql`${jobs.endsAt}` as unknown as Date, autoCheckout: true },
    sql`${jobs.endsAt} + interval '2 hours' <= now()`,
  );
}

export function dispute(db: Executor, id: string, reason: string): Promise<JobRow | undefined> {
  return transition(db, id, 'dispute', { disputeReason: reason });
}

const nobodyCheckedIn = sql`${jobs.status} = 'paid'`;

/** Who completes: the owner approves a timesheet, or a paid job nobody checked in once its scheduled end passed; the sweep approves a timesheet left alone 24 h. */
export const COMPLETION_GUARDS = {
  // A timesheet can be checked out within the hour before the start, when check-in opens: approved only once the shift began.
  owner: sql`${jobs.startsAt} <= now() AND (${jobs.status} = 'checked_out' OR ${jobs.endsAt} <= now())`,
  autoApprove: sql`${jobs.status} = 'checked_out' AND ${jobs.checkedOutAt} + interval '24 hours' <= now()`,
} as const;

/** Completes the job; with nobody checked in, its timesheet is the scheduled times, recorded as the owner's. */
export function complete(db: Executor, id: string, by: keyof typeof COMPLETION_GUARDS): Promise<JobRow | undefined> {
  return transition(
    db,
    id,
    'complete',
    {
      completedAt: now,
      checkedInAt: sql`CASE WHEN ${nobodyCheckedIn} THEN ${jobs.startsAt} ELSE ${jobs.checkedInAt} END` as unknown as Date,
      checkedOutAt: sql`CASE WHEN ${nobodyCheckedIn} THEN ${jobs.endsAt} ELSE ${jobs.checkedOutAt} END` as unknown as Date,
      timesheetByOwner: sql`${nobodyCheckedIn}` as unknown as boolean,
    },
    COMPLETION_GUARDS[by],
  );
}

/** disputed → completed by an admin's resolution. */
export function resolve(db: Executor, id: string): Promise<JobRow | undefined> {
  return transition(db, id, 'resolve', { completedAt: now });
}

/** Nobody checked in: by the owner from 30 min after the start, by the sweep 24 h after the end. */
export const NO_SHOW_GUARDS = {
  owner: sql`${jobs.startsAt} + interval '30 minutes' <= now()`,
  auto: sql`${jobs.endsAt} + interval '24 hours' <= now()`,
} as const;

export function noShow(db: Executor, id: string, by: keyof typeof NO_SHOW_GUARDS): Promise<JobRow | undefined> {
  return transition(db, id, 'noShow', {}, NO_SHOW_GUARDS[by]);
}

/** Up to `limit` ids of (not deleted) jobs in `status` matching `condition`, soonest first: what a sweep acts on. */
export async function idsWhere(db: Executor, status: JobStatus, condition: SQL, limit = 100): Promise<string[]> {
  const rows = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.status, status), isNull(jobs.deletedAt), condition))
    .orderBy(asc(jobs.startsAt))
    .limit(limit);
  return rows.map((row) => row.id);
}

/** Stamps a once-only notice on a job still in `status` and matching `condition`; undefined when already stamped or moved on. */
export async function stampNotice(
  db: Executor,
  id: string,
  column: 'noCheckInNoticeAt' | 'paymentReminderAt',
  status: JobStatus,
  condition: SQL,
): Promise<JobRow | undefined> {
  const [row] = await db
    .update(jobs)
    .set({ [column]: now })
    .where(and(eq(jobs.id, id), eq(jobs.status, status), isNull(jobs[column]), isNull(jobs.deletedAt), condition))
    .returning();
  return row;
}

/** Ends a job's head start once its time has come: everyone may see it now (the update also bumps the caches). */
export async function endHeadStart(db: Executor, id: string): Promise<void> {
  await db
    .update(jobs)
    .set({ headStartEndsAt: null })
    .where(and(eq(jobs.id, id), sql`${jobs.headStartEndsAt} <= now()`));
}

/**
 * What an accept checks of the professional, their row locked until the transaction ends. The lock
 * queues one professional's accepts: job_assignees_no_overlap refuses an overlap either way, but two
 * overlapping rows inserted at the same instant wait on each other in its check, a deadlock PostgreSQL
 * ends only after deadlock_timeout (1 s) by aborting one. It also orders an accept after a change to
 * the professional (verification, suspension, erasure), which locks the row too.
 */
export async function lockProfessional(
  db: Executor,
  professionalId: string,
): Promise<{ verified: boolean; roles: string[]; name: string } | undefined> {
  const result = await db.execute(sql`
    SELECT p.verified, p.roles, u.name FROM professionals p JOIN users u ON u.id = p.user_id
    WHERE p.user_id = ${professionalId} FOR UPDATE OF p`);
  return rowsOf<{ verified: boolean; roles: string[]; name: string }>(result)[0];
}

/**
 * Accepts an open job that has not started, unless another transaction holds its row: then it
 * returns undefined at once instead of queueing behind the holder, in a transaction of its own.
 */
export async function claimUnlessBusy(tx: Executor, id: string): Promise<JobRow | undefined> {
  const free = tx.select({ id: jobs.id }).from(jobs).where(eq(jobs.id, id)).for('update', { skipLocked: true });
  return transition(tx, id, 'accept', {}, and(sql`${jobs.startsAt} > now()`, ownerIsActive, inArray(jobs.id, free)));
}

export const OVERLAP_CONSTRAINT = 'job_assignees_no_overlap';

/**
 * Makes the professional the job's assignee, holding the job's hours: job_assignees_no_overlap
 * refuses it (23P01) when they hold a job that is not cancelled (a completed one too: it was worked,
 * or is being worked, at that hour) overlapping them.
 */
export async function assign(tx: Transaction, job: Pick<JobRow, 'id' | 'institutionId'>, professionalId: string): Promise<void> {
  await tx.execute(sql`
    INSERT INTO job_assignees (job_id, professional_id, starts_at, ends_at)
    SELECT id, ${professionalId}, starts_at, ends_at FROM jobs WHERE id = ${job.id}`);
  await recountStandings(tx, { institutionId: job.institutionId });
}

/** A job the professional holds whose hours overlap job `jobId`'s, if any: what refused their accept of it. */
export async function clashingJobOf(db: Executor, professionalId: string, jobId: string): Promise<string | undefined> {
  const result = await db.execute(sql`
    SELECT held.job_id AS id FROM job_assignees held JOIN jobs wanted ON wanted.id = ${jobId}
    WHERE held.professional_id = ${professionalId} AND held.holds_hours AND held.job_id <> wanted.id
      AND held.starts_at < wanted.ends_at AND held.ends_at > wanted.starts_at
    LIMIT 1`);
  return rowsOf<{ id: string }>(result)[0]?.id;
}

/** A job's place in lists ordered by (starts_at, id), and the keyset condition for rows past it. */
export interface JobKey {
  startsAt: Date;
  id: string;
}

/** The columns a list is ordered by. */
interface OrderColumns {
  startsAt: AnyPgColumn;
  id: AnyPgColumn;
}

function beyond(direction: '<' | '>', key: JobKey, order: OrderColumns = jobs): SQL {
  return sql`(${order.startsAt}, ${order.id}) ${sql.raw(direction)} (${key.startsAt.toISOString()}::timestamptz, ${key.id}::uuid)`;
}

/** What browsing filters on and orders by: a job's own columns, or, by a skill, its `job_skills` row's copies of them. */
interface BrowseColumns extends OrderColumns {
  role: AnyPgColumn;
  district: AnyPgColumn;
  rateAmount: AnyPgColumn;
  institutionId: AnyPgColumn;
  headStartEndsAt: AnyPgColumn;
}

const skillRow: BrowseColumns = {
  startsAt: jobSkills.startsAt,
  id: jobSkills.jobId,
  role: jobSkills.role,
  district: jobSkills.district,
  rateAmount: jobSkills.rateAmount,
  institutionId: jobSkills.institutionId,
  headStartEndsAt: jobSkills.headStartEndsAt,
};

/**
 * Owners whose jobs nobody browses (suspended or erased). Read once per query (a small partial
 * index) into a hashed set, which the planner estimates well, so it keeps reading the browse
 * indexes in order and stops at the page's limit.
 */
const inactiveOwners = sql`SELECT inactive.id FROM users inactive WHERE inactive.status <> 'active'`;

export interface BrowseFilters {
  role?: string;
  skill?: string;
  district?: string;
  from?: Date;
  to?: Date;
  minRate?: number;
  after?: JobKey;
  limit: number;
  /** Someone with blocks, favourites or a restriction (see favourites/visibility.ts); anyone else sees what everyone sees. */
  viewer?: { id: string; restricted: boolean };
}

/** Open jobs soonest first, by keyset on (starts_at, id); reads `limit + 1` rows. */
export async function browseJobs(db: Executor, filters: BrowseFilters): Promise<JobWithParties[]> {
  // The page's ids first, then their details: the joins run for one page, never for every match.
  const ids = (await browseQuery(db, filters)).map((row) => row.id);
  const byId = new Map((await findJobs(db, ids)).map((row) => [row.job.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * The ids of one browse page, unexecuted, so its plan can be inspected: open jobs of active owners
 * that have not started. Every condition is on columns of one browse index (jobs_browse_*, or by a
 * skill job_skills_browse_*, whose rows exist only for open jobs), read in order to the page's end.
 */
export function browseQuery(db: Executor, filters: BrowseFilters) {
  const row = filters.skill ? skillRow : jobs;
  const conditions = [
    filters.skill ? eq(jobSkills.skill, filters.skill) : and(eq(jobs.status, 'open'), isNull(jobs.deletedAt)),
    sql`${row.startsAt} > now()`,
    sql`${row.institutionId} NOT IN (${inactiveOwners})`,
    filters.viewer ? visibleTo(sql`${filters.viewer.id}::uuid`, row, filters.viewer.restricted) : openToEveryone(row),
    filters.role ? eq(row.role, filters.role) : undefined,
    filters.district ? eq(row.district, filters.district) : undefined,
    filters.from ? gte(row.startsAt, filters.from) : undefined,
    filters.to ? lt(row.startsAt, filters.to) : undefined,
    filters.minRate !== undefined ? gte(row.rateAmount, filters.minRate) : undefined,
    filters.after ? beyond('>', filters.after, row) : undefined,
  ];
  return db
    .select({ id: row.id })
    .from(filters.skill ? jobSkills : jobs)
    .where(and(...conditions))
    .orderBy(asc(row.startsAt), asc(row.id))
    .limit(filters.limit + 1);
}

export interface AdminJobsFilter {
  status?: AdminJobState;
  role?: string;
  district?: string;
  institutionId?: string;
  professionalId?: string;
  from?: Date;
  to?: Date;
  before?: JobKey;
  limit: number;
}

/** A deleted job is only in the `deleted` state, whatever its status was (as the dashboard counts it). */
function stateCondition(state: AdminJobState | undefined): SQL | undefined {
  if (!state) return undefined;
  return state === 'deleted' ? isNotNull(jobs.deletedAt) : and(eq(jobs.status, state), isNull(jobs.deletedAt));
}

/** Any job (deleted ones too), latest shift first, for administrators. */
export async function listJobsForAdmin(db: Executor, filter: AdminJobsFilter): Promise<JobWithParties[]> {
  const rows = await selectJobs(db)
    .where(
      and(
        stateCondition(filter.status),
        filter.role ? eq(jobs.role, filter.role) : undefined,
        filter.district ? eq(jobs.district, filter.district) : undefined,
        filter.institutionId ? eq(jobs.institutionId, filter.institutionId) : undefined,
        filter.professionalId ? eq(jobAssignees.professionalId, filter.professionalId) : undefined,
        filter.from ? gte(jobs.startsAt, filter.from) : undefined,
        filter.to ? lt(jobs.startsAt, filter.to) : undefined,
        filter.before ? beyond('<', filter.before) : undefined,
      ),
    )
    .orderBy(desc(jobs.startsAt), desc(jobs.id))
    .limit(filter.limit + 1);
  return rows as JobWithParties[];
}

export interface OwnJobsFilter {
  userId: string;
  side: 'institution' | 'professional';
  status?: JobStatus;
  before?: JobKey;
  limit: number;
}

/** The jobs an institution posted, or a professional holds, latest shift first. */
export async function listOwnJobs(db: Executor, filter: OwnJobsFilter): Promise<JobWithParties[]> {
  const rows = await selectJobs(db)
    .where(
      and(
        isNull(jobs.deletedAt),
        filter.side === 'institution' ? eq(jobs.institutionId, filter.userId) : eq(jobAssignees.professionalId, filter.userId),
        filter.status ? eq(jobs.status, filter.status) : undefined,
        filter.before ? beyond('<', filter.before) : undefined,
      ),
    )
    .orderBy(desc(jobs.startsAt), desc(jobs.id))
    .limit(filter.limit + 1);
  return rows as JobWithParties[];
}

/** Whether the user posted or holds a job that is assigned or paid (an active booking). */
export async function hasActiveJob(db: Executor, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: jobs.id })
    .from(jobs)
    .leftJoin(jobAssignees, eq(jobAssignees.jobId, jobs.id))
    .where(
      and(
        inArray(jobs.status, ['assigned', 'paid', 'checked_in', 'checked_out', 'disputed']),
        sql`(${jobs.institutionId} = ${userId} OR ${jobAssignees.professionalId} = ${userId})`,
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** The professional's soonest shift still to be worked: assigned, paid or checked in; or, `unconfirmed`, booked, not started and not confirmed. */
export async function nextShiftIdOf(db: Executor, professionalId: string, unconfirmed = false): Promise<string | undefined> {
  const [row] = await db
    .select({ id: jobs.id })
    .from(jobs)
    .innerJoin(jobAssignees, eq(jobAssignees.jobId, jobs.id))
    .where(
      and(
        eq(jobAssignees.professionalId, professionalId),
        unconfirmed ? and(booked, isNull(jobs.confirmedAt), notStarted) : inArray(jobs.status, ['assigned', 'paid', 'checked_in']),
      ),
    )
    .orderBy(asc(jobs.startsAt))
    .limit(1);
  return row?.id;
}

/** Soft-deletes an institution's open jobs (erasure: nobody should take a shift from a former user). */
export async function deleteOpenJobsOf(db: Executor, institutionId: string): Promise<void> {
  await db
    .update(jobs)
    .set({ deletedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(jobs.institutionId, institutionId), eq(jobs.status, 'open'), isNull(jobs.deletedAt)));
}

/** Every job the user posted or held, newest shift first, for the data-subject export. */
export async function jobsInvolving(db: Executor, userId: string): Promise<JobWithParties[]> {
  const rows = await selectJobs(db)
    .where(sql`${jobs.institutionId} = ${userId} OR ${jobAssignees.professionalId} = ${userId}`)
    .orderBy(desc(jobs.startsAt));
  return rows as JobWithParties[];
}
