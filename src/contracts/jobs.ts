import { z } from 'zod';
import { IsoDate, IsoDateTime, PageQuery, plainText, queryInteger } from './common.js';
import { District } from './districts.js';
import {
  clockToMinutes,
  ClockTime,
  INSTITUTION_TYPES,
  InstitutionStanding,
  MAX_SKILLS,
  ProfessionalRoleInput,
  RATE_UNITS,
  SkillInput,
} from './profiles.js';

export const JOB_STATUSES = [
  'open',
  'assigned',
  'paid',
  'checked_in',
  'checked_out',
  'disputed',
  'completed',
  'cancelled',
  'no_show',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const MAX_DESCRIPTION_LENGTH = 4000;

const ShiftTime = ClockTime.refine((clock) => clockToMinutes(clock) < 1440, 'Use a time from 00:00 to 23:59');

const jobSkills = z
  .array(SkillInput)
  .max(MAX_SKILLS)
  .transform((skills) => [...new Set(skills)]);

/** What an institution fills in; times are Kampala wall-clock times and an end before the start is the next day. */
const JobFields = z.object({
  role: ProfessionalRoleInput,
  skills: jobSkills,
  description: plainText(MAX_DESCRIPTION_LENGTH),
  date: IsoDate('Choose the date the shift starts (year-month-day)').meta({ description: 'Kampala date the shift starts' }),
  startTime: ShiftTime.meta({ description: 'Kampala time, HH:MM' }),
  endTime: ShiftTime.meta({ description: 'Kampala time, HH:MM; at or before startTime means the next day' }),
  rateAmount: z
    .number()
    .int('UGX has no minor unit: use whole shillings')
    .positive('The rate must be more than zero')
    .max(100_000_000, 'The rate can be at most UGX 100,000,000'),
  rateUnit: z.enum(RATE_UNITS),
  currency: z.literal('UGX'),
  district: District,
});

export const JobBody = JobFields.extend({
  skills: jobSkills.default([]),
  description: plainText(MAX_DESCRIPTION_LENGTH).default(''),
  currency: z.literal('UGX').default('UGX'),
}).refine((job) => job.startTime !== job.endTime, { path: ['endTime'], message: 'The end must differ from the start' });
export type JobBody = z.output<typeof JobBody>;

/** A partial edit (no defaults: what is absent stays); the date and times are re-checked together after merging. */
export const JobPatch = JobFields.partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'Change at least one field');
export type JobPatch = z.output<typeof JobPatch>;

export const CancelBody = z.object({ reason: plainText(500).pipe(z.string().min(3, 'Give a reason (at least 3 characters)')) });

const Contact = z.object({ id: z.uuid(), name: z.string(), phone: z.string().nullable(), email: z.string().nullable() });

/** Where the assignee goes and whom they ask for: `name` is the institution's, `contactName` the person's. */
const InstitutionContact = Contact.extend({ address: z.string().nullable(), contactName: z.string() });

export const Timesheet = z
  .object({
    checkedInAt: z.string(),
    checkedOutAt: z.string(),
    minutes: z.number().int(),
    /** Checked out at the scheduled end by Qgig: the assignee never checked out. */
    autoCheckout: z.boolean(),
    /** Completed by the owner with nobody checked in: the scheduled times. */
    byOwner: z.boolean(),
  })
  .meta({ id: 'Timesheet' });
export type Timesheet = z.output<typeof Timesheet>;

/**
 * A paid job's money when its owner cancels it: `payPercent` of pay to the professional (under 24 h
 * before the start 25 %, under 4 h 50 %), the fee following the same share, the rest back to the
 * institution. All 0 for a job that is assigned but not paid (nothing was paid).
 */
export const CancellationView = z
  .object({
    payPercent: z.number().int(),
    professionalAmount: z.number().int(),
    feeAmount: z.number().int(),
    refundAmount: z.number().int(),
  })
  .meta({ id: 'Cancellation' });
export type CancellationView = z.output<typeof CancellationView>;

export const JobView = z
  .object({
    id: z.uuid(),
    institutionId: z.uuid(),
    institutionName: z.string(),
    /** The institution's type and district (its area), for everyone; null until it saved its profile. The street address is only in `institutionContact`. */
    institutionType: z.enum(INSTITUTION_TYPES).nullable(),
    institutionDistrict: z.string().nullable(),
    role: z.string(),
    skills: z.array(z.string()),
    description: z.string(),
    date: z.string(),
    startTime: z.string(),
    endTime: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    rateAmount: z.number().int(),
    rateUnit: z.enum(RATE_UNITS),
    /** The shift's length in hours (two decimals). */
    hours: z.number(),
    /** What the professional earns: the rate times the hours for an hourly rate, the rate for a day rate. */
    pay: z.number().int(),
    /** Qgig's fee on top of the pay. */
    fee: z.number().int(),
    /** What the institution is charged: pay + fee. */
    total: z.number().int(),
    currency: z.literal('UGX'),
    district: z.string(),
    status: z.enum(JOB_STATUSES),
    cancelReason: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    /** Set when the owner deleted the job (only administrators still see it). */
    deletedAt: z.string().nullable(),
    /** When the assignee checked in with the attendance code. */
    checkedInAt: z.string().nullable(),
    /** Once checked out (or completed by the owner with nobody checked in). */
    timesheet: Timesheet.nullable(),
    /** The owner's reason, once the timesheet is disputed. */
    disputeReason: z.string().nullable(),
    /** The professional who accepted; their phone and email only for the owner. */
    assignee: Contact.nullable(),
    /** The institution's name, address, contact person and phone, for the assignee once assigned. */
    institutionContact: InstitutionContact.nullable(),
    /** For the owner, while the job can be cancelled: what cancelling now would cost; for both parties, once a paid job was cancelled: what it cost. */
    cancellation: CancellationView.nullable().optional(),
    /** The institution's rating and cancellation rate, on a job's own page, browsing and recommendations. */
    institutionStanding: InstitutionStanding.optional(),
    /** When the assignee confirmed they will come (possible from 48 h before the start); null until then. */
    confirmedAt: z.string().nullable(),
    /** The job holds a completed payment: a reopened job is `open` and funded, goes straight to `paid` on the next accept, and is refunded if cancelled. */
    funded: z.boolean(),
    /** While the job is assigned or paid: from when its assignee may confirm. */
    confirmOpensAt: z.string().nullable(),
    /** While the job is assigned or paid and not confirmed: from when the owner may release the assignee (until the start). */
    releasableAt: z.string().nullable(),
    /** While set, only the owner's favourites see the job (they were offered it first); null once everyone may. */
    headStartEndsAt: z.string().nullable().optional(),
  })
  .meta({ id: 'Job' });
export type JobView = z.output<typeof JobView>;

/** A Kampala date, or a full ISO date-time with an offset. */
const Instant = z.union([IsoDate(), IsoDateTime()]);

export const BrowseQuery = PageQuery.extend({
  role: ProfessionalRoleInput.optional(),
  skill: SkillInput.optional(),
  district: District.optional(),
  from: Instant.optional().meta({ description: 'shifts starting at or after this (a date means its Kampala midnight)' }),
  to: Instant.optional().meta({ description: 'shifts starting before this (a date means the end of that Kampala day)' }),
  minRate: queryInteger(0).optional(),
});
export type BrowseQuery = z.output<typeof BrowseQuery>;

export const MyJobsQuery = PageQuery.extend({ status: z.enum(JOB_STATUSES).optional() });
export type MyJobsQuery = z.output<typeof MyJobsQuery>;

export const ScoreParts = z.object({ skill: z.number(), experience: z.number(), rating: z.number() });

export const MatchView = z
  .object({
    professionalId: z.uuid(),
    name: z.string(),
    roles: z.array(z.string()),
    skills: z.array(z.string()),
    experienceYears: z.number().int(),
    district: z.string().nullable(),
    rateAmount: z.number().int().nullable(),
    rateUnit: z.enum(RATE_UNITS).nullable(),
    ratingAverage: z.number().nullable(),
    ratingCount: z.number().int(),
    /** 0–100: completed shifts raise it, shifts given back late and no-shows lower it. */
    reliabilityScore: z.number().int(),
    score: z.number(),
    parts: ScoreParts,
  })
  .meta({ id: 'Match' });
export type MatchView = z.output<typeof MatchView>;

export const RecommendedJobView = z
  .object({
    job: JobView,
    score: z.number(),
    parts: ScoreParts,
    /** How many ratings the caller has: with none, `parts.rating` is the starting estimate every newcomer gets, not a rating. */
    ratingCount: z.number().int(),
  })
  .meta({ id: 'RecommendedJob' });
export type RecommendedJobView = z.output<typeof RecommendedJobView>;

/** The fee the web app previews a new job's total with (GET /pricing). */
export const PricingView = z.object({ platformFeePercent: z.number().int() }).meta({ id: 'Pricing' });
export type PricingView = z.output<typeof PricingView>;

export const MatchesQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

export const AttendanceCodeView = z
  .object({
    code: z.string().meta({ description: '6 digits, changing every 60 s' }),
    qrSvg: z.string().meta({ description: 'SVG of a QR code encoding qgig:attend:{jobId}:{code}' }),
    expiresAt: z.string().meta({ description: 'when this code stops being accepted' }),
  })
  .meta({ id: 'AttendanceCode' });

export const AttendanceBody = z.object({ code: z.string().regex(/^\d{6}$/, 'Type the 6 digits shown at the institution') });

export const DisputeBody = z.object({
  reason: plainText(1000).pipe(z.string().min(3, 'Say what is wrong with the timesheet (at least 3 characters)')),
});
