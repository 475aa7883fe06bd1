import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_JOB_STATES } from '../../contracts/admin.js';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { createAdmin, registerUser, type RegisteredUser } from '../../../test/support/factories.js';
import { call } from '../../../test/support/http.js';
import { makeReadyProfessional, markPaid, endShift, nextKampalaDate, postJob } from '../../../test/support/job-factories.js';
import { makeInstitution, type Institution, type Professional } from '../../../test/support/profile-factories.js';

let t: TestApp;
let admin: RegisteredUser;
let institution: Institution;
let professional: Professional;
let day = 0;

beforeAll(async () => {
  t = await startTestApp();
  admin = await createAdmin(t.app, t.ctx);
  institution = await makeInstitution(t.app);
  const everyDay = Array.from({ length: 7 }, (_, weekday) => ({ weekday, start: '00:00', end: '24:00' }));
  professional = await makeReadyProfessional(t.app, t.ctx, { availability: everyDay });
});
afterAll(async () => {
  await t.close();
});

async function assignedJob(overrides: Record<string, unknown> = {}): Promise<string> {
  day += 1;
  const job = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(day % 7, 2 + day), ...overrides });
  expect((await call(t.app, 'POST', `/jobs/${job.body.id}/accept`, { token: professional.accessToken })).status).toBe(200);
  return job.body.id;
}

const adminGet = (path: string) => call(t.app, 'GET', path, { token: admin.accessToken });

describe('GET /admin/jobs', () => {
  it('lists jobs in any state with filters, contacts included', async () => {
    const held = await assignedJob({ district: 'Arua' });
    const open = await postJob(t.app, institution.accessToken, { district: 'Arua', date: nextKampalaDate(2, 70) });
    const all = await adminGet('/admin/jobs?district=Arua');
    expect(all.status).toBe(200);
    expect(all.body.items.map((job: { id: string }) => job.id)).toEqual([open.body.id, held]);
    expect(all.body.items[1].assignee).toMatchObject({ id: professional.id, phone: professional.phone });
    expect((await adminGet('/admin/jobs?district=Arua&status=assigned')).body.items.map((job: { id: string }) => job.id)).toEqual([held]);
    expect(
      (await adminGet(`/admin/jobs?professionalId=${professional.id}&district=Arua`)).body.items.map((job: { id: string }) => job.id),
    ).toEqual([held]);
    const paged = await adminGet('/admin/jobs?district=Arua&limit=1');
    const next = await adminGet(`/admin/jobs?district=Arua&limit=1&cursor=${paged.body.nextCursor}`);
    expect(next.body.items.map((job: { id: string }) => job.id)).toEqual([held]);
    expect((await adminGet('/admin/jobs?status=lost')).status).toBe(422);
  });
});

describe('deleted jobs', () => {
  it('stay visible to administrators, marked deleted, and to nobody else', async () => {
    const job = await postJob(t.app, institution.accessToken, { district: 'Bukwo' });
    await call(t.app, 'DELETE', `/jobs/${job.body.id}`, { token: institution.accessToken });
    const listed = await adminGet('/admin/jobs?district=Bukwo');
    expect(listed.body.items).toMatchObject([{ id: job.body.id, status: 'open', deletedAt: expect.any(String) }]);
    expect((await call(t.app, 'GET', '/jobs?district=Bukwo', { token: professional.accessToken })).body.items).toEqual([]);
  });
});

describe('POST /admin/jobs/{id}/cancel', () => {
  it('cancels with a reason, tells both parties, queues the refund of a paid job and writes the audit log', async () => {
    const jobId = await assignedJob();
    await markPaid(t.ctx, jobId);
    const cancelled = await call(t.app, 'POST', `/admin/jobs/${jobId}/cancel`, {
      token: admin.accessToken,
      body: { reason: 'Reported as fraudulent' },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'Reported as fraudulent' });
    const refunds = rowsOf<{ n: number }>(
      await t.ctx.db.execute(
        sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'payments.refund-job-payment' AND data->>'jobId' = ${jobId}`,
      ),
    );
    expect(refunds[0]!.n).toBe(1);
    for (const party of [institution, professional]) {
      const notices = await call(t.app, 'GET', '/notifications', { token: party.accessToken });
      expect(
        notices.body.items.find(
          (notice: { type: string; data: { jobId: string } }) => notice.type === 'job.cancelled' && notice.data.jobId === jobId,
        ),
      ).toMatchObject({
        data: { cancelledBy: 'admin', reason: 'Reported as fraudulent' },
      });
    }
    const audit = await adminGet(`/admin/audit?action=job.cancel&targetId=${jobId}`);
    expect(audit.body.items).toMatchObject([{ action: 'job.cancel', reason: 'Reported as fraudulent', actor: { id: admin.id } }]);

    const again = await call(t.app, 'POST', `/admin/jobs/${jobId}/cancel`, { token: admin.accessToken, body: { reason: 'Twice' } });
    expect(again).toMatchObject({ status: 409, body: { currentStatus: 'cancelled' } });
    expect((await call(t.app, 'POST', `/admin/jobs/${jobId}/cancel`, { token: admin.accessToken, body: {} })).status).toBe(422);
  });
});

describe('GET /admin/metrics', () => {
  it('counts jobs, payments and people, and gives 30 Kampala days of figures', async () => {
    const before = (await adminGet('/admin/metrics')).body;
    expect(before.series).toHaveLength(30);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Kampala' }).format(new Date());
    expect(before.series.at(-1).date).toBe(today);

    const completedJob = await assignedJob({ rateAmount: 70_000 });
    await t.ctx.db.execute(sql`
      INSERT INTO transactions (job_id, payer_id, amount, status, payment_method, settled_at)
      VALUES (${completedJob}, ${institution.id}, 70000, 'completed', 'mobile_money', now())`);
    await markPaid(t.ctx, completedJob);
    await endShift(t.ctx, completedJob);
    await call(t.app, 'POST', `/jobs/${completedJob}/complete`, { token: institution.accessToken });
    await postJob(t.app, institution.accessToken);
    const newcomer = await registerUser(t.app, { role: 'institution' });
    await call(t.app, 'POST', `/admin/users/${newcomer.id}/suspend`, { token: admin.accessToken, body: { reason: 'Spam postings' } });

    const after = (await adminGet('/admin/metrics')).body;
    expect(after.jobs.total - before.jobs.total).toBe(2);
    expect(after.jobs.completed - before.jobs.completed).toBe(1);
    expect(after.jobs.open - before.jobs.open).toBe(1);
    expect(after.payments.count - before.payments.count).toBe(1);
    expect(after.payments.completedAmount - before.payments.completedAmount).toBe(70_000);
    expect(after.users.institutions - before.users.institutions).toBe(1);
    expect(after.users.suspended - before.users.suspended).toBe(1);
    expect(after.users.verifiedProfessionals).toBeGreaterThanOrEqual(1);
    const [first, last] = [before.series.at(-1), after.series.at(-1)];
    expect(last).toMatchObject({
      jobsPosted: first.jobsPosted + 2,
      jobsCompleted: first.jobsCompleted + 1,
      paymentsCompletedUgx: first.paymentsCompletedUgx + 70_000,
      newUsers: first.newUsers + 1,
    });
  });
});

describe('the overview’s job counts', () => {
  /** Every job the admin list gives for `query`, page by page. */
  async function listedJobs(query: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = await adminGet(`/admin/jobs?limit=100${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      ids.push(...page.body.items.map((job: { id: string }) => job.id));
      cursor = page.body.nextCursor;
    }
    return ids;
  }

  async function expectCountsAgree() {
    const metrics = (await adminGet('/admin/metrics')).body;
    const { total, ...states } = metrics.jobs;
    expect(Object.keys(states).sort()).toEqual([...ADMIN_JOB_STATES].sort());
    expect(total).toBe(Object.values(states as Record<string, number>).reduce((sum, n) => sum + n, 0));
    expect(await listedJobs('')).toHaveLength(total);
    for (const [state, n] of Object.entries(states)) expect(await listedJobs(`&status=${state}`), state).toHaveLength(n as number);
    return metrics.jobs as Record<string, number>;
  }

  it('add up to the total and match the job list, deleted jobs counted once as deleted, through create, delete, cancel and complete', async () => {
    const start = await expectCountsAgree();
    const kept = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(3, 60) });
    const deleted = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(3, 61) });
    expect((await call(t.app, 'DELETE', `/jobs/${deleted.body.id}`, { token: institution.accessToken })).status).toBe(204);
    const cancelled = await assignedJob();
    await call(t.app, 'POST', `/admin/jobs/${cancelled}/cancel`, { token: admin.accessToken, body: { reason: 'Posted by mistake' } });
    const completed = await assignedJob();
    await markPaid(t.ctx, completed);
    // A shift that has begun, so completing it is allowed whatever the rule on early completion.
    await t.ctx.db.execute(
      sql`UPDATE jobs SET starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour' WHERE id = ${completed}`,
    );
    expect((await call(t.app, 'POST', `/jobs/${completed}/complete`, { token: institution.accessToken })).status).toBe(200);
    const leaving = await makeInstitution(t.app);
    await postJob(t.app, leaving.accessToken, { date: nextKampalaDate(4, 62) });
    expect((await call(t.app, 'DELETE', '/me', { token: leaving.accessToken })).status).toBe(204);

    const end = await expectCountsAgree();
    const change = Object.fromEntries(Object.entries(end).map(([name, n]) => [name, n - start[name]!]));
    expect(change).toEqual({
      total: 5,
      open: 1,
      assigned: 0,
      paid: 0,
      checked_in: 0,
      checked_out: 0,
      disputed: 0,
      no_show: 0,
      completed: 1,
      cancelled: 1,
      deleted: 2,
    });
    expect(await listedJobs('&status=deleted')).toEqual(expect.arrayContaining([deleted.body.id]));
    expect(await listedJobs('&status=open')).toEqual(expect.arrayContaining([kept.body.id]));
    expect(await listedJobs('&status=open')).not.toContain(deleted.body.id);
  });
});

describe('admin job routes', () => {
  it.each([
    ['GET', '/admin/jobs'],
    ['GET', '/admin/metrics'],
    ['POST', '/admin/jobs/00000000-0000-4000-8000-000000000000/cancel'],
  ])('refuse %s %s to non-admins (403) and without a token (401)', async (method, path) => {
    const body = method === 'POST' ? { reason: 'Because' } : undefined;
    expect((await call(t.app, method, path, { token: institution.accessToken, body })).status).toBe(403);
    expect((await call(t.app, method, path, { token: professional.accessToken, body })).status).toBe(403);
    expect((await call(t.app, method, path, { body })).status).toBe(401);
  });
});

describe('every admin route in the API document', () => {
  it('refuses institutions and professionals (403) and callers without a token (401)', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/v1/admin/'))
      .flatMap(([path, operations]) =>
        Object.keys(operations).map(
          (method) =>
            [method.toUpperCase(), path.replace('/api/v1', '').replace(/\{id\}/g, '00000000-0000-4000-8000-000000000000')] as const,
        ),
      );
    expect(routes.length).toBeGreaterThanOrEqual(10);
    for (const [method, path] of routes) {
      // A body every admin POST takes, so the answer is about the caller, not about the body.
      const body = method === 'POST' ? { reason: 'Because', payPercent: 50 } : undefined;
      expect((await call(t.app, method, path, { body })).status, `${method} ${path}`).toBe(401);
      for (const caller of [institution, professional])
        expect((await call(t.app, method, path, { token: caller.accessToken, body })).status, `${method} ${path}`).toBe(403);
    }
  });
});

describe('the running totals behind the metrics', () => {
  it('agree with counting the tables afresh after every kind of change', async () => {
    const open = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(4, 80) });
    const deleted = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(4, 81) });
    await call(t.app, 'DELETE', `/jobs/${deleted.body.id}`, { token: institution.accessToken });
    const released = await assignedJob();
    await call(t.app, 'POST', `/jobs/${released}/cancel`, { token: professional.accessToken, body: { reason: 'Unwell' } });
    await call(t.app, 'POST', `/jobs/${open.body.id}/cancel`, { token: institution.accessToken, body: { reason: 'Not needed' } });
    const leaving = await registerUser(t.app, { role: 'professional' });
    await call(t.app, 'DELETE', '/me', { token: leaving.accessToken });
    await Promise.all(Array.from({ length: 6 }, () => postJob(t.app, institution.accessToken, { date: nextKampalaDate(5, 90) })));

    const fresh = rowsOf<{ status: string; n: number }>(
      await t.ctx.db.execute(sql`SELECT status, count(*)::int AS n FROM jobs WHERE deleted_at IS NULL GROUP BY status`),
    );
    const people = rowsOf<{ role: string; status: string; n: number }>(
      await t.ctx.db.execute(sql`SELECT role, status, count(*)::int AS n FROM users GROUP BY role, status`),
    );
    const metrics = (await adminGet('/admin/metrics')).body;
    for (const state of ['open', 'assigned', 'paid', 'completed', 'cancelled']) {
      expect(metrics.jobs[state], state).toBe(fresh.find((row) => row.status === state)?.n ?? 0);
    }
    const count = (role: string, ...statuses: string[]) =>
      people.filter((row) => row.role === role && statuses.includes(row.status)).reduce((sum, row) => sum + row.n, 0);
    expect(metrics.users.institutions).toBe(count('institution', 'active', 'suspended'));
    expect(metrics.users.professionals).toBe(count('professional', 'active', 'suspended'));
    const verified = rowsOf<{ n: number }>(await t.ctx.db.execute(sql`SELECT count(*)::int AS n FROM professionals WHERE verified`));
    expect(metrics.users.verifiedProfessionals).toBe(verified[0]!.n);
    const postedToday = rowsOf<{ n: number }>(
      await t.ctx.db.execute(
        sql`SELECT count(*)::int AS n FROM jobs WHERE (created_at AT TIME ZONE 'Africa/Kampala')::date = (now() AT TIME ZONE 'Africa/Kampala')::date`,
      ),
    );
    expect(metrics.series.at(-1).jobsPosted).toBe(postedToday[0]!.n);
  });

  it('count payments as the transactions table does, through every status change', async () => {
    const [settling, reversing, failing] = await Promise.all([
      assignedJob({ rateAmount: 40_000 }),
      assignedJob({ rateAmount: 55_000 }),
      assignedJob({ rateAmount: 30_000 }),
    ]);
    for (const [jobId, amount] of [
      [settling, 40_000],
      [reversing, 55_000],
      [failing, 30_000],
    ] as const) {
      await t.ctx.db.execute(
        sql`INSERT INTO transactions (job_id, payer_id, amount, status, payment_method) VALUES (${jobId}, ${institution.id}, ${amount}, 'pending', 'mobile_money')`,
      );
    }
    await t.ctx.db.execute(
      sql`UPDATE transactions SET status = 'completed', settled_at = now() WHERE job_id IN (${settling}, ${reversing})`,
    );
    await t.ctx.db.execute(sql`UPDATE transactions SET status = 'reversed' WHERE job_id = ${reversing}`);
    await t.ctx.db.execute(sql`UPDATE transactions SET status = 'failed' WHERE job_id = ${failing}`);

    const [fresh] = rowsOf<{ count: number; completed: number; pending: number; failed: number; today: number }>(
      await t.ctx.db.execute(sql`
        SELECT count(*)::int AS count, coalesce(sum(amount) FILTER (WHERE status = 'completed'), 0)::int AS completed,
               count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'failed')::int AS failed,
               coalesce(sum(amount) FILTER (WHERE status = 'completed' AND (settled_at AT TIME ZONE 'Africa/Kampala')::date = (now() AT TIME ZONE 'Africa/Kampala')::date), 0)::int AS today
        FROM transactions`),
    );
    const metrics = (await adminGet('/admin/metrics')).body;
    expect(metrics.payments).toEqual({
      count: fresh!.count,
      completedAmount: fresh!.completed,
      pendingCount: fresh!.pending,
      failedCount: fresh!.failed,
    });
    expect(metrics.series.at(-1).paymentsCompletedUgx).toBe(fresh!.today);
    expect(fresh!.failed).toBeGreaterThanOrEqual(1);
  });
});
