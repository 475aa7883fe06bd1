import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { notify, type NotificationEvent } from '../../src/modules/notifications/service.js';
import { rowsOf } from '../../src/platform/db.js';
import type { TestApp } from './app.js';

export const accepted = (userId: string, extra: Partial<{ professionalName: string; jobId: string }> = {}): NotificationEvent => ({
  userId,
  type: 'job.accepted',
  data: {
    jobId: extra.jobId ?? randomUUID(),
    jobRole: 'teacher',
    startsAt: '2026-12-01T05:00:00.000Z',
    professionalName: extra.professionalName ?? 'Nakato Sarah',
  },
});

/** Records the notice in its own transaction, as domain code does, and returns its id. */
export async function raise(t: TestApp, event: NotificationEvent): Promise<string> {
  return t.ctx.db.transaction((tx) => notify(t.ctx, tx, event));
}

export async function deliveries(t: TestApp, notificationId: string) {
  const result = await t.ctx.db.execute(
    sql`SELECT channel, status, attempts, last_error FROM notification_deliveries WHERE notification_id = ${notificationId}`,
  );
  return rowsOf<{ channel: string; status: string; attempts: number; last_error: string | null }>(result);
}
