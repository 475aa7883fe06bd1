import { and, eq, or, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db.js';
import { documents } from '../documents/schema.js';
import { auditLog } from './schema.js';

export type AuditAction =
  | 'user.suspend'
  | 'user.activate'
  | 'document.approve'
  | 'document.reject'
  | 'document.read'
  | 'job.cancel'
  | 'job.messages.read'
  | 'user.erase'
  | 'job.resolve'
  | 'payout.retry'
  | 'reliability.appeal.accept'
  | 'reliability.appeal.reject';

export interface AuditEntry {
  actorId: string;
  action: AuditAction;
  targetType: 'user' | 'document' | 'job' | 'transaction' | 'payout';
  targetId: string;
  reason?: string | undefined;
  ip?: string | undefined;
  details?: Record<string, unknown>;
}

/** Written in the caller's transaction, so an action and its audit entry commit together. */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values(entry);
}

/**
 * Who looked at or decided on this user's data (admin reads of their documents, suspensions):
 * the access log a data subject is entitled to see.
 */
export async function accessLogFor(db: Executor, userId: string) {
  const rows = await db
    .select({
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      reason: auditLog.reason,
      at: auditLog.at,
    })
    .from(auditLog)
    .where(
      or(
        and(eq(auditLog.targetType, 'user'), eq(auditLog.targetId, userId)),
        and(
          eq(auditLog.targetType, 'document'),
          sql`${auditLog.targetId} IN (SELECT ${documents.id}::text FROM ${documents} WHERE ${documents.userId} = ${userId})`,
        ),
      ),
    )
    .orderBy(auditLog.at);
  return rows.map((row) => ({ ...row, at: row.at.toISOString() }));
}
