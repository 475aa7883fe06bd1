import type { Executor } from '../../platform/db.js';
import { auditLog } from './schema.js';

export type AuditAction =
  | 'user.suspend'
  | 'user.activate'
  | 'document.approve'
  | 'document.reject'
  | 'document.read'
  | 'job.cancel';

export interface AuditEntry {
  actorId: string;
  action: AuditAction;
  targetType: 'user' | 'document' | 'job' | 'transaction';
  targetId: string;
  reason?: string | undefined;
  ip?: string | undefined;
  details?: Record<string, unknown>;
}

/** Written in the caller's transaction, so an action and its audit entry commit together. */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values(entry);
}
