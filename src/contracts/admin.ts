import { z } from 'zod';
import { Role, UserStatus, UserView } from './accounts.js';
import { KeysetPageQuery, plainText } from './common.js';

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

export const AdminUsersQuery = KeysetPageQuery.extend({
  /** Part of a name, an email address or a phone number (any accepted form). */
  search: z.string().trim().min(1).max(100).optional(),
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
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
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
