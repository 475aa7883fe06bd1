import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_TYPE_BASE } from '../src/platform/errors.js';
import { testEnv } from './support/env.js';
import { fetchApi } from './support/http.js';
import { nextKampalaDate, validJob } from './support/job-factories.js';
import { eventually } from './support/pesapal.js';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres.js';
import { validInstitutionProfile, validProfessionalProfile } from './support/profile-factories.js';
import { exitOf, startServer, type Started } from './support/server.js';
import { startSmtpServer, type TestSmtpServer } from './support/smtp.js';
import { STRONG_PASSWORD, uniqueEmail, uniquePhone } from './support/unique.js';

/** Longer than any answer may take: a request still open after this counts as hung. */
const CLIENT_PATIENCE_MS = 15_000;

const dataDir = mkdtempSync(path.join(tmpdir(), 'qgig-restart-'));
let cluster: PrivatePostgres;
let smtp: TestSmtpServer;
let server: Started;
let stderr = '';

beforeAll(async () => {
  cluster = await startPrivatePostgres();
  smtp = await startSmtpServer();
  // The app's normal start migrates the new cluster; the workers run in the same process.
  server = await startServer(
    testEnv(dataDir, 'postgres', {
      DATABASE_URL: cluster.url(),
      DATABASE_CONNECT_TIMEOUT_MS: '2000',
      PORT: '0',
      LOG_LEVEL: 'info',
      RUN_WORKERS: 'true',
      SMTP_URL: smtp.url,
    }),
  );
  server.child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
}, 90_000);

afterAll(async () => {
  if (server && server.child.exitCode === null) {
    // Its graceful shutdown is server-process.test's subject; here it only has to go.
    server.child.kill('SIGKILL');
    await exitOf(server.child);
  }
  await smtp?.close();
  await cluster?.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

async function query<T>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: cluster.url() });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** How many email deliveries pg-boss holds in each state. */
async function deliveryStates(): Promise<Record<string, number>> {
  const rows = await query<{ state: string; count: number }>(
    `SELECT state, count(*)::int AS count FROM pgboss.job WHERE name = 'notifications.deliver' GROUP BY state`,
  );
  return Object.fromEntries(rows.map((row) => [row.state, row.count]));
}

async function register(role: 'institution' | 'professional') {
  const registered = await fetchApi(server.baseUrl, 'POST', '/auth/register', {
    body: { name: 'Akello Grace', email: uniqueEmail(role), phone: uniquePhone(), password: STRONG_PASSWORD, role, consent: true },
  });
  expect(registered.status).toBe(201);
  // The institution's notices go by email only to a verified address.
  await query('UPDATE users SET email_verified_at = now() WHERE id = $1', [registered.body.user.id]);
  return { id: registered.body.user.id as string, token: registered.body.accessToken as string };
}

type Account = Awaited<ReturnType<typeof register>>;

/** The institution posts a Monday shift `week` weeks out and the professional accepts it: one email to the institution is queued. */
async function postAndAccept(institution: Account, professional: Account, week: number): Promise<string> {
  const job = await fetchApi(server.baseUrl, 'POST', '/jobs', {
    token: institution.token,
    body: validJob({ date: nextKampalaDate(1, 2 + 7 * week) }),
  });
  expect(job.status).toBe(201);
  expect((await fetchApi(server.baseUrl, 'POST', `/jobs/${job.body.id}/accept`, { token: professional.token })).status).toBe(200);
  return job.body.id as string;
}

/** A live notification stream, its text collected as it comes. */
async function openStream(token: string) {
  const controller = new AbortController();
  const response = await fetch(`${server.baseUrl}/api/v1/notifications/stream?access_token=${token}`, { signal: controller.signal });
  expect(response.status).toBe(200);
  let text = '';
  const decoder = new TextDecoder();
  void (async () => {
    for await (const chunk of response.body!) text += decoder.decode(chunk as Uint8Array, { stream: true });
  })().catch(() => undefined);
  return { text: () => text, close: () => controller.abort() };
}

interface LoadRoute {
  method: string;
  url: string;
  token: string;
  body?: unknown;
}

interface Answer {
  route: string;
  startedAt: number;
  endedAt: number;
  status?: number;
  headers?: Record<string, string | string[] | undefined>;
  body?: any;
  /** Why no answer came (connection refused or reset, or CLIENT_PATIENCE_MS passed). */
  failure?: string;
}

/** `clients` loops per route, each calling it again as soon as it answers, every answer kept. */
function startLoad(routes: LoadRoute[], clients: number) {
  const answers: Answer[] = [];
  let running = true;
  const loops = routes.flatMap((route) =>
    Array.from({ length: clients }, async () => {
      while (running) {
        const startedAt = Date.now();
        const name = `${route.method} ${route.url}`;
        try {
          const response = await fetchApi(server.baseUrl, route.method, route.url, {
            token: route.token,
            body: route.body,
            signal: AbortSignal.timeout(CLIENT_PATIENCE_MS),
          });
          answers.push({
            route: name,
            startedAt,
            endedAt: Date.now(),
            status: response.status,
            headers: response.headers,
            body: response.body,
          });
        } catch (error) {
          answers.push({ route: name, startedAt, endedAt: Date.now(), failure: String(error) });
        }
        await delay(10);
      }
    }),
  );
  return {
    answers,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** The number of log lines at warn or above that name each request id. */
function warningsPerRequest(lines: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of lines.filter((candidate) => candidate.startsWith('{'))) {
    const entry = JSON.parse(line) as { level: number; reqId?: string };
    if (entry.level >= 40 && entry.reqId) counts.set(entry.reqId, (counts.get(entry.reqId) ?? 0) + 1);
  }
  return counts;
}

function expectUnavailableProblem(answer: Answer): void {
  expect(answer.status, JSON.stringify(answer)).toBe(503);
  expect(answer.headers?.['content-type']).toMatch(/^application\/problem\+json/);
  expect(Number(answer.headers?.['retry-after'])).toBeGreaterThan(0);
  // Nothing of the driver's error (address, SQLSTATE, query) reaches the client.
  expect(answer.body).toEqual({
    type: `${PROBLEM_TYPE_BASE}unavailable`,
    title: 'Service unavailable',
    status: 503,
    detail: 'The service is briefly unavailable; try again in a few seconds',
  });
}

/**
 * Every request got an answer (none hung or was cut off): 200, or 503 problem+json logged once as a
 * warning; only 503s while the database was down, only 200s once it was back.
 */
function expectLoadAnswers(answers: Answer[], timeline: { downSince: number; restartAt: number; recoveredAt: number }): void {
  expect(answers.filter((answer) => answer.failure)).toEqual([]);
  expect(answers.filter((answer) => answer.status !== 200 && answer.status !== 503)).toEqual([]);
  const unavailable = answers.filter((answer) => answer.status === 503);
  for (const answer of unavailable) expectUnavailableProblem(answer);
  const warnings = warningsPerRequest(server.lines);
  for (const answer of unavailable) expect(warnings.get(answer.headers!['x-request-id'] as string)).toBe(1);
  const outage = answers.filter((answer) => answer.startedAt >= timeline.downSince && answer.endedAt <= timeline.restartAt);
  expect(outage.length).toBeGreaterThanOrEqual(40);
  expect(outage.every((answer) => answer.status === 503)).toBe(true);
  expect(answers.filter((answer) => answer.startedAt > timeline.recoveredAt).every((answer) => answer.status === 200)).toBe(true);
}

describe('restarting PostgreSQL under load', () => {
  it('answers 503 problem+json while it is down, recovers by itself, and finishes the work queued before', async () => {
    const institution = await register('institution');
    expect(
      (await fetchApi(server.baseUrl, 'PUT', '/me/institution', { token: institution.token, body: validInstitutionProfile() })).status,
    ).toBe(200);
    const professional = await register('professional');
    expect(
      (await fetchApi(server.baseUrl, 'PUT', '/me/professional', { token: professional.token, body: validProfessionalProfile() })).status,
    ).toBe(200);
    await query('UPDATE professionals SET verified = true, verified_at = now() WHERE user_id = $1', [professional.id]);
    // Saves its profile over and over: a transaction per request.
    const writer = await register('professional');

    // Three accepted shifts queue three emails to the institution. The SMTP server holds the first,
    // so when PostgreSQL stops one delivery is running and two wait in the queue.
    // Sign-up's verification tasks are done (their links unsent: the addresses were verified), so only notices get held.
    await eventually(
      async () => (await query(`SELECT 1 FROM pgboss.job WHERE name = 'accounts.send-link' AND state <> 'completed'`)).length === 0,
    );
    smtp.hold();
    const jobIds = [];
    for (let week = 0; week < 3; week++) jobIds.push(await postAndAccept(institution, professional, week));
    await eventually(() => smtp.held.length === 1);
    expect(await deliveryStates()).toEqual({ active: 1, created: 2 });
    const stream = await openStream(institution.token);

    const load = startLoad(
      [
        { method: 'GET', url: '/jobs', token: professional.token },
        { method: 'PUT', url: '/me/professional', token: writer.token, body: validProfessionalProfile() },
      ],
      3,
    );
    try {
      await eventually(() => load.answers.filter((answer) => answer.status === 200).length >= 20, 30_000);

      await cluster.stop();
      const downSince = Date.now();
      const duringOutage = () => load.answers.filter((answer) => answer.startedAt >= downSince);
      await eventually(
        () =>
          ['GET /jobs', 'PUT /me/professional'].every((route) => duringOutage().filter((answer) => answer.route === route).length >= 20),
        30_000,
      );
      const readiness = await fetch(`${server.baseUrl}/readyz`);
      expect(readiness.status).toBe(503);
      expect(await readiness.json()).toMatchObject({ status: 'not-ready' });

      // The held email goes out now and its delivery ends with the database gone: the task's failure
      // cannot be recorded until PostgreSQL is back (pg-boss would otherwise crash the process here).
      const released = server.lines.length;
      smtp.release();
      await server.waitForLine(/could not record a task outcome; retrying/, released);

      const restartAt = Date.now();
      await cluster.start();
      await eventually(async () => {
        const browse = await fetchApi(server.baseUrl, 'GET', '/jobs', { token: professional.token });
        return browse.status === 200 && (await fetch(`${server.baseUrl}/readyz`)).status === 200;
      }, 30_000);
      const recoveredAt = Date.now();
      await eventually(() => load.answers.filter((answer) => answer.startedAt > recoveredAt && answer.status === 200).length >= 20, 30_000);
      await load.stop();

      expectLoadAnswers(load.answers, { downSince, restartAt, recoveredAt });

      // The LISTEN connection comes back by itself: the stream opened before the outage gets a notice raised after it.
      await eventually(
        async () =>
          (await query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'qgig-listener' AND query LIKE 'LISTEN%'`)).length === 1,
        30_000,
      );
      const lateJobId = await postAndAccept(institution, professional, 3);
      await eventually(() => stream.text().includes(lateJobId), 10_000);

      // Nothing queued is lost: the two waiting deliveries run once PostgreSQL is back, the late one
      // goes out too, and the one that failed during the outage is retried (its backoff is 15–30 s).
      // That one's first email left before its delivery could be recorded, so it goes out twice.
      const allJobIds = [...jobIds, lateJobId];
      await eventually(async () => (await deliveryStates()).completed === allJobIds.length, 90_000);
      expect(await deliveryStates()).toEqual({ completed: allJobIds.length });
      const emailsPerJob = allJobIds.map((id) => smtp.messages.filter((mail) => mail.text?.includes(`/jobs/${id}`)).length);
      expect(emailsPerJob).toEqual([2, 1, 1, 1]);
      const recorded = await query<{ status: string }>(`SELECT status FROM notification_deliveries WHERE channel = 'email'`);
      expect(recorded.map((row) => row.status)).toEqual(allJobIds.map(() => 'sent'));
    } finally {
      await load.stop();
      stream.close();
    }

    // The process lived through it all: no crash, no unhandled rejection, no exit.
    expect({ exitCode: server.child.exitCode, signal: server.child.signalCode, stderr }).toEqual({
      exitCode: null,
      signal: null,
      stderr: '',
    });
  }, 240_000);
});
