import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { createAdmin, type RegisteredUser } from '../../../test/support/factories.js';
import { fetchApi, type CallOptions } from '../../../test/support/http.js';
import { makeReadyProfessional, markPaid, nextKampalaDate, postJob, startShift } from '../../../test/support/job-factories.js';
import { controlsFor, type RunningSimulator } from '../../../test/support/pesapal.js';
import { makeInstitution, type Institution, type Professional } from '../../../test/support/profile-factories.js';
import { queuedTasks } from '../../../test/support/queue.js';
import { refundJobPaymentTask } from '../payments/tasks.js';
import { processPayout } from '../payouts/service.js';
import { sweepShifts } from './sweep.js';

let t: TestApp;
let base: string;
let institution: Institution;
let professional: Professional;
let admin: RegisteredUser;
let momo: RunningSimulator;
let airtel: RunningSimulator;
let day = 0;

const HOUR_MS = 3_600_000;
const MTN_PHONE = '+256772555201';
const AIRTEL_PHONE = '+256752555202';

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  base = t.ctx.config.publicUrl;
  momo = controlsFor(base, `${base}/momo-sim`, `${base}/momo-sim`);
  airtel = controlsFor(base, `${base}/airtel-sim`, `${base}/airtel-sim`);
  institution = await makeInstitution(t.app);
  professional = await makeReadyProfessional(t.app, t.ctx);
  admin = await createAdmin(t.app, t.ctx);
  const method = await api('PUT', '/me/payout-method', { token: professional.accessToken, body: { phone: MTN_PHONE, network: 'mtn' } });
  expect(method.status).toBe(200);
});
afterAll(() => t?.close());
beforeEach(async () => {
  await momo.control('/reset', {});
  await airtel.control('/reset', {});
});

/** Over real HTTP, to the listening app. */
const api = (method: string, path: string, options: CallOptions = {}) => fetchApi(base, method, path, options);

interface PayoutRow {
  id: string;
  user_id: string;
  purpose: string;
  amount: number;
  phone: string | null;
  network: string | null;
  status: string;
}
const payoutsOf = async (jobId: string) =>
  rowsOf<PayoutRow>(await t.ctx.db.execute(sql`SELECT * FROM payouts WHERE job_id = ${jobId} ORDER BY purpose`));
const journalKinds = async (jobId: string) =>
  rowsOf<{ kind: string }>(
    await t.ctx.db.execute(sql`SELECT kind FROM ledger_journals WHERE job_id = ${jobId} AND payout_id IS NULL ORDER BY created_at, kind`),
  ).map((row) => row.kind);
const ledger = async () => {
  const response = await api('GET', '/admin/ledger', { token: admin.accessToken });
  expect(response.status).toBe(200);
  expect(response.body.unbalancedJournals).toBe(0);
  return Object.fromEntries((response.body.accounts as { account: string; balance: number }[]).map((a) => [a.account, a.balance]));
};

interface Job {
  id: string;
  pay: number;
  fee: number;
  total: number;
}

/** A job of `owner` the test professional accepted, on a day of its own so their shifts never clash. */
async function acceptedJob(owner: Institution = institution): Promise<Job> {
  day += 1;
  const job = await postJob(t.app, owner.accessToken, { date: nextKampalaDate(day % 7, 2 + day), rateAmount: 50_002 });
  expect((await api('POST', `/jobs/${job.body.id}/accept`, { token: professional.accessToken })).status).toBe(200);
  return { id: job.body.id, pay: job.body.pay, fee: job.body.fee, total: job.body.total };
}

/** An accepted job paid through PesaPal from an Airtel wallet (the payment row as PesaPal's confirmation leaves it). */
async function paidJob(): Promise<Job> {
  const job = await acceptedJob();
  await t.ctx.db
    .execute(sql`INSERT INTO transactions (job_id, payer_id, amount, payment_method, payer_phone, status, provider_method, confirmation_code)
    VALUES (${job.id}, ${institution.id}, ${job.total}, 'mobile_money', ${AIRTEL_PHONE}, 'completed', 'Airtel Money UG', ${`CONF-${job.id.slice(0, 8)}`})`);
  await markPaid(t.ctx, job.id);
  return job;
}

/** The cancellation view of a job cancelled under 4 h before its start: half of pay and fee to the professional, the rest back. */
function halfShare(job: { pay: number; fee: number; total: number }) {
  const pay = share(job.pay, 50);
  const fee = share(job.fee, 50);
  return { payPercent: 50, professionalAmount: pay, feeAmount: fee, refundAmount: job.total - pay - fee };
}

/**
 * Moves the job's start to `msAhead` after a frozen clock, and sends `request` at that very instant:
 * the application's clock (Date) stands still for the one request, so the boundary is exact.
 */
async function atFrozenClock<T>(jobId: string, msAhead: number, request: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const startsAt = new Date(now + msAhead).toISOString();
  await t.ctx.db.execute(
    sql`UPDATE jobs SET starts_at = ${startsAt}::timestamptz, ends_at = ${startsAt}::timestamptz + interval '8 hours' WHERE id = ${jobId}`,
  );
  vi.useFakeTimers({ toFake: ['Date'], now });
  try {
    return await request();
  } finally {
    vi.useRealTimers();
  }
}

const cancelAt = (jobId: string, msAhead: number, token: string) =>
  atFrozenClock(jobId, msAhead, () => api('POST', `/jobs/${jobId}/cancel`, { token, body: { reason: 'The ward closed for repairs' } }));

const viewAt = (jobId: string, msAhead: number, token: string) =>
  atFrozenClock(jobId, msAhead, () => api('GET', `/jobs/${jobId}`, { token }));

const share = (amount: number, percent: number) => Math.floor((amount * percent + 50) / 100);

describe('an owner cancelling a paid job late pays the professional a share', () => {
  it('exactly 24 h before the start: no pay, the whole payment refunded through PesaPal', async () => {
    const job = await paidJob();
    const before = await ledger();
    const cancelled = await cancelAt(job.id, 24 * HOUR_MS, institution.accessToken);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.cancellation).toEqual({ payPercent: 0, professionalAmount: 0, feeAmount: 0, refundAmount: job.total });
    expect(await payoutsOf(job.id)).toEqual([]);
    expect(await journalKinds(job.id)).toEqual(['payment', 'refund']);
    expect(await queuedTasks(t.ctx, refundJobPaymentTask.name, { jobId: job.id })).toHaveLength(1);
    const after = await ledger();
    expect(after.pesapal_refunds! - before.pesapal_refunds!).toBe(job.total);
    expect(after.escrow! - before.escrow!).toBe(-job.total);
  });

  it('just under 24 h: 25 % of pay to the professional’s wallet, the fee following, the rest to the phone that paid; ledger balanced; both told', async () => {
    const job = await paidJob();
    const before = await ledger();
    const cancelled = await cancelAt(job.id, 24 * HOUR_MS - 1000, institution.accessToken);
    expect(cancelled.status).toBe(200);
    const pay = share(job.pay, 25);
    const fee = share(job.fee, 25);
    expect(pay).toBe(12_501); // 50,002 × 25 % = 12,500.5, rounded half up
    const refund = job.total - pay - fee;
    expect(cancelled.body.cancellation).toEqual({ payPercent: 25, professionalAmount: pay, feeAmount: fee, refundAmount: refund });

    const rows = await payoutsOf(job.id);
    expect(rows.map((row) => [row.purpose, row.user_id, row.amount, row.phone, row.network, row.status])).toEqual([
      ['pay', professional.id, pay, MTN_PHONE, 'mtn', 'pending'],
      ['refund', institution.id, refund, AIRTEL_PHONE, 'airtel', 'pending'],
    ]);
    expect(await journalKinds(job.id)).toEqual(['payment', 'cancellation']);
    expect(await queuedTasks(t.ctx, refundJobPaymentTask.name, { jobId: job.id })).toHaveLength(0);
    const released = await ledger();
    expect(released.escrow).toBe(before.escrow! - job.total);
    expect(released.professional_payable! - before.professional_payable!).toBe(pay);
    expect(released.revenue! - before.revenue!).toBe(fee);
    expect(released.institution_payable! - before.institution_payable!).toBe(refund);
    expect(released.pesapal_refunds).toBe(before.pesapal_refunds);

    for (const row of rows) await processPayout(t.ctx, row.id);
    expect((await payoutsOf(job.id)).map((row) => row.status)).toEqual(['successful', 'successful']);
    const momoTransfers = (await momo.control('/transfers')) as { amount: number; wallet: string }[];
    expect(momoTransfers).toEqual([expect.objectContaining({ amount: pay, wallet: '772555201' })]);
    expect(JSON.stringify(await airtel.control('/transfers'))).toContain(String(refund));
    const settled = await ledger();
    expect(settled.professional_payable).toBe(before.professional_payable);
    expect(settled.institution_payable).toBe(before.institution_payable);
    expect(settled.payouts_paid! - before.payouts_paid!).toBe(pay + refund);

    const mine = await api('GET', `/me/payouts?jobId=${job.id}`, { token: professional.accessToken });
    expect(mine.body.items).toEqual([expect.objectContaining({ purpose: 'pay', amount: pay, status: 'successful' })]);
    const notices = await api('GET', '/notifications', { token: professional.accessToken });
    const bodies = (notices.body.items as { type: string; body: string; data: { jobId: string } }[]).filter((n) => n.data.jobId === job.id);
    expect(bodies.find((n) => n.type === 'job.cancelled')?.body).toContain(`you are paid UGX ${pay.toLocaleString('en-US')}`);
    expect(bodies.find((n) => n.type === 'payout.sent')?.body).toContain(`UGX ${pay.toLocaleString('en-US')}`);
    const seen = await api('GET', `/jobs/${job.id}`, { token: professional.accessToken });
    expect(seen.body.cancellation).toEqual(cancelled.body.cancellation);
  });

  it('exactly 4 h: still 25 %; just under 4 h: 50 %', async () => {
    const atFour = await paidJob();
    expect((await cancelAt(atFour.id, 4 * HOUR_MS, institution.accessToken)).body.cancellation.payPercent).toBe(25);
    expect((await payoutsOf(atFour.id)).find((row) => row.purpose === 'pay')?.amount).toBe(share(atFour.pay, 25));

    const underFour = await paidJob();
    const cancelled = await cancelAt(underFour.id, 4 * HOUR_MS - 1000, institution.accessToken);
    const expected = halfShare(underFour);
    expect(cancelled.body.cancellation).toEqual(expected);
    expect((await payoutsOf(underFour.id)).map((row) => row.amount)).toEqual([expected.professionalAmount, expected.refundAmount]);
    expect(await journalKinds(underFour.id)).toEqual(['payment', 'cancellation']);
    await ledger();
  });

  it('shows the owner what a cancellation now would cost, and nobody else', async () => {
    const job = await paidJob();
    const early = await viewAt(job.id, 30 * HOUR_MS, institution.accessToken);
    expect(early.body.cancellation).toEqual({ payPercent: 0, professionalAmount: 0, feeAmount: 0, refundAmount: job.total });
    const late = await viewAt(job.id, 3 * HOUR_MS, institution.accessToken);
    expect(late.body.cancellation).toEqual(halfShare(job));
    expect((await api('GET', `/jobs/${job.id}`, { token: professional.accessToken })).body.cancellation).toBeNull();
    expect((await api('GET', `/jobs/${job.id}`, { token: admin.accessToken })).body.cancellation).toBeNull();
    const unpaid = await acceptedJob();
    const owner = await viewAt(unpaid.id, 2 * HOUR_MS, institution.accessToken);
    expect(owner.body.cancellation).toEqual({ payPercent: 0, professionalAmount: 0, feeAmount: 0, refundAmount: 0 });
  });

  it('an assigned job not yet paid pays nothing when cancelled late', async () => {
    const job = await acceptedJob();
    const cancelled = await cancelAt(job.id, HOUR_MS, institution.accessToken);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.cancellation).toBeNull();
    expect(await payoutsOf(job.id)).toEqual([]);
    expect(await journalKinds(job.id)).toEqual([]);
    await ledger();
  });

  it('an admin cancelling late refunds the whole payment; so does the assignee giving it back', async () => {
    const job = await paidJob();
    const now = Date.now();
    await t.ctx.db.execute(
      sql`UPDATE jobs SET starts_at = ${new Date(now + HOUR_MS).toISOString()}::timestamptz, ends_at = ${new Date(now + 9 * HOUR_MS).toISOString()}::timestamptz WHERE id = ${job.id}`,
    );
    const cancelled = await api('POST', `/admin/jobs/${job.id}/cancel`, {
      token: admin.accessToken,
      body: { reason: 'Duplicate posting' },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await payoutsOf(job.id)).toEqual([]);
    expect(await journalKinds(job.id)).toEqual(['payment', 'refund']);
    expect((await api('GET', `/jobs/${job.id}`, { token: institution.accessToken })).body.cancellation).toEqual({
      payPercent: 0,
      professionalAmount: 0,
      feeAmount: 0,
      refundAmount: job.total,
    });

    const givenBack = await paidJob();
    const back = await cancelAt(givenBack.id, HOUR_MS, professional.accessToken);
    expect(back.status).toBe(200);
    // Nobody is paid a share: the payment is refunded (or, once paid give-backs reopen, kept for the next accept).
    expect(await payoutsOf(givenBack.id)).toEqual([]);
    expect(await journalKinds(givenBack.id)).not.toContain('cancellation');
    await ledger();
  });
});

describe('GET /institutions/{id}', () => {
  it('shows the public profile with the rating and the 90-day cancellation rate, never the address or contact', async () => {
    const other = await makeInstitution(t.app, { name: 'Kasubi Parents School' });
    await t.ctx.db.execute(sql`UPDATE users SET rating_count = 3, rating_sum = 14 WHERE id = ${other.id}`);
    const fresh = await api('GET', `/institutions/${other.id}`, { token: professional.accessToken });
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ cancellationRate: null, acceptedJobs: 0, cancelledJobs: 0, cancellationRateDays: 90 });

    const jobs: Job[] = [];
    for (let i = 0; i < 6; i += 1) jobs.push(await acceptedJob(other));
    const [byOwner, byAdmin, unpaid, old, givenBack, edge] = jobs as [Job, Job, Job, Job, Job, Job];
    const cancel = (job: Job, token: string, path = `/jobs/${job.id}/cancel`) =>
      api('POST', path, { token, body: { reason: 'Plans changed' } });
    expect((await cancel(byOwner, other.accessToken)).status).toBe(200);
    expect((await cancel(byAdmin, admin.accessToken, `/admin/jobs/${byAdmin.id}/cancel`)).status).toBe(200);
    // Left unpaid until its start: Qgig cancels it, and it counts against the institution.
    await startShift(t.ctx, unpaid.id);
    await sweepShifts(t.ctx);
    // Accepted 91 days ago (outside the window) and 89 days ago (inside), both cancelled by the owner.
    await t.ctx.db.execute(sql`UPDATE job_assignees SET accepted_at = now() - interval '91 days' WHERE job_id = ${old.id}`);
    await t.ctx.db.execute(sql`UPDATE job_assignees SET accepted_at = now() - interval '89 days' WHERE job_id = ${edge.id}`);
    expect((await cancel(old, other.accessToken)).status).toBe(200);
    expect((await cancel(edge, other.accessToken)).status).toBe(200);
    // Given back: no longer accepted by anyone, so cancelling it while open does not count.
    expect((await cancel(givenBack, professional.accessToken)).status).toBe(200);
    expect((await cancel(givenBack, other.accessToken)).status).toBe(200);

    const profile = await api('GET', `/institutions/${other.id}`, { token: professional.accessToken });
    expect(profile.status).toBe(200);
    // Accepted in the window: byOwner, byAdmin, unpaid, edge; cancelled by the institution (or for not paying): byOwner, unpaid, edge.
    expect(profile.body).toEqual({
      id: other.id,
      name: 'Kasubi Parents School',
      type: other.profile.type,
      district: other.profile.district,
      ratingAverage: 4.67,
      ratingCount: 3,
      cancellationRate: 0.75,
      acceptedJobs: 4,
      cancelledJobs: 3,
      cancellationRateDays: 90,
      memberSince: expect.any(String),
    });
    expect(JSON.stringify(profile.body)).not.toContain(other.profile.address);
    expect(JSON.stringify(profile.body)).not.toContain(other.profile.contactPhone);

    // Job views show the same standing to professionals: one job, browsing and recommendations.
    const open = await postJob(t.app, other.accessToken, { date: nextKampalaDate(3, 30) });
    const standing = { ratingAverage: 4.67, ratingCount: 3, cancellationRate: 0.75 };
    expect((await api('GET', `/jobs/${open.body.id}`, { token: professional.accessToken })).body.institutionStanding).toEqual(standing);
    const browse = await api('GET', '/jobs?limit=100', { token: professional.accessToken });
    const listed = (browse.body.items as { id: string; institutionStanding?: unknown }[]).find((item) => item.id === open.body.id);
    expect(listed?.institutionStanding).toEqual(standing);
  });

  it('answers 404 for an unknown, professional, suspended or erased id; 401 signed out', async () => {
    expect((await api('GET', `/institutions/${randomUUID()}`, { token: professional.accessToken })).status).toBe(404);
    expect((await api('GET', `/institutions/${professional.id}`, { token: professional.accessToken })).status).toBe(404);
    const suspended = await makeInstitution(t.app);
    expect((await api('GET', `/institutions/${suspended.id}`, { token: professional.accessToken })).status).toBe(200);
    await t.ctx.db.execute(sql`UPDATE users SET status = 'suspended' WHERE id = ${suspended.id}`);
    const refused = await api('GET', `/institutions/${suspended.id}`, { token: professional.accessToken });
    expect(refused.status).toBe(404);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    const erased = await makeInstitution(t.app);
    expect((await api('DELETE', '/me', { token: erased.accessToken })).status).toBe(204);
    expect((await api('GET', `/institutions/${erased.id}`, { token: professional.accessToken })).status).toBe(404);
    expect((await api('GET', `/institutions/${institution.id}`)).status).toBe(401);
    expect((await api('GET', '/institutions/not-a-uuid', { token: professional.accessToken })).status).toBe(404);
  });
});
