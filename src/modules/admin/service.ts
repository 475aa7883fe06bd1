import type { AdminMetrics, AdminUser, AdminUsersQuery, AuditEntry, AuditQuery } from '../../contracts/admin.js';
import type { AppContext } from '../../platform/context.js';
import { keysetPage, type Page } from '../../platform/paging.js';
import { toUserView } from '../accounts/service.js';
import { nameSubjects } from './audit-subjects.js';
import * as repo from './repository.js';

export async function listUsers(ctx: AppContext, query: AdminUsersQuery): Promise<Page<AdminUser>> {
  const rows = await repo.listUsers(ctx.db, query);
  return keysetPage(
    rows,
    query.limit,
    (row) => row.user.id,
    (row) => ({
      ...toUserView(row.user),
      statusReason: row.user.statusReason,
      verified: row.user.role === 'professional' ? (row.verified ?? false) : null,
    }),
  );
}

/**
 * The audit log, newest first; every admin action with who, what, when, from where and why, the
 * people and records named (and their ids kept).
 */
export async function listAudit(ctx: AppContext, query: AuditQuery): Promise<Page<AuditEntry>> {
  const rows = await repo.listAudit(ctx.db, query);
  const subjectOf = await nameSubjects(
    ctx.db,
    rows.slice(0, query.limit).map((row) => row.entry),
  );
  return keysetPage(
    rows,
    query.limit,
    (row) => String(row.entry.id),
    ({ entry, actorName, actorEmail }) => ({
      id: String(entry.id),
      actor: entry.actorId ? { id: entry.actorId, name: actorName ?? 'Former user', email: actorEmail } : null,
      subject: subjectOf(entry),
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      reason: entry.reason,
      ip: entry.ip,
      details: entry.details ?? null,
      at: entry.at.toISOString(),
    }),
  );
}

/** GET /admin/metrics: counts, sums and 30 days of daily figures for the dashboard's charts. */
export async function metrics(ctx: AppContext): Promise<AdminMetrics> {
  return { ...(await repo.platformMetrics(ctx.db, 30)), generatedAt: new Date().toISOString() };
}
