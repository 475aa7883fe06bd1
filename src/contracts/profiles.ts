import { z } from 'zod';
import { PersonName, PhoneInput } from './accounts.js';
import { IsoDate, KeysetPageQuery, plainText } from './common.js';
import { District } from './districts.js';
import { DocumentCounts } from './documents.js';

/** The controlled vocabulary of roles a professional can fill (lower-case, as stored). */
export const PROFESSIONAL_ROLES = [
  'teacher',
  'teaching assistant',
  'special needs teacher',
  'early childhood teacher',
  'nurse',
  'midwife',
  'nursing assistant',
  'clinical officer',
  'medical officer',
  'lab technician',
  'pharmacist',
  'pharmacy technician',
  'radiographer',
  'physiotherapist',
  'counsellor',
  'caregiver',
  'nanny',
] as const;
export type ProfessionalRole = (typeof PROFESSIONAL_ROLES)[number];

const ROLE_ALIASES: Record<string, ProfessionalRole> = {
  'laboratory technician': 'lab technician',
  'lab tech': 'lab technician',
  doctor: 'medical officer',
  counselor: 'counsellor',
  'care giver': 'caregiver',
};

export const INSTITUTION_TYPES = ['school', 'clinic', 'hospital', 'household'] as const;
export const RATE_UNITS = ['hour', 'day'] as const;
export const MAX_AVAILABILITY_SLOTS = 50;
export const MAX_SKILLS = 30;
export const MAX_ROLES = 10;

/** Trimmed, inner whitespace collapsed, lower-case: how roles and skills are compared and stored. */
export function normaliseTerm(value: string): string {
  return value.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

const uniqueTerms = (values: string[]) => [...new Set(values)];

export const ProfessionalRoleInput = z
  .string()
  .max(60)
  .transform((value, ctx) => {
    const term = normaliseTerm(value);
    const role = (PROFESSIONAL_ROLES as readonly string[]).includes(term) ? (term as ProfessionalRole) : ROLE_ALIASES[term];
    if (role) return role;
    ctx.addIssue({ code: 'custom', message: `Choose a role from: ${PROFESSIONAL_ROLES.join(', ')}` });
    return z.NEVER;
  })
  .meta({ description: `One of: ${PROFESSIONAL_ROLES.join(', ')} (any letter case)` });

export const SkillInput = plainText(60)
  .transform(normaliseTerm)
  .pipe(z.string().min(2, 'A skill needs at least 2 characters').max(40, 'Keep each skill under 40 characters'));

/** 24-hour "HH:MM" in Kampala time; "24:00" may end a slot that runs to midnight. */
export const ClockTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'Use 24-hour time, HH:MM');

export function clockToMinutes(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

export function minutesToClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

const MINUTES_PER_DAY = 1440;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/**
 * One weekly slot: `weekday` 0 = Sunday … 6 = Saturday (as JavaScript and PostgreSQL's DOW count).
 * An end before the start is the next morning (a night shift: Monday 22:00–06:00 runs into Tuesday).
 */
export const AvailabilitySlot = z
  .object({
    weekday: z
      .number('Choose a day of the week')
      .int('Choose a day of the week')
      .min(0, 'Choose a day of the week')
      .max(6, 'Choose a day of the week'),
    start: ClockTime.refine((clock) => clockToMinutes(clock) < MINUTES_PER_DAY, 'Start at 23:59 at the latest'),
    end: ClockTime,
  })
  .refine((slot) => clockToMinutes(slot.start) !== clockToMinutes(slot.end), {
    path: ['end'],
    message: 'The end must differ from the start (an end before the start means the next morning)',
  });
export type AvailabilitySlot = z.output<typeof AvailabilitySlot>;

/** A slot as minutes since Sunday 00:00: [start, end), `end` past the week's end when a Saturday slot runs into Sunday. */
export function slotWeekSpan(slot: AvailabilitySlot): [start: number, end: number] {
  const start = slot.weekday * MINUTES_PER_DAY + clockToMinutes(slot.start);
  const endMinute = clockToMinutes(slot.end);
  return [start, slot.weekday * MINUTES_PER_DAY + endMinute + (endMinute <= clockToMinutes(slot.start) ? MINUTES_PER_DAY : 0)];
}

/** Whether two weekly slots share a minute, a Saturday night's slot meeting Sunday's too. */
function slotsOverlap(a: AvailabilitySlot, b: AvailabilitySlot): boolean {
  const [aStart, aEnd] = slotWeekSpan(a);
  const [bStart, bEnd] = slotWeekSpan(b);
  return [-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK].some((shift) => aStart < bEnd + shift && bStart + shift < aEnd);
}

export const Availability = z
  .array(AvailabilitySlot)
  .max(MAX_AVAILABILITY_SLOTS, `At most ${MAX_AVAILABILITY_SLOTS} weekly slots`)
  .superRefine((slots, ctx) => {
    slots.forEach((slot, index) => {
      const clash = slots.findIndex((other, otherIndex) => otherIndex < index && slotsOverlap(other, slot));
      if (clash >= 0) ctx.addIssue({ code: 'custom', path: [index], message: `These hours overlap row ${clash + 1}` });
    });
  });

export const BlackoutDates = z
  .array(IsoDate('Choose a calendar date (year-month-day)'))
  .max(366)
  .transform((dates) => uniqueTerms(dates).sort());

export const ProfessionalProfileBody = z.object({
  bio: plainText(2000).default(''),
  roles: z.array(ProfessionalRoleInput).min(1, 'Choose at least one role').max(MAX_ROLES).transform(uniqueTerms),
  skills: z.array(SkillInput).max(MAX_SKILLS).default([]).transform(uniqueTerms),
  experienceYears: z
    .number('Enter your years of experience')
    .int('Enter whole years of experience')
    .min(0, 'Enter years of experience from 0 to 60')
    .max(60, 'Enter years of experience from 0 to 60'),
  rateAmount: z
    .number('Enter your rate in shillings')
    .int('UGX has no minor unit: use whole shillings')
    .positive('Your rate must be more than zero')
    .max(100_000_000, 'Your rate can be at most UGX 100,000,000')
    .meta({ description: 'UGX (no minor unit)' }),
  rateUnit: z.enum(RATE_UNITS),
  district: District,
  availability: Availability.default([]),
  blackoutDates: BlackoutDates.default([]),
});
export type ProfessionalProfileBody = z.output<typeof ProfessionalProfileBody>;

export const InstitutionProfileBody = z.object({
  name: plainText(200).pipe(z.string().min(2, 'Enter the institution’s name')),
  type: z.enum(INSTITUTION_TYPES),
  address: plainText(500).pipe(z.string().min(3, 'Enter an address')),
  district: District,
  contactName: PersonName,
  contactPhone: PhoneInput,
});
export type InstitutionProfileBody = z.output<typeof InstitutionProfileBody>;

const SlotView = z.object({ weekday: z.number().int(), start: z.string(), end: z.string() });

/** What the owner's view and the public view of a professional have in common. */
const ProfessionalBasics = z.object({
  bio: z.string(),
  roles: z.array(z.string()),
  skills: z.array(z.string()),
  experienceYears: z.number().int(),
  rateAmount: z.number().int().nullable(),
  rateUnit: z.enum(RATE_UNITS).nullable(),
  currency: z.literal('UGX'),
  district: z.string().nullable(),
  verified: z.boolean(),
  availability: z.array(SlotView),
});
export type ProfessionalBasics = z.output<typeof ProfessionalBasics>;

/** The owner's view of their profile. */
export const ProfessionalProfile = ProfessionalBasics.extend({
  userId: z.uuid(),
  verifiedAt: z.string().nullable(),
  blackoutDates: z.array(z.string()),
  updatedAt: z.string(),
}).meta({ id: 'ProfessionalProfile' });
export type ProfessionalProfile = z.output<typeof ProfessionalProfile>;

export const InstitutionProfile = z
  .object({
    userId: z.uuid(),
    name: z.string(),
    type: z.enum(INSTITUTION_TYPES),
    address: z.string(),
    district: z.string(),
    contactName: z.string(),
    contactPhone: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'InstitutionProfile' });
export type InstitutionProfile = z.output<typeof InstitutionProfile>;

/** What any signed-in user may see of a professional: never phone, email, NIN or documents. */
export const PublicProfessional = ProfessionalBasics.extend({
  id: z.uuid(),
  name: z.string(),
  ratingAverage: z.number().nullable(),
  ratingCount: z.number().int(),
}).meta({ id: 'PublicProfessional' });
export type PublicProfessional = z.output<typeof PublicProfessional>;

/** How an institution treats the professionals who take its shifts (see GET /institutions/{id}). */
export const InstitutionStanding = z
  .object({
    ratingAverage: z.number().nullable(),
    ratingCount: z.number().int(),
    /** Accepted jobs it cancelled ÷ jobs accepted, over the last 90 days (0 to 1); null when nobody accepted one. */
    cancellationRate: z.number().nullable(),
  })
  .meta({ id: 'InstitutionStanding' });
export type InstitutionStanding = z.output<typeof InstitutionStanding>;

/**
 * GET /institutions/{id}: what any signed-in user may see of an institution. Its street address
 * and contact person are only for the professional holding one of its shifts.
 */
export const PublicInstitution = InstitutionStanding.extend({
  id: z.uuid(),
  name: z.string(),
  type: z.enum(INSTITUTION_TYPES),
  district: z.string(),
  /** Its jobs someone accepted in the last `cancellationRateDays` days (by the day of the accept)… */
  acceptedJobs: z.number().int(),
  /** …and how many of those it cancelled (itself, or by leaving it unpaid until its start): `cancellationRate` is their ratio. */
  cancelledJobs: z.number().int(),
  cancellationRateDays: z.number().int(),
  memberSince: z.string(),
}).meta({ id: 'PublicInstitution' });
export type PublicInstitution = z.output<typeof PublicInstitution>;

/** Where a professional stands: verified, and otherwise what still blocks it. */
export const VerificationState = z
  .object({
    verified: z.boolean(),
    documents: DocumentCounts,
    /**
     * `nin`: no approved, unexpired NIN; `credential`: no approved, unexpired certificate or licence;
     * `license`: a nurse or midwife without an approved, unexpired licence.
     */
    missing: z.array(z.enum(['nin', 'credential', 'license'])),
  })
  .meta({ id: 'VerificationState' });
export type VerificationState = z.output<typeof VerificationState>;

export const AdminProfessionalsQuery = KeysetPageQuery.extend({
  verified: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
});

export const AdminProfessional = z
  .object({
    id: z.uuid(),
    name: z.string(),
    status: z.enum(['active', 'suspended', 'erased']),
    registeredAt: z.string(),
    hasProfile: z.boolean(),
    district: z.string().nullable(),
    roles: z.array(z.string()),
    verified: z.boolean(),
    verifiedAt: z.string().nullable(),
    documents: DocumentCounts,
  })
  .meta({ id: 'AdminProfessional' });
export type AdminProfessional = z.output<typeof AdminProfessional>;
