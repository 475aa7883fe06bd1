import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deliverNotificationTask } from '../src/modules/notifications/tasks.js';
import { startTestApp, testEnv, type TestApp } from './support/app.js';
import { markEmailVerified, registerUser } from './support/factories.js';
import { accepted, deliveries, raise } from './support/notifications.js';
import { eventually } from './support/pesapal.js';
import { fastForwardTasks, queuedTasks } from './support/queue.js';
import { startWorker, type StartedProcess } from './support/server.js';
import { startSmtpServer, type TestSmtpServer } from './support/smtp.js';

// Production expiries are a minute or more; here an attempt expires 5 s after it started (the cap
// applies where the task is sent too), and each worker looks for expired attempts every second.
const shortExpiry = { QUEUE_EXPIRY_CAP_SECONDS: '5' };

let smtp: TestSmtpServer;
let t: TestApp;
const workers: StartedProcess[] = [];

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ env: { SMTP_URL: smtp.url, ...shortExpiry } });
});
afterAll(async () => {
  await Promise.all(workers.map((worker) => stop(worker.child, 'SIGTERM')));
  await t.close();
  await smtp.close();
});

async function startWorkerProcess(): Promise<StartedProcess> {
  const env = testEnv(t.dataDir, t.databaseName, {
    SMTP_URL: smtp.url,
    LOG_LEVEL: 'info',
    QUEUE_MAINTENANCE_INTERVAL_SECONDS: '1',
    ...shortExpiry,
  });
  const worker = await startWorker(env);
  workers.push(worker);
  return worker;
}

/** Sends `signal` unless the process is gone already, and resolves with the signal that ended it. */
function stop(child: ChildProcessWithoutNullStreams, signal: NodeJS.Signals): Promise<NodeJS.Signals | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.signalCode);
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, ended) => resolve(ended)));
  child.kill(signal);
  return exited;
}

it('retries on another worker the delivery a worker was killed in the middle of, and sends it once', async () => {
  const user = await registerUser(t.app);
  // Verified before any worker runs, so its verification link is never mailed: the notice is the only message.
  await markEmailVerified(t.ctx, user.id);
  const first = await startWorkerProcess();
  const held = smtp.holdNextMessage();
  const notificationId = await raise(t, accepted(user.id));
  const deliveryTask = async () => (await queuedTasks(t.ctx, deliverNotificationTask.name, { notificationId }))[0]!;

  // The only worker running has handed the whole message over and waits for the server's answer.
  await held;
  expect(await stop(first.child, 'SIGKILL')).toBe('SIGKILL');
  expect(await deliveryTask()).toMatchObject({ state: 'active', retryCount: 0 });
  expect(await deliveries(t, notificationId)).toEqual([]);
  expect(smtp.messages).toHaveLength(0);

  // Another worker's queue maintenance fails the abandoned attempt by its expiry into a retry...
  await startWorkerProcess();
  const expired = await eventually(async () => {
    const task = await deliveryTask();
    return task.state === 'retry' ? task : undefined;
  }, 20_000);
  expect(expired.output).toEqual({ value: { message: 'job failed by timeout in active state' } });

  // ...which, its retry delay passed, that worker delivers: one message, one delivery record.
  await fastForwardTasks(t.ctx, deliverNotificationTask.name);
  await eventually(async () => (await deliveryTask()).state === 'completed', 20_000);
  expect(await deliveryTask()).toMatchObject({ retryCount: 1 });
  expect((await deliveries(t, notificationId)).filter((delivery) => delivery.channel === 'email')).toEqual([
    { channel: 'email', status: 'sent', attempts: 1, last_error: null },
  ]);
  expect(smtp.messages).toHaveLength(1);
  expect(smtp.messages[0]!.to).toMatchObject({ value: [{ address: user.email }] });
}, 60_000);
