import { z } from 'zod';
import { Role, UserStatus, UserView } from './accounts.js';
import { IsoDate, IsoDateTime, KeysetPageQuery, lineText, PageQuery, plainText } from './common.js';
import { District } from './districts.js';
import { JOB_STATUSES } from './jobs.js';
import { ProfessionalRoleInput } from './profiles.js';

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

export const AdminUsersQuery = KeysetPageQuery.extend({
  /** Part of a name, an email address or a phone number (any accepted form). */
  search: lineText(100).trim().min(1).optional(),
  role: Role.optional(),
  status: UserStatus.optional(),
  verified: flag.optional(),
});
export type AdminUsersQuery = z.output<typeof AdminUsersQuery>;

export const AdminUser = UserView.extend({
  statusReason: z.string().nullable(),
  /** Professionals only; null for other roles. */
  verified: z.boolean().nullable(),
}).meta({ id: 'AdminUser' });
export type AdminUser = z.output<typeof AdminUser>;

export const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, 'Not a cursor from this list')
    .optional(),
  actorId: z.uuid().optional(),
  /** Part of the name, email or phone of who did it (or their institution's name). */
  actor: lineText(100).trim().min(1).optional(),
  action: lineText(50).optional(),
  targetType: z.enum(['user', 'document', 'job', 'transaction', 'payout']).optional(),
  targetId: lineText(100).optional(),
  /** Part of the name, email or phone of whom it was about (or their institution's name): the account, a document's owner, a job's institution or assignee. */
  subject: lineText(100).trim().min(1).optional(),
  from: IsoDateTime().optional(),
  to: IsoDateTime().optional(),
});
export type AuditQuery = z.output<typeof AuditQuery>;

const AuditPerson = z.object({ id: z.uuid(), name: z.string(), email: z.string().nullable() });

export const AuditEntry = z
  .object({
    id: z.string(),
    actor: AuditPerson.nullable(),
    /**
     * What the entry is about, by name: `label` such as "NIN of Kisakye Florence" or "Teacher at
     * St Mary's, 12 Dec 2026" (null when the record is gone); `person` the account it is, or belongs
     * to (a document's owner, a job's institution). `targetType` and `targetId` say the same by id.
     */
    subject: z.object({ kind: z.string(), id: z.string(), label: z.string().nullable(), person: AuditPerson.nullable() }),
    action: z.string(),
    targetType: z.string(),
    targetId: z.string(),
    reason: z.string().nullable(),
    ip: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
    at: z.string(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.output<typeof AuditEntry>;

/** Suspending or reactivating an account needs a reason (audited). */
export const ReasonBody = z.object({ reason: plainText(500).pipe(z.string().min(3, 'Give a reason of at least 3 characters')) });

export const ADMIN_JOB_STATES = [...JOB_STATUSES, 'deleted'] as const;
export type AdminJobState = (typeof ADMIN_JOB_STATES)[number];

export const AdminJobsQuery = PageQuery.extend({
  status: z
    .enum(ADMIN_JOB_STATES)
    .optional()
    .meta({ description: 'a state of the jobs not deleted, or `deleted` for the jobs their owners deleted' }),
  role: ProfessionalRoleInput.optional(),
  district: District.optional(),
  institutionId: z.uuid().optional(),
  professionalId: z.uuid().optional(),
  from: IsoDate().optional().meta({ description: 'shifts starting on or after this Kampala date' }),
  to: IsoDate().optional().meta({ description: 'shifts starting on or before this Kampala date' }),
});
export type AdminJobsQuery = z.output<typeof AdminJobsQuery>;

const DayPoint = z.object({
  date: z.string(),
  jobsPosted: z.number().int(),
  jobsCompleted: z.number().int(),
  paymentsCompletedUgx: z.number().int(),
  newUsers: z.number().int(),
});

export const AdminMetrics = z
  .object({
    /**
     * Every job ever posted: `total` is the sum of the other figures. A deleted job counts only as
     * `deleted`, whatever state it was in, as in the admin job list's `status` filter.
     */
    jobs: z.object({ total: z.number().int(), ...Object.fromEntries(ADMIN_JOB_STATES.map((state) => [state, z.number().int()])) } as Record<
      'total' | AdminJobState,
      z.ZodNumber
    >),
    payments: z.object({
      count: z.number().int(),
      completedAmount: z.number().int(),
      pendingCount: z.number().int(),
      failedCount: z.number().int(),
    }),
    users: z.object({
      institutions: z.number().int(),
      professionals: z.number().int(),
      verifiedProfessionals: z.number().int(),
      suspended: z.number().int(),
    }),
    /** The last 30 Kampala days, oldest first, every day present. */
    series: z.array(DayPoint),
    generatedAt: z.string(),
  })
  .meta({ id: 'AdminMetrics' });
export type AdminMetrics = z.output<typeof AdminMetrics>;
