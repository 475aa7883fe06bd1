import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { freePort, startTestApp, testEnv, type TestApp } from '../../../test/support/app.js';
import { makeReadyProfessional, postJob } from '../../../test/support/job-factories.js';
import { eventually, startSimulator, type RunningSimulator } from '../../../test/support/pesapal.js';
import { makeInstitution } from '../../../test/support/profile-factories.js';
import { fastForwardTasks } from '../../../test/support/queue.js';
import { exitOf, startServer } from '../../../test/support/server.js';
import { SIMULATOR_CREDENTIALS } from './pesapal/settings.js';
import { checkPaymentTask } from './tasks.js';

let simulator: RunningSimulator;
let setup: TestApp;
let restarted: TestApp | undefined;
const dataDir = mkdtempSync(path.join(tmpdir(), 'qgig-crash-'));
const shared: Record<string, string> = { JWT_SECRET: randomBytes(32).toString('hex') };

beforeAll(async () => {
  simulator = await startSimulator();
  Object.assign(shared, {
    PESAPAL_BASE_URL: simulator.baseUrl,
    PESAPAL_CONSUMER_KEY: SIMULATOR_CREDENTIALS.consumerKey,
    PESAPAL_CONSUMER_SECRET: SIMULATOR_CREDENTIALS.consumerSecret,
  });
  setup = await startTestApp({ env: shared });
});
afterAll(async () => {
  await restarted?.close();
  await setup.close();
  await simulator.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('completes a payment after the server process is killed between the IPN and the status check', async () => {
  const institution = await makeInstitution(setup.app);
  const professional = await makeReadyProfessional(setup.app, setup.ctx);
  const job = await postJob(setup.app, institution.accessToken);
  const port = String(await freePort());
  const server = await startServer(
    testEnv(dataDir, setup.databaseName, {
      ...shared,
      PORT: port,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'info',
      RUN_WORKERS: 'false',
    }),
  );
  try {
    const headers = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
    expect(
      (
        await fetch(`${server.baseUrl}/api/v1/jobs/${job.body.id}/accept`, {
          method: 'POST',
          headers: { authorization: `Bearer ${professional.accessToken}` },
        })
      ).status,
    ).toBe(200);
    const started = (await (
      await fetch(`${server.baseUrl}/api/v1/jobs/${job.body.id}/payments`, {
        method: 'POST',
        headers: headers(institution.accessToken),
        body: JSON.stringify({ method: 'mobile_money' }),
      })
    ).json()) as { transactionId: string; orderTrackingId: string };

    // The status query hangs; the process dies while waiting for it, after acknowledging nothing.
    await simulator.control('/faults', { endpoint: 'GetTransactionStatus', delayNext: 1, delayMs: 30_000 });
    const statusChecksBefore = (await simulator.calls('GetTransactionStatus')).length;
    await simulator.control(`/orders/${started.orderTrackingId}/complete`, {});
    // Killed only once its status query is held at PesaPal, so the query the fault delays is this process's.
    await eventually(async () => (await simulator.calls('GetTransactionStatus')).length > statusChecksBefore);
    const ipnsReceived = rowsOf<{ n: number }>(
      await setup.ctx.db.execute(
        sql`SELECT count(*)::int AS n FROM transaction_events WHERE transaction_id = ${started.transactionId} AND type = 'ipn_received'`,
      ),
    );
    expect(ipnsReceived[0]!.n).toBeGreaterThan(0);
    server.child.kill('SIGKILL');
    await exitOf(server.child);

    const status = async () =>
      rowsOf<{ status: string }>(await setup.ctx.db.execute(sql`SELECT status FROM jobs WHERE id = ${job.body.id}`))[0]!.status;
    expect(await status()).toBe('assigned');

    // A new process with workers finds the durable re-check the IPN queued, and settles the payment.
    restarted = await startTestApp({ env: shared, databaseName: setup.databaseName, workers: true });
    await eventually(async () => {
      await fastForwardTasks(restarted!.ctx, checkPaymentTask.name);
      return (await status()) === 'paid';
    }, 30_000);
    const completions = rowsOf<{ n: number }>(
      await setup.ctx.db.execute(
        sql`SELECT count(*)::int AS n FROM transaction_events WHERE transaction_id = ${started.transactionId} AND type = 'completed'`,
      ),
    );
    expect(completions[0]!.n).toBe(1);
  } finally {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
  }
});
