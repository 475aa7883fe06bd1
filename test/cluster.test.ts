import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SIMULATOR_CREDENTIALS } from '../src/modules/payments/pesapal/settings.js';
import { freePorts } from '../scripts/support/ports.js';
import { testEnv } from './support/env.js';
import { fetchApi } from './support/http.js';
import { validJob } from './support/job-factories.js';
import { eventually, startSimulator, type RunningSimulator } from './support/pesapal.js';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from './support/postgres.js';
import { validInstitutionProfile, validProfessionalProfile } from './support/profile-factories.js';
import { STRONG_PASSWORD, uniqueEmail, uniquePhone } from './support/unique.js';

const database = uniqueDatabaseName('qgig_cluster');
const dataDir = mkdtempSync(path.join(tmpdir(), 'qgig-cluster-'));
let simulator: RunningSimulator;
let cluster: ChildProcessWithoutNullStreams;
const lines: string[] = [];
let apis: string[] = [];

beforeAll(async () => {
  await createDatabase(database, inject('templateDatabase'));
  simulator = await startSimulator();
  // scripts/cluster.ts listens on PORT and PORT+1.
  const port = await freePorts(2);
  const env = testEnv(dataDir, database, {
    PORT: String(port),
    LOG_LEVEL: 'info',
    PESAPAL_BASE_URL: simulator.baseUrl,
    PESAPAL_CONSUMER_KEY: SIMULATOR_CREDENTIALS.consumerKey,
    PESAPAL_CONSUMER_SECRET: SIMULATOR_CREDENTIALS.consumerSecret,
    // The other server tests run with prepared statements (the default): this one runs without, as behind PgBouncer.
    DATABASE_PREPARED_STATEMENTS: 'false',
  });
  cluster = spawn(process.execPath, ['--import', 'tsx', 'scripts/cluster.ts', '--source'], {
    env: { ...process.env, ...env },
    cwd: process.cwd(),
  });
  createInterface({ input: cluster.stdout }).on('line', (line) => lines.push(line));
  await eventually(() => {
    if (lines.some((line) => / exited \(/.test(line))) throw new Error(`The cluster stopped while starting:\n${lines.join('\n')}`);
    return (
      lines.filter((line) => /Qgig is serving/.test(line)).length === 2 &&
      lines.some((line) => /^\[worker\].*Qgig workers running/.test(line))
    );
  }, 60_000);
  apis = [`http://127.0.0.1:${port}`, `http://127.0.0.1:${port + 1}`];
}, 90_000);
afterAll(async () => {
  if (cluster && cluster.exitCode === null) {
    const exited = new Promise((resolve) => cluster.once('exit', resolve));
    cluster.kill('SIGTERM');
    await exited;
  }
  await simulator?.close();
  await dropDatabase(database);
  rmSync(dataDir, { recursive: true, force: true });
});

async function register(base: string, role: 'institution' | 'professional') {
  const registered = await fetchApi(base, 'POST', '/auth/register', {
    body: { name: 'Akello Grace', email: uniqueEmail(role), phone: uniquePhone(), password: STRONG_PASSWORD, role, consent: true },
  });
  expect(registered.status).toBe(201);
  return { id: registered.body.user.id as string, token: registered.body.accessToken as string };
}

/** A stream of server-sent events from one process, collected as they come. */
async function openStream(base: string, token: string) {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/v1/notifications/stream?access_token=${token}`, { signal: controller.signal });
  const events: { type: string; data: { jobId?: string } }[] = [];
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body!) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const data = buffer
          .slice(0, end)
          .split('\n')
          .find((line) => line.startsWith('data: '));
        buffer = buffer.slice(end + 2);
        if (data) events.push(JSON.parse(data.slice(6)));
      }
    }
  })().catch(() => undefined);
  return { events, close: () => controller.abort() };
}

describe('two API processes and a worker on one database (npm run start:cluster)', () => {
  it('lets one of many accepts across both processes win, and streams from one process what the other raised', async () => {
    const [first, second] = apis as [string, string];
    const institution = await register(first, 'institution');
    expect((await fetchApi(first, 'PUT', '/me/institution', { token: institution.token, body: validInstitutionProfile() })).status).toBe(
      200,
    );
    const professionals = await Promise.all(Array.from({ length: 16 }, (_, index) => register(apis[index % 2]!, 'professional')));
    for (const professional of professionals)
      expect(
        (await fetchApi(second, 'PUT', '/me/professional', { token: professional.token, body: validProfessionalProfile() })).status,
      ).toBe(200);
    const client = new pg.Client({ connectionString: databaseUrl(database) });
    await client.connect();
    await client.query('UPDATE professionals SET verified = true WHERE user_id = ANY($1::uuid[])', [
      professionals.map((professional) => professional.id),
    ]);
    await client.end();

    const job = await fetchApi(first, 'POST', '/jobs', { token: institution.token, body: validJob() });
    expect(job.status).toBe(201);
    const stream = await openStream(second, institution.token);
    try {
      const answers = await Promise.all(
        professionals.map((professional, index) =>
          fetchApi(apis[index % 2]!, 'POST', `/jobs/${job.body.id}/accept`, { token: professional.token }),
        ),
      );
      expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
      expect(answers.filter((answer) => answer.status === 409)).toHaveLength(15);
      await eventually(() => stream.events.some((event) => event.type === 'job.accepted' && event.data.jobId === job.body.id), 10_000);

      // The payment starts on the second process; PesaPal's IPN reaches the first (PUBLIC_URL); the stream is on the second.
      const payment = await fetchApi(second, 'POST', `/jobs/${job.body.id}/payments`, {
        token: institution.token,
        body: { method: 'mobile_money' },
      });
      expect(payment.status).toBe(201);
      await simulator.control(`/orders/${payment.body.orderTrackingId}/complete`, {});
      await eventually(() => stream.events.some((event) => event.type === 'payment.received' && event.data.jobId === job.body.id), 15_000);
      expect((await fetchApi(second, 'GET', `/jobs/${job.body.id}`, { token: institution.token })).body.status).toBe('paid');
      expect(lines.some((line) => line.startsWith('[api-1]') && line.includes('/payments/pesapal/ipn'))).toBe(true);
    } finally {
      stream.close();
    }
  }, 120_000);
});
