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

/** A user's live stream over real HTTP: each event as it arrives (`id` absent on events that are not notices). */
export async function openEventStream(base: string, token: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/v1/notifications/stream?access_token=${token}`, { headers, signal: controller.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const events: { id: string | undefined; event: string; data: any }[] = [];
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let boundary: number;
      while ((boundary = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        const fields = Object.fromEntries(
          block
            .split('\n')
            .filter((line) => /^\w+: /.test(line))
            .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
        );
        if (fields.event) events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data!) });
      }
    }
  })();
  return { response, events, close: () => controller.abort() };
}
