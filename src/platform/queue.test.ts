import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { rowsOf } from './db.js';
import { createLogger } from './logger.js';
import { createQueue, defineJob, type Queue } from './queue.js';

const echoJob = defineJob({
  name: 'test.echo',
  payload: z.object({ word: z.string() }),
  retry: { retryLimit: 3, retryDelay: 1, retryBackoff: false, expireInSeconds: 30 },
});

let t: TestApp;
let queue: Queue;
beforeAll(async () => {
  t = await startTestApp();
  queue = createQueue(t.ctx.database, createLogger('silent'));
  await queue.start([echoJob]);
});
afterAll(async () => {
  await queue.stop();
  await t.close();
});

async function queued(word: string): Promise<number> {
  const result = await t.ctx.db.execute(sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = ${echoJob.name} AND data->>'word' = ${word}`);
  return rowsOf<{ n: number }>(result)[0]!.n;
}

describe('the queue', () => {
  it('enqueues as part of the caller’s transaction: a rollback sends nothing, a commit sends once', async () => {
    await expect(
      t.ctx.db.transaction(async (tx) => {
        await queue.send(tx, echoJob, { word: 'rolled-back' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await queued('rolled-back')).toBe(0);

    await t.ctx.db.transaction(async (tx) => {
      await queue.send(tx, echoJob, { word: 'committed' });
    });
    expect(await queued('committed')).toBe(1);
  });

  it('refuses a payload that does not match the job’s schema', async () => {
    await expect(queue.send(undefined, echoJob, { word: 42 } as never)).rejects.toThrow();
  });

  it('retries a failing handler until it succeeds', async () => {
    const attempts: number[] = [];
    const done = new Promise<void>((resolve) => {
      void queue.work(
        echoJob,
        async (payload, job) => {
          if (payload.word !== 'flaky') return;
          attempts.push(job.retryCount);
          if (job.retryCount < 2) throw new Error('not yet');
          resolve();
        },
        { pollingIntervalSeconds: 0.5 },
      );
    });
    await queue.send(undefined, echoJob, { word: 'flaky' });
    await done;
    expect(attempts).toEqual([0, 1, 2]);
  });
});
