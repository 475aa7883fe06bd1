import path from 'node:path';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/platform/db.js';
import type { TestApp } from './app.js';

/** Where the local file store keeps a user's documents in a test app's DATA_DIR. */
export const userUploadsDir = (t: TestApp, userId: string) => path.join(t.dataDir, 'uploads', 'documents', userId);
export const storedFilePath = (t: TestApp, userId: string, documentId: string) => path.join(userUploadsDir(t, userId), documentId);

export async function documentRowsOf(t: TestApp, userId: string) {
  const result = await t.ctx.db.execute(
    sql`SELECT id, status, number_encrypted AS "numberEncrypted", storage_key AS "storageKey", sha256 FROM documents WHERE user_id = ${userId} ORDER BY created_at`,
  );
  return rowsOf<{ id: string; status: string; numberEncrypted: string | null; storageKey: string | null; sha256: string | null }>(result);
}

export async function documentAuditOf(t: TestApp, documentId: string) {
  const result = await t.ctx.db.execute(
    sql`SELECT actor_id AS "actorId", action, ip, reason, details FROM audit_log WHERE target_type = 'document' AND target_id = ${documentId} ORDER BY id`,
  );
  return rowsOf<{ actorId: string; action: string; ip: string; reason: string | null; details: Record<string, unknown> }>(result);
}

export async function notificationsOf(t: TestApp, userId: string) {
  const result = await t.ctx.db.execute(sql`SELECT type, data FROM notifications WHERE user_id = ${userId} ORDER BY created_at`);
  return rowsOf<{ type: string; data: Record<string, unknown> }>(result);
}

export async function professionalVerified(t: TestApp, userId: string): Promise<boolean> {
  const result = await t.ctx.db.execute(sql`SELECT verified FROM professionals WHERE user_id = ${userId}`);
  return rowsOf<{ verified: boolean }>(result)[0]!.verified;
}
