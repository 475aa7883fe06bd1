import { sql } from 'drizzle-orm';
import {
  bit,
  boolean,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.js';
import { JOB_STATUSES } from '../../contracts/jobs.js';
import { rateUnit } from '../profiles/schema.js';

export const jobStatus = pgEnum('job_status', JOB_STATUSES);

const browsable = sql`status = 'open' AND deleted_at IS NULL`;

export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    institutionId: uuid('institution_id')
      .notNull()
      .references(() => users.id),
    role: text('role').notNull(),
    skills: text('skills')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    description: text('description').notNull().default(''),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    /**
     * The shift as the institution entered it, in Kampala time: the date it starts, its weekday
     * (0 = Sunday) and minutes since midnight. An end at or before the start is on the next day.
     * Matching compares these with weekly availability without converting time zones per row.
     */
    shiftDate: date('shift_date', { mode: 'string' }).notNull(),
    weekday: smallint('weekday').notNull(),
    startMinute: smallint('start_minute').notNull(),
    endMinute: smallint('end_minute').notNull(),
    /**
     * The hours of the week the shift overlaps (bit weekday·24 + hour, past Saturday midnight
     * wrapping to Sunday), computed by PostgreSQL (migration 0015). Someone free for the shift has
     * a weekly slot overlapping each of them (match_candidates.week_hours): a cheap first filter.
     */
    shiftHours: bit('shift_hours', { dimensions: 168 })
      .notNull()
      .generatedAlwaysAs(sql`shift_hours(weekday, start_minute, end_minute)`),
    rateAmount: integer('rate_amount').notNull(),
    rateUnit: rateUnit('rate_unit').notNull(),
    /** PLATFORM_FEE_PERCENT when the job was posted or last edited: the fee shown is the fee charged. */
    feePercent: smallint('fee_percent').notNull().default(10),
    currency: text('currency').notNull().default('UGX'),
    district: text('district').notNull(),
    status: jobStatus('status').notNull().default('open'),
    cancelReason: text('cancel_reason'),
    cancelledBy: text('cancelled_by'),
    /** A paid job cancelled: the share of pay its assignee got (late cancellation by the owner; 0 when refunded whole). */
    cancellationPayPercent: smallint('cancellation_pay_percent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    /** The timesheet: when the assignee checked in and out with the attendance code. */
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
    checkedOutAt: timestamp('checked_out_at', { withTimezone: true }),
    /** Checked out by the sweep at the scheduled end, the assignee having never checked out. */
    autoCheckout: boolean('auto_checkout').notNull().default(false),
    /** Completed by the owner with nobody checked in: the timesheet holds the scheduled times. */
    timesheetByOwner: boolean('timesheet_by_owner').notNull().default(false),
    disputeReason: text('dispute_reason'),
    /** When the owner was told nobody had checked in (once), and reminded to pay (once). */
    noCheckInNoticeAt: timestamp('no_check_in_notice_at', { withTimezone: true }),
    paymentReminderAt: timestamp('payment_reminder_at', { withTimezone: true }),
    /** When the assignee confirmed they will come (from 48 h before the start); cleared when the job reopens. */
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    /** The last reminder to confirm sent, by hours before the start (24, then 6); cleared when the job reopens. */
    confirmReminderHours: smallint('confirm_reminder_hours'),
    /**
     * When the job's payment arrived. The money stays held in escrow for the job while it is open again
     * after a release or a give-back: the next accept makes it paid, a cancel refunds it.
     */
    fundedAt: timestamp('funded_at', { withTimezone: true }),
    /**
     * Until then only the institution's favourites see the job (FAVOURITES_HEAD_START_MINUTES from
     * posting); cleared when the offering task ends the head start. Null: visible to everyone.
     */
    headStartEndsAt: timestamp('head_start_ends_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    check('jobs_rate_positive', sql`${t.rateAmount} > 0`),
    check('jobs_fee_percent_range', sql`${t.feePercent} BETWEEN 0 AND 100`),
    check('jobs_shift_length', sql`${t.endsAt} > ${t.startsAt} AND ${t.endsAt} - ${t.startsAt} <= interval '24 hours'`),
    check(
      'jobs_minutes_range',
      sql`${t.startMinute} BETWEEN 0 AND 1439 AND ${t.endMinute} BETWEEN 0 AND 1440 AND ${t.weekday} BETWEEN 0 AND 6`,
    ),
    // Browsing reads open jobs soonest first, optionally narrowed by role or district. The other
    // filters' columns follow the order's, so every filter is checked in the index alone (an
    // index-only scan): a filter set few jobs match, or none, reads no job rows to find that out.
    index('jobs_browse_idx').on(t.startsAt, t.id, t.role, t.district, t.rateAmount, t.institutionId, t.headStartEndsAt).where(browsable),
    // Also recommendations' first pass: which of a role's soonest jobs fit someone's hours, and whose
    // owners are active, read from the index alone.
    index('jobs_browse_role_idx')
      .on(t.role, t.startsAt, t.id, t.shiftHours, t.institutionId, t.district, t.rateAmount, t.headStartEndsAt)
      .where(browsable),
    index('jobs_browse_district_idx')
      .on(t.district, t.startsAt, t.id, t.role, t.rateAmount, t.institutionId, t.headStartEndsAt)
      .where(browsable),
    index('jobs_institution_idx').on(t.institutionId, t.startsAt),
    index('jobs_status_idx').on(t.status, t.startsAt),
    index('jobs_created_idx').on(t.createdAt),
    // Admin metrics: states of live jobs by an index-only scan, and the completed-per-day series.
    index('jobs_live_status_idx')
      .on(t.status)
      .where(sql`deleted_at IS NULL`),
    index('jobs_completed_idx')
      .on(t.completedAt)
      .where(sql`completed_at IS NOT NULL`),
  ],
);

/**
 * The one professional who won a job; the primary key on job_id is what makes the win unique. The
 * constraint job_assignees_no_overlap (migration assignee_hours, by hand: Drizzle cannot declare an
 * exclusion constraint) refuses a second row of one professional whose hours overlap one that holds
 * its hours.
 */
export const jobAssignees = pgTable(
  'job_assignees',
  {
    jobId: uuid('job_id')
      .primaryKey()
      .references(() => jobs.id),
    professionalId: uuid('professional_id')
      .notNull()
      .references(() => users.id),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * The job's hours, copied when it is taken, for the constraint. They never change: a job's times
     * change only by an edit, and only an open job, which has no assignee, can be edited.
     */
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    /**
     * Whether the hours still count against the professional's other accepts: false once the job is
     * cancelled (trigger jobs_cancel_frees_hours), and for a row from before the constraint that was
     * taken over hours another of theirs held (migration assignee_hours).
     */
    holdsHours: boolean('holds_hours').notNull().default(true),
  },
  (t) => [index('job_assignees_professional_idx').on(t.professionalId)],
);

/**
 * The skills of browsable (open, not deleted) jobs, one row per job and skill, kept from `jobs` by
 * the trigger jobs_skills (migrations 0026, 0043): browsing by a skill reads its rows soonest first
 * and stops at the page's end, however rare the skill. The rows carry the job's other filtered
 * columns, so that browse reads one of the job_skills_browse_* indexes alone.
 */
export const jobSkills = pgTable(
  'job_skills',
  {
    skill: text('skill').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    district: text('district').notNull(),
    rateAmount: integer('rate_amount').notNull(),
    institutionId: uuid('institution_id').notNull(),
    headStartEndsAt: timestamp('head_start_ends_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'job_skills_pkey', columns: [t.skill, t.startsAt, t.jobId] }),
    index('job_skills_job_idx').on(t.jobId),
    index('job_skills_browse_idx').on(t.skill, t.startsAt, t.jobId, t.role, t.district, t.rateAmount, t.institutionId, t.headStartEndsAt),
    // A skill with a role or a district reads only that pair's rows, soonest first: by job_skills_browse_idx it
    // would read the skill's rows of every role and district until the page fills (all of them when few match).
    index('job_skills_browse_role_idx').on(
      t.skill,
      t.role,
      t.startsAt,
      t.jobId,
      t.district,
      t.rateAmount,
      t.institutionId,
      t.headStartEndsAt,
    ),
    index('job_skills_browse_district_idx').on(
      t.skill,
      t.district,
      t.startsAt,
      t.jobId,
      t.role,
      t.rateAmount,
      t.institutionId,
      t.headStartEndsAt,
    ),
  ],
);

/**
 * Each institution's cancellation counts over the rate's window (FAVOURITES.cancellationRateDays),
 * counted again in the transaction that accepts, gives back or cancels one of its jobs, and nightly
 * as the window moves on: job views read them instead of counting each institution's jobs per view.
 */
export const institutionStandings = pgTable('institution_standings', {
  institutionId: uuid('institution_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** Its jobs someone accepted in the window… */
  acceptedJobs: integer('accepted_jobs').notNull(),
  /** …of which it cancelled (itself, or Qgig because it never paid before the start). */
  cancelledJobs: integer('cancelled_jobs').notNull(),
});
