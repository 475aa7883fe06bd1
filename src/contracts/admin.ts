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
  cursor: z.string().regex(/^\d{1,18}$/, 'Not a cursor from this list').optional(),
  actorId: z.uuid().optional(),
  action: z.string().max(50).optional(),
  targetType: z.enum(['user', 'document', 'job', 'transaction']).optional(),
  targetId: z.string().max(100).optional(),
  from: IsoDateTime().optional(),
  to: IsoDateTime().optional(),
});
export type AuditQuery = z.output<typeof AuditQuery>;

export const AuditEntry = z
  .object({
    id: z.string(),
    actor: z.object({ id: z.uuid(), name: z.string() }).nullable(),
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

export const AdminJobsQuery = PageQuery.extend({
  status: z.enum(JOB_STATUSES).optional(),
  role: ProfessionalRoleInput.optional(),
  district: District.optional(),
  institutionId: z.uuid().optional(),
  professionalId: z.uuid().optional(),
  from: IsoDate().optional().meta({ description: 'shifts starting on or after this Kampala date' }),
  to: IsoDate().optional().meta({ description: 'shifts starting on or before this Kampala date' }),
});
export type AdminJobsQuery = z.output<typeof AdminJobsQuery>;

const DayPoint = z.object({ date: z.string(), jobsPosted: z.number().int(), jobsCompleted: z.number().int(), paymentsCompletedUgx: z.number().int(), newUsers: z.number().int() });

export const AdminMetrics = z
  .object({
    jobs: z.object({ total: z.number().int(), open: z.number().int(), assigned: z.number().int(), paid: z.number().int(), completed: z.number().int(), cancelled: z.number().int() }),
    payments: z.object({ count: z.number().int(), completedAmount: z.number().int(), pendingCount: z.number().int(), failedCount: z.number().int() }),
    users: z.object({ institutions: z.number().int(), professionals: z.number().int(), verifiedProfessionals: z.number().int(), suspended: z.number().int() }),
    /** The last 30 Kampala days, oldest first, every day present. */
    series: z.array(DayPoint),
    generatedAt: z.string(),
  })
  .meta({ id: 'AdminMetrics' });
export type AdminMetrics = z.output<typeof AdminMetrics>;
