import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { createAdmin, type RegisteredUser } from '../../../test/support/factories.js';
import { call } from '../../../test/support/http.js';
import { endShift, makeReadyProfessional, markPaid, nextKampalaDate, postJob } from '../../../test/support/job-factories.js';
import { controlsFor, eventually, type RunningSimulator } from '../../../test/support/pesapal.js';
import { makeInstitution, type Institution, type Professional } from '../../../test/support/profile-factories.js';
import { queuedTasks } from '../../../test/support/queue.js';
import { payoutProvider } from './provider-factory.js';
import { processPayout } from './service.js';
import { sendPayoutTask } from './tasks.js';

let t: TestApp;
let institution: Institution;
let professional: Professional;
let admin: RegisteredUser;
let momo: RunningSimulator;
let airtel: RunningSimulator;
let day = 0;

const MTN_PHONE = '+256772555101';
const AIRTEL_PHONE = '+256752555102';
const everyDay = Array.from({ length: 7 }, (_, weekday) => ({ weekday, start: '00:00', end: '24:00' }));

beforeAll(async () => {
  // A short timeout: a held answer from the simulator is a timeout here.
  t = await startTestApp({ listen: true, env: { PAYOUT_TIMEOUT_MS: '400' } });
  const origin = t.ctx.config.publicUrl;
  momo = controlsFor(origin, `${origin}/momo-sim`, `${origin}/momo-sim`);
  airtel = controlsFor(origin, `${origin}/airtel-sim`, `${origin}/airtel-sim`);
  institution = await makeInstitution(t.app);
  professional = await makeReadyProfessional(t.app, t.ctx, { availability: everyDay });
  admin = await createAdmin(t.app, t.ctx);
});
afterAll(() => t?.close());
beforeEach(async () => {
  await momo.control('/reset', {});
  await airtel.control('/reset', {});
});

interface PayoutRow {
  id: string;
  status: string;
  reference: string;
  phone: string | null;
  network: string | null;
  amount: number;
  sent_at: Date | null;
  failure_reason: string | null;
  provider_reference: string | null;
}

const payoutsOf = async (jobId: string) =>
  rowsOf<PayoutRow>(await t.ctx.db.execute(sql`SELECT * FROM payouts WHERE job_id = ${jobId} ORDER BY purpose`));
const payOf = async (jobId: string) => (await payoutsOf(jobId))[0]!;
const ledger = async () => {
  const response = await call(t.app, 'GET', '/admin/ledger', { token: admin.accessToken });
  expect(response.status).toBe(200);
  return Object.fromEntries((response.body.accounts as { account: string; balance: number }[]).map((a) => [a.account, a.balance]));
};
const setMethod = (phone: string, network: string, token = professional.accessToken) =>
  call(t.app, 'PUT', '/me/payout-method', { token, body: { phone, network } });

/** A paid job the test professional held, its shift over, completed by its owner: its payout is created. */
async function completedJob(): Promise<{ jobId: string; pay: number; fee: number; total: number }> {
  day += 1;
  const job = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(day % 7, 2 + day) });
  const jobId = job.body.id as string;
  expect((await call(t.app, 'POST', `/jobs/${jobId}/accept`, { token: professional.accessToken })).status).toBe(200);
  await markPaid(t.ctx, jobId);
  await endShift(t.ctx, jobId);
  expect((await call(t.app, 'POST', `/jobs/${jobId}/complete`, { token: institution.accessToken })).status).toBe(200);
  return { jobId, pay: job.body.pay, fee: job.body.fee, total: job.body.total };
}

describe('PUT /me/payout-method', () => {
  it('stores the number in E.164 and shows the holder name the network gives', async () => {
    await momo.control(`/account-holders/${MTN_PHONE}`, { firstName: 'Nakato', lastName: 'Sarah' });
    const saved = await setMethod('0772 555101', 'mtn');
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ phone: MTN_PHONE, network: 'mtn', accountName: 'Nakato Sarah' });
    const unknown = await setMethod('752555102', 'airtel');
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({ phone: AIRTEL_PHONE, network: 'airtel' });
    expect((await call(t.app, 'GET', '/me/payout-method', { token: professional.accessToken })).body).toEqual(unknown.body);
  });

  it('refuses ugly input with a 4xx problem, and other roles with 403', async () => {
    expect((await setMethod('not a phone', 'mtn')).body.type).toMatch(/invalid-phone$/);
    expect((await setMethod('+254712345678', 'mtn')).status).toBe(422);
    for (const body of [
      { phone: MTN_PHONE, network: 'orange' },
      { phone: 772555101, network: 'mtn' },
      { network: 'mtn' },
      "'; DROP TABLE payouts; --",
    ]) {
      const response = await call(t.app, 'PUT', '/me/payout-method', { token: professional.accessToken, body });
      expect([400, 415, 422]).toContain(response.status);
    }
    const malformed = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/payout-method',
      headers: { authorization: `Bearer ${professional.accessToken}`, 'content-type': 'application/json' },
      payload: '{"phone": "0772',
    });
    expect(malformed.statusCode).toBe(400);
    expect((await setMethod(MTN_PHONE, 'mtn', institution.accessToken)).status).toBe(403);
    expect((await call(t.app, 'PUT', '/me/payout-method', { body: { phone: MTN_PHONE, network: 'mtn' } })).status).toBe(401);
  });
});

describe('a completed job pays its professional once', () => {
  it('waits pending without a payout method, is sent once one is added, and the ledger follows every step', async () => {
    await t.ctx.db.execute(sql`DELETE FROM payout_methods WHERE user_id = ${professional.id}`);
    const before = await ledger();
    const { jobId, pay, fee } = await completedJob();
    const [waiting] = await payoutsOf(jobId);
    expect(waiting).toMatchObject({ status: 'pending', phone: null, network: null, amount: pay, sent_at: null });
    expect(await queuedTasks(t.ctx, sendPayoutTask.name, { payoutId: waiting!.id })).toHaveLength(0);
    const released = await ledger();
    // Paid in (markPaid credits escrow), then released by the completion.
    expect(released.institution_payments! - before.institution_payments!).toBe(-(pay + fee));
    expect(released.escrow).toBe(before.escrow);
    expect(released.professional_payable! - before.professional_payable!).toBe(pay);
    expect(released.revenue! - before.revenue!).toBe(fee);

    expect((await setMethod(MTN_PHONE, 'mtn')).status).toBe(200);
    expect((await payOf(jobId)).phone).toBe(MTN_PHONE);
    expect(await queuedTasks(t.ctx, sendPayoutTask.name, { payoutId: waiting!.id })).toHaveLength(1);
    await processPayout(t.ctx, waiting!.id);

    const paid = await payOf(jobId);
    expect(paid.status).toBe('successful');
    expect(paid.provider_reference).toMatch(/^\d+$/);
    const transfers = (await momo.control('/transfers')) as { reference: string; amount: number; wallet: string; callbackUrl: string }[];
    expect(transfers).toEqual([expect.objectContaining({ reference: paid.reference, amount: pay, wallet: '772555101' })]);
    expect(transfers[0]!.callbackUrl).toContain('/api/v1/payouts/mtn/callback/');
    const after = await ledger();
    expect(after.professional_payable).toBe(before.professional_payable);
    expect(after.payouts_in_flight).toBe(before.payouts_in_flight);
    expect(after.payouts_paid! - before.payouts_paid!).toBe(pay);

    const notice = rowsOf<{ type: string; data: { amount: number } }>(
      await t.ctx.db.execute(sql`SELECT type, data FROM notifications WHERE user_id = ${professional.id} AND type = 'payout.sent'`),
    );
    expect(notice.map((row) => row.data.amount)).toContain(pay);

    const mine = await call(t.app, 'GET', '/me/payouts?limit=1', { token: professional.accessToken });
    expect(mine.status).toBe(200);
    expect(mine.body.items[0]).toMatchObject({
      id: paid.id,
      jobId,
      amount: pay,
      currency: 'UGX',
      network: 'mtn',
      phone: MTN_PHONE,
      status: 'successful',
      providerReference: paid.provider_reference,
    });
    expect(mine.body.items[0].settledAt).not.toBeNull();
    // One shift's payout, for its page; another shift's id finds none, a malformed one is refused.
    const forJob = await call(t.app, 'GET', `/me/payouts?jobId=${jobId}`, { token: professional.accessToken });
    expect(forJob.body.items.map((item: { id: string }) => item.id)).toEqual([paid.id]);
    const otherJob = await call(t.app, 'GET', `/me/payouts?jobId=${randomUUID()}`, { token: professional.accessToken });
    expect(otherJob.body).toEqual({ items: [], nextCursor: null });
    const malformed = await call(t.app, 'GET', '/me/payouts?jobId=1%27%20OR%201%3D1', { token: professional.accessToken });
    expect(malformed.status).toBe(422);
    // Running the task again (a duplicate, a replayed callback) changes nothing.
    await processPayout(t.ctx, paid.id);
    expect((await momo.calls('transfer')).length).toBe(1);
    expect((await ledger()).payouts_paid).toBe(after.payouts_paid);
  });

  it('a second completion is refused and two workers at once still make one transfer (the second hears 409 or pending)', async () => {
    await setMethod(AIRTEL_PHONE, 'airtel');
    const { jobId } = await completedJob();
    expect((await call(t.app, 'POST', `/jobs/${jobId}/complete`, { token: institution.accessToken })).status).toBe(409);
    const [payout] = await payoutsOf(jobId);
    await Promise.all([processPayout(t.ctx, payout!.id), processPayout(t.ctx, payout!.id)]);
    expect(await payoutsOf(jobId)).toEqual([expect.objectContaining({ status: 'successful' })]);
    expect(((await airtel.control('/transfers')) as unknown[]).length).toBe(1);
    const journals = rowsOf<{ kind: string }>(
      await t.ctx.db.execute(sql`SELECT kind FROM ledger_journals WHERE payout_id = ${payout!.id} ORDER BY created_at`),
    );
    expect(journals.map((row) => row.kind)).toEqual(['payout_sent', 'payout_successful']);
  });
});

describe('faults at the network', () => {
  beforeAll(() => setMethod(MTN_PHONE, 'mtn'));

  it('a 500 on the transfer (never received): the retry asks, hears "not found" and sends again under the same reference', async () => {
    const { jobId } = await completedJob();
    const payout = await payOf(jobId);
    await momo.control('/faults', { endpoint: 'transfer', failNext: 1 });
    await expect(processPayout(t.ctx, payout.id)).rejects.toThrow(/500|server|internal/i);
    expect(await payOf(jobId)).toMatchObject({ status: 'pending', sent_at: expect.anything() });
    expect((await momo.control('/transfers')) as unknown[]).toHaveLength(0);
    await processPayout(t.ctx, payout.id);
    expect(await payOf(jobId)).toMatchObject({ status: 'successful', reference: payout.reference });
    expect(((await momo.control('/transfers')) as { reference: string }[]).map((row) => row.reference)).toEqual([payout.reference]);
  });

  it('Airtel "not found" (DP00900001015) after a lost disbursement: sent again under the same transaction id', async () => {
    await setMethod(AIRTEL_PHONE, 'airtel');
    const { jobId } = await completedJob();
    const payout = await payOf(jobId);
    await airtel.control('/faults', { endpoint: 'disbursement', failNext: 1 });
    await expect(processPayout(t.ctx, payout.id)).rejects.toThrow();
    await processPayout(t.ctx, payout.id);
    expect((await payOf(jobId)).status).toBe('successful');
    expect((await airtel.control('/transfers')) as unknown[]).toHaveLength(1);
    await setMethod(MTN_PHONE, 'mtn');
  });

  it('a timeout after the network took the transfer: the retry finds it by status, no second transfer', async () => {
    const { jobId } = await completedJob();
    const payout = await payOf(jobId);
    await momo.control('/faults', { endpoint: 'transfer', delayNext: 1, delayMs: 900 });
    await expect(processPayout(t.ctx, payout.id)).rejects.toThrow(/no answer/);
    await processPayout(t.ctx, payout.id);
    expect((await payOf(jobId)).status).toBe('successful');
    expect((await momo.calls('transfer')).length).toBe(1);
  });

  it('a process killed between the transfer request and its record pays once', async () => {
    const { jobId } = await completedJob();
    const payout = await payOf(jobId);
    // The claim committed and the network got the transfer, then the process died before recording the answer.
    await t.ctx.db.execute(sql`UPDATE payouts SET sent_at = now() WHERE id = ${payout.id}`);
    await payoutProvider(t.ctx, 'mtn').send({
      reference: payout.reference,
      amount: payout.amount,
      currency: 'UGX',
      phone: MTN_PHONE,
      narration: 'Qgig pay',
    });
    const transferCalls = (await momo.calls('transfer')).length;
    await processPayout(t.ctx, payout.id);
    expect((await payOf(jobId)).status).toBe('successful');
    expect((await momo.calls('transfer')).length).toBe(transferCalls);
    expect((await momo.control('/transfers')) as unknown[]).toHaveLength(1);
  });

  it('a 409 on a reused reference means the network holds it: its status decides, still one transfer', async () => {
    const { jobId } = await completedJob();
    const payout = await payOf(jobId);
    await payoutProvider(t.ctx, 'mtn').send({
      reference: payout.reference,
      amount: payout.amount,
      currency: 'UGX',
      phone: MTN_PHONE,
      narration: 'Qgig pay',
    });
    await processPayout(t.ctx, payout.id);
    // The network was asked again (and answered 409: it already held the reference).
    expect((await momo.calls('transfer')).length).toBeGreaterThanOrEqual(2);
    expect((await payOf(jobId)).status).toBe('successful');
    expect((await momo.control('/transfers')) as unknown[]).toHaveLength(1);
  });

  it('double-submits: two admins retrying at once send it once; two wallet saves at once leave one method', async () => {
    await momo.control(`/payees/${MTN_PHONE}`, { status: 'FAILED', reason: 'PAYEE_NOT_ALLOWED_TO_RECEIVE' });
    const { jobId } = await completedJob();
    const payout = await payOf(jobId);
    await processPayout(t.ctx, payout.id);
    expect((await payOf(jobId)).status).toBe('failed');
    // MTN's callback for the failure queues a check of its own: let it land before counting.
    await eventually(async () => ((await momo.control('/callbacks')) as { httpStatus: number }[])[0]?.httpStatus === 200);
    const queuedBefore = (await queuedTasks(t.ctx, sendPayoutTask.name, { payoutId: payout.id })).length;
    const retries = await Promise.all(
      [1, 2].map(() => call(t.app, 'POST', `/admin/payouts/${payout.id}/retry`, { token: admin.accessToken })),
    );
    expect(retries.map((response) => response.status).sort()).toEqual([200, 409]);
    expect(await queuedTasks(t.ctx, sendPayoutTask.name, { payoutId: payout.id })).toHaveLength(queuedBefore + 1);
    const saves = await Promise.all([setMethod('0772555101', 'mtn'), setMethod('+256772555101', 'mtn')]);
    expect(saves.map((response) => response.status)).toEqual([200, 200]);
    const methods = await t.ctx.db.execute(sql`SELECT count(*)::int AS n FROM payout_methods WHERE user_id = ${professional.id}`);
    expect(rowsOf<{ n: number }>(methods)[0]!.n).toBe(1);
  });

  it('PENDING that never settles keeps being checked, and settles when the network does (the callback makes it ask)', async () => {
    await momo.control(`/payees/${MTN_PHONE}`, { status: 'PENDING' });
    const { jobId } = await completedJob();
    const payout = await payOf(jobId);
    await processPayout(t.ctx, payout.id);
    expect((await payOf(jobId)).status).toBe('pending');
    expect(await queuedTasks(t.ctx, sendPayoutTask.name, { payoutId: payout.id, checks: 1 })).toHaveLength(1);

    await momo.control(`/transfers/${payout.reference}/settle`, { status: 'SUCCESSFUL' });
    // MTN's callback reaches Qgig and queues a status check; it is never believed by itself.
    await eventually(async () => ((await momo.control('/callbacks')) as { httpStatus: number }[])[0]?.httpStatus === 200);
    expect((await queuedTasks(t.ctx, sendPayoutTask.name, { payoutId: payout.id })).length).toBe(3);
    await processPayout(t.ctx, payout.id, 1);
    expect((await payOf(jobId)).status).toBe('successful');
  });

  it('a callback with a forged path is refused, and a genuine one for a settled payout changes nothing', async () => {
    const { jobId } = await completedJob();
    const payout = await payOf(jobId);
    const forged = await call(t.app, 'PUT', `/payouts/mtn/callback/${payout.reference}/forgedtokenforgedtokenforgedtoke`, {
      body: { status: 'SUCCESSFUL', financialTransactionId: '1' },
    });
    expect(forged.status).toBe(404);
    expect([400, 404]).toContain((await call(t.app, 'PUT', `/payouts/mtn/callback/not-a-uuid/x`, { body: {} })).status);
    expect((await payOf(jobId)).status).toBe('pending');
  });

  it('FAILED: listed for admins, the money back in the payable, retried under a new reference (audited), once', async () => {
    await momo.control(`/payees/${MTN_PHONE}`, { status: 'FAILED', reason: 'NOT_ENOUGH_FUNDS' });
    const before = await ledger();
    const { jobId, pay } = await completedJob();
    const payout = await payOf(jobId);
    await processPayout(t.ctx, payout.id);
    expect(await payOf(jobId)).toMatchObject({ status: 'failed', failure_reason: 'NOT_ENOUGH_FUNDS' });
    const failedLedger = await ledger();
    expect(failedLedger.professional_payable! - before.professional_payable!).toBe(pay);
    expect(failedLedger.payouts_in_flight).toBe(before.payouts_in_flight);

    const listed = await call(t.app, 'GET', '/admin/payouts?status=failed', { token: admin.accessToken });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toContainEqual(
      expect.objectContaining({ id: payout.id, status: 'failed', failureReason: 'NOT_ENOUGH_FUNDS' }),
    );
    expect(listed.body.items.every((item: { status: string }) => item.status === 'failed')).toBe(true);
    expect((await call(t.app, 'GET', '/admin/payouts?status=lost', { token: admin.accessToken })).status).toBe(422);
    expect((await call(t.app, 'GET', '/admin/payouts', { token: professional.accessToken })).status).toBe(403);

    await momo.control('/reset', {});
    const retried = await call(t.app, 'POST', `/admin/payouts/${payout.id}/retry`, { token: admin.accessToken });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: payout.id, status: 'pending', attempts: 2 });
    expect(retried.body.reference).not.toBe(payout.reference);
    const again = await call(t.app, 'POST', `/admin/payouts/${payout.id}/retry`, { token: admin.accessToken });
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/payout-not-failed$/);
    const audit = await call(t.app, 'GET', `/admin/audit?targetType=payout&targetId=${payout.id}`, { token: admin.accessToken });
    expect(audit.body.items).toHaveLength(1);

    await processPayout(t.ctx, payout.id);
    expect(await payOf(jobId)).toMatchObject({ status: 'successful', reference: retried.body.reference });
    expect(((await momo.control('/transfers')) as { reference: string }[]).map((row) => row.reference)).toEqual([retried.body.reference]);
    expect((await ledger()).professional_payable).toBe(before.professional_payable);
    expect((await call(t.app, 'POST', `/admin/payouts/${crypto.randomUUID()}/retry`, { token: admin.accessToken })).status).toBe(404);
  });
});

describe('POST /admin/jobs/{id}/resolve', () => {
  async function disputedJob(): Promise<{ jobId: string; pay: number; fee: number; total: number }> {
    day += 1;
    const job = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(day % 7, 2 + day) });
    const jobId = job.body.id as string;
    expect((await call(t.app, 'POST', `/jobs/${jobId}/accept`, { token: professional.accessToken })).status).toBe(200);
    // Paid from an Airtel wallet through PesaPal.
    await t.ctx.db
      .execute(sql`INSERT INTO transactions (job_id, payer_id, amount, payment_method, payer_phone, status, provider_method, confirmation_code)
      VALUES (${jobId}, ${institution.id}, ${job.body.total}, 'mobile_money', ${AIRTEL_PHONE}, 'completed', 'Airtel Money UG', 'CONF1')`);
    await markPaid(t.ctx, jobId);
    await t.ctx.db.execute(
      sql`UPDATE jobs SET status = 'disputed', checked_in_at = now() - interval '9 hours', checked_out_at = now() - interval '1 hour', dispute_reason = 'Left early' WHERE id = ${jobId}`,
    );
    return { jobId, pay: job.body.pay, fee: job.body.fee, total: job.body.total };
  }

  it('pays that share, the fee follows it, the rest goes back to the phone the institution paid from; audited; once', async () => {
    await setMethod(MTN_PHONE, 'mtn');
    const before = await ledger();
    const { jobId, pay, fee, total } = await disputedJob();
    const body = { payPercent: 25, reason: 'Worked a quarter of the shift' };
    const resolved = await call(t.app, 'POST', `/admin/jobs/${jobId}/resolve`, { token: admin.accessToken, body });
    expect(resolved.status).toBe(200);
    expect(resolved.body.status).toBe('completed');
    const payShare = Math.round(pay / 4);
    const feeShare = Math.round(fee / 4);
    const rows = await payoutsOf(jobId);
    expect(rows.map((row) => [row.amount, row.phone, row.network])).toEqual([
      [payShare, MTN_PHONE, 'mtn'],
      [total - payShare - feeShare, AIRTEL_PHONE, 'airtel'],
    ]);
    const after = await ledger();
    expect(after.escrow).toBe(before.escrow);
    expect(after.revenue! - before.revenue!).toBe(feeShare);
    expect(after.institution_payable! - before.institution_payable!).toBe(total - payShare - feeShare);
    for (const row of rows) await processPayout(t.ctx, row.id);
    expect((await payoutsOf(jobId)).map((row) => row.status)).toEqual(['successful', 'successful']);
    expect((await ledger()).institution_payable).toBe(before.institution_payable);

    const twice = await call(t.app, 'POST', `/admin/jobs/${jobId}/resolve`, { token: admin.accessToken, body });
    expect(twice.status).toBe(409);
    const audit = await call(t.app, 'GET', `/admin/audit?targetType=job&targetId=${jobId}`, { token: admin.accessToken });
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'job.resolve', reason: body.reason })]);
  });

  it('0 % returns the whole total to the institution, decided once under concurrency; bad shares, missing reasons and non-admins are refused', async () => {
    const { jobId, total } = await disputedJob();
    for (const bad of [
      { payPercent: 101, reason: 'x' },
      { payPercent: -1, reason: 'x' },
      { payPercent: 50.5, reason: 'x' },
      { payPercent: 50 },
      { payPercent: '50', reason: 'x' },
    ]) {
      const response = await call(t.app, 'POST', `/admin/jobs/${jobId}/resolve`, { token: admin.accessToken, body: bad });
      expect([400, 422]).toContain(response.status);
    }
    const body = { payPercent: 0, reason: 'Nobody did the work' };
    expect((await call(t.app, 'POST', `/admin/jobs/${jobId}/resolve`, { token: institution.accessToken, body })).status).toBe(403);
    const [first, second] = await Promise.all([
      call(t.app, 'POST', `/admin/jobs/${jobId}/resolve`, { token: admin.accessToken, body }),
      call(t.app, 'POST', `/admin/jobs/${jobId}/resolve`, { token: admin.accessToken, body }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    expect((await payoutsOf(jobId)).map((row) => [row.amount, row.phone])).toEqual([[total, AIRTEL_PHONE]]);
    const open = await postJob(t.app, institution.accessToken);
    expect((await call(t.app, 'POST', `/admin/jobs/${open.body.id}/resolve`, { token: admin.accessToken, body })).status).toBe(409);
  });
});

describe('erasure and export', () => {
  it('DELETE /me answers 409 while a payout is not yet successful; GET /me/export lists payouts', async () => {
    await momo.control(`/payees/${MTN_PHONE}`, { status: 'FAILED', reason: 'PAYEE_NOT_FOUND' });
    await setMethod(MTN_PHONE, 'mtn');
    const { jobId } = await completedJob();
    const payout = await payOf(jobId);
    await processPayout(t.ctx, payout.id);
    const refused = await call(t.app, 'DELETE', '/me', { token: professional.accessToken });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toMatch(/payout-not-settled$/);
    const exported = await call(t.app, 'GET', '/me/export', { token: professional.accessToken });
    expect(exported.status).toBe(200);
    expect(exported.body.payouts.method).toMatchObject({ phone: MTN_PHONE, network: 'mtn' });
    expect(exported.body.payouts.payouts).toContainEqual(expect.objectContaining({ id: payout.id, status: 'failed' }));
  });
});

describe('GET /admin/ledger', () => {
  it('lists every account and no unbalanced journal; the database refuses a journal that does not sum to zero', async () => {
    const response = await call(t.app, 'GET', '/admin/ledger', { token: admin.accessToken });
    expect(response.status).toBe(200);
    expect(response.body.unbalancedJournals).toBe(0);
    const balances = response.body.accounts as { account: string; balance: number }[];
    expect(balances.map((row) => row.account)).toContain('escrow');
    expect(balances.reduce((sum, row) => sum + row.balance, 0)).toBe(0);
    const refusal = await t.ctx.db
      .transaction(async (tx) => {
        const [journal] = rowsOf<{ id: string }>(await tx.execute(sql`INSERT INTO ledger_journals (kind) VALUES ('test') RETURNING id`));
        await tx.execute(
          sql`INSERT INTO ledger_entries (journal_id, account, amount) VALUES (${journal!.id}, 'escrow', 100), (${journal!.id}, 'revenue', -99)`,
        );
      })
      .then(
        () => 'committed',
        (error: Error) => String(error.cause ?? error),
      );
    expect(refusal).toMatch(/does not balance/);
    await expect(t.ctx.db.execute(sql`UPDATE ledger_entries SET amount = amount + 1`)).rejects.toThrow();
    expect((await call(t.app, 'GET', '/admin/ledger', { token: professional.accessToken })).status).toBe(403);
  });
});
