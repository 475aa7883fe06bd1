import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { registerUser } from '../../../test/support/factories.js';
import { deliverNotificationTask } from './tasks.js';
import { notify } from './service.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

async function counts(userId: string) {
  const result = await t.ctx.db.execute(sql`
    SELECT (SELECT count(*)::int FROM notifications WHERE user_id = ${userId}) AS notices,
           (SELECT count(*)::int FROM pgboss.job j JOIN notifications n ON j.data->>'notificationId' = n.id::text
             WHERE j.name = ${deliverNotificationTask.name} AND n.user_id = ${userId}) AS deliveries`);
  return rowsOf<{ notices: number; deliveries: number }>(result)[0]!;
}

describe('notify', () => {
  it('records the notice and queues its delivery with the caller’s transaction, or not at all', async () => {
    const user = await registerUser(t.app);
    await expect(
      t.ctx.db.transaction(async (tx) => {
        await notify(t.ctx, tx, { userId: user.id, type: 'job.accepted', data: { jobId: randomUUID() } });
        throw new Error('the job update failed');
      }),
    ).rejects.toThrow();
    expect(await counts(user.id)).toEqual({ notices: 0, deliveries: 0 });

    await t.ctx.db.transaction((tx) => notify(t.ctx, tx, { userId: user.id, type: 'job.accepted', data: { jobId: randomUUID() } }));
    expect(await counts(user.id)).toEqual({ notices: 1, deliveries: 1 });
  });
});
