import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { call } from '../../../test/support/http.js';
import { endShift, makeReadyProfessional, markPaid, nextKampalaDate, postJob } from '../../../test/support/job-factories.js';
import { eventually } from '../../../test/support/pesapal.js';
import { makeInstitution, type Institution, type Professional } from '../../../test/support/profile-factories.js';
import { percentile } from '../../../scripts/bench/race.js';

// The whole chain with the app's own workers: the owner completes, the payout task sends it to the
// (in-process) MTN simulator, and the payout is successful, the professional told, with no test code in between.

const COMPLETIONS = 12;
let t: TestApp;
let institution: Institution;
let professional: Professional;

beforeAll(async () => {
  t = await startTestApp({ listen: true, workers: true });
  institution = await makeInstitution(t.app);
  const everyDay = Array.from({ length: 7 }, (_, weekday) => ({ weekday, start: '00:00', end: '24:00' }));
  professional = await makeReadyProfessional(t.app, t.ctx, { availability: everyDay });
  const body = { phone: '0772555301', network: 'mtn' };
  expect((await call(t.app, 'PUT', '/me/payout-method', { token: professional.accessToken, body })).status).toBe(200);
});
afterAll(() => t?.close());

describe('payout workers', () => {
  it('turn completions into successful payouts by themselves, each announced to the professional', async () => {
    const jobIds: string[] = [];
    for (let index = 0; index < COMPLETIONS; index += 1) {
      const job = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(index % 7, 2 + index) });
      expect((await call(t.app, 'POST', `/jobs/${job.body.id}/accept`, { token: professional.accessToken })).status).toBe(200);
      await markPaid(t.ctx, job.body.id);
      await endShift(t.ctx, job.body.id);
      jobIds.push(job.body.id);
    }
    const completedAt = new Map<string, number>();
    await Promise.all(
      jobIds.map(async (jobId) => {
        completedAt.set(jobId, Date.now());
        expect((await call(t.app, 'POST', `/jobs/${jobId}/complete`, { token: institution.accessToken })).status).toBe(200);
      }),
    );
    const settled = await eventually(async () => {
      const rows = rowsOf<{ job_id: string; status: string; settled_at: string }>(
        await t.ctx.db.execute(sql`SELECT job_id, status, settled_at FROM payouts WHERE user_id = ${professional.id}`),
      );
      return rows.length === COMPLETIONS && rows.every((row) => row.status === 'successful') ? rows : undefined;
    }, 30_000);
    const latencies = settled.map((row) => new Date(row.settled_at).getTime() - completedAt.get(row.job_id)!);
    // Not a benchmark (a shared test machine): a sanity bound far above the 2 s target.
    expect(
      percentile(
        [...latencies].sort((a, b) => a - b),
        0.99,
      ),
    ).toBeLessThan(15_000);
    const notices = rowsOf<{ count: number }>(
      await t.ctx.db.execute(
        sql`SELECT count(*)::int AS count FROM notifications WHERE user_id = ${professional.id} AND type = 'payout.sent'`,
      ),
    );
    expect(notices[0]!.count).toBe(COMPLETIONS);
    const ledger = await t.ctx.db.execute(sql`SELECT sum(amount)::int AS sum FROM ledger_entries WHERE account = 'payouts_in_flight'`);
    expect(rowsOf<{ sum: number }>(ledger)[0]!.sum).toBe(0);
  });
});
