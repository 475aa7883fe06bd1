import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { rowsOf } from './db.js';
import { createLogger } from './logger.js';
import { createQueue, defineTask, type Queue } from './queue.js';

const echoTask = defineTask({
  name: 'test.echo',
  payload: z.object({ word: z.string() }),
  retry: { retryLimit: 3, retryDelay: 1, retryBackoff: false, expireInSeconds: 30 },
});
const backlogTask = defineTask({ ...echoTask, name: 'test.backlog' });

let t: TestApp;
let queue: Queue;
beforeAll(async () => {
  t = await startTestApp();
  queue = createQueue(t.ctx.database, createLogger('silent'));
  await queue.start([echoTask, backlogTask]);
});
afterAll(async () => {
  await queue.stop();
  await t.close();
});

async function queued(word: string): Promise<number> {
  const result = await t.ctx.db.execute(
    sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = ${echoTask.name} AND data->>'word' = ${word}`,
  );
  return rowsOf<{ n: number }>(result)[0]!.n;
}

describe('the queue', () => {
  it('enqueues as part of the caller’s transaction: a rollback sends nothing, a commit sends once', async () => {
    await expect(
      t.ctx.db.transaction(async (tx) => {
        await queue.send(tx, echoTask, { word: 'rolled-back' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await queued('rolled-back')).toBe(0);

    await t.ctx.db.transaction(async (tx) => {
      await queue.send(tx, echoTask, { word: 'committed' });
    });
    expect(await queued('committed')).toBe(1);
  });

  it('refuses a payload that does not match the task’s schema', async () => {
    await expect(queue.send(undefined, echoTask, { word: 42 } as never)).rejects.toThrow();
  });

  it('retries a failing handler until it succeeds', async () => {
    const attempts: number[] = [];
    const done = new Promise<void>((resolve) => {
      void queue.work(
        echoTask,
        async (payload, task) => {
          if (payload.word !== 'flaky') return;
          attempts.push(task.retryCount);
          if (task.retryCount < 2) throw new Error('not yet');
          resolve();
        },
        { pollingIntervalSeconds: 0.5 },
      );
    });
    await queue.send(undefined, echoTask, { word: 'flaky' });
    await done;
    expect(attempts).toEqual([0, 1, 2]);
  });

  it('drains a backlog at the handler’s pace: only an empty poll waits out the polling interval', async () => {
    const words = Array.from({ length: 6 }, (_, index) => `backlog-${index}`);
    for (const word of words) await queue.send(undefined, backlogTask, { word });
    const handled: string[] = [];
    const started = performance.now();
    const done = new Promise<void>((resolve) => {
      void queue.work(
        backlogTask,
        async (payload) => {
          handled.push(payload.word);
          if (handled.length === words.length) resolve();
        },
        { pollingIntervalSeconds: 10 },
      );
    });
    await done;
    // One task per poll: waiting out the interval after each would take 50 s.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(handled.sort()).toEqual(words);
  });
});
