import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { createAdmin, type RegisteredUser } from '../../../test/support/factories.js';
import { call } from '../../../test/support/http.js';
import { makeReadyProfessional, nextKampalaDate, postJob } from '../../../test/support/job-factories.js';
import { controlsFor, eventually, type RunningSimulator } from '../../../test/support/pesapal.js';
import { makeInstitution, type Institution, type Professional } from '../../../test/support/profile-factories.js';
import { fastForwardTasks, queuedTasks } from '../../../test/support/queue.js';
import { checkPaymentTask, refundJobPaymentTask } from './tasks.js';
import { reconcileStalePayments } from './service.js';

let t: TestApp;
let baseUrl: string;
let simulator: RunningSimulator;
let institution: Institution;
let professional: Professional;
let admin: RegisteredUser;
let day = 0;

beforeAll(async () => {
  // The in-process simulator (PESAPAL_BASE_URL unset), reached over real HTTP at PUBLIC_URL.
  t = await startTestApp({ listen: true, workers: true });
  baseUrl = await t.listen();
  simulator = controlsFor(baseUrl, `${baseUrl}/pesapal-sim/pesapalv3`, `${baseUrl}/pesapal-sim`);
  institution = await makeInstitution(t.app);
  const everyDay = Array.from({ length: 7 }, (_, weekday) => ({ weekday, start: '00:00', end: '24:00' }));
  professional = await makeReadyProfessional(t.app, t.ctx, { availability: everyDay });
  admin = await createAdmin(t.app, t.ctx);
});
afterAll(async () => {
  await t.close();
});

/** A job the test professional has accepted, each on its own day. */
async function assignedJob(rateAmount = 80_000): Promise<string> {
  day += 1;
  const job = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(day % 7, 2 + day), rateAmount });
  expect((await call(t.app, 'POST', `/jobs/${job.body.id}/accept`, { token: professional.accessToken })).status).toBe(200);
  return job.body.id;
}

async function pay(jobId: string) {
  const response = await call(t.app, 'POST', `/jobs/${jobId}/payments`, {
    token: institution.accessToken,
    body: { method: 'mobile_money', phone: '0772 123456' },
  });
  expect(response.status).toBe(201);
  return response.body as { transactionId: string; redirectUrl: string; orderTrackingId: string; status: string };
}

const jobStatus = async (jobId: string) =>
  (await call(t.app, 'GET', `/jobs/${jobId}`, { token: institution.accessToken })).body.status as string;
const transaction = async (id: string, token = institution.accessToken) =>
  (await call(t.app, 'GET', `/transactions/${id}`, { token })).body;
const eventTypes = async (id: string) => ((await transaction(id)).events as Array<{ type: string }>).map((event) => event.type);

async function noticeCount(userId: string, type: string, jobId: string): Promise<number> {
  const rows = rowsOf<{ n: number }>(
    await t.ctx.db.execute(
      sql`SELECT count(*)::int AS n FROM notifications WHERE user_id = ${userId} AND type = ${type} AND data->>'jobId' = ${jobId}`,
    ),
  );
  return rows[0]!.n;
}

/** The payer on PesaPal's page: opens the checkout, then approves or declines in the form. */
async function checkout(redirectUrl: string, action: 'approve' | 'decline'): Promise<Response> {
  const page = await fetch(redirectUrl);
  expect(page.status).toBe(200);
  // An 80,000 day rate plus the default 10% fee.
  expect(await page.text()).toContain('UGX 88,000');
  return fetch(redirectUrl, {
    method: 'POST',
    body: new URLSearchParams({ action, method: 'mtn', phone: '0772123456' }),
    redirect: 'manual',
  });
}

describe('the payment flow over real HTTP', () => {
  it('approve: PesaPal’s IPN, checked by status query, pays the job and tells both parties; the callback page shows it', async () => {
    const jobId = await assignedJob();
    const started = await pay(jobId);
    expect(started).toMatchObject({
      status: 'pending',
      redirectUrl: expect.stringContaining('/pesapal-sim/'),
      orderTrackingId: expect.any(String),
    });

    const answer = await checkout(started.redirectUrl, 'approve');
    expect(answer.status).toBe(303);
    await eventually(async () => (await jobStatus(jobId)) === 'paid');
    const paid = await transaction(started.transactionId);
    expect(paid).toMatchObject({
      status: 'completed',
      amount: 88_000,
      currency: 'UGX',
      pesapalReference: started.orderTrackingId,
      confirmationCode: expect.any(String),
    });
    expect(await eventTypes(started.transactionId)).toEqual(
      expect.arrayContaining(['created', 'submitted', 'ipn_received', 'status_checked', 'completed']),
    );
    expect(await noticeCount(institution.id, 'payment.received', jobId)).toBe(1);
    expect(await noticeCount(professional.id, 'payment.received', jobId)).toBe(1);

    const callback = await fetch(answer.headers.get('location')!);
    expect(callback.status).toBe(200);
    expect(await callback.text()).toContain('Payment received');
  });

  it('decline: the payment fails, the payer is told, the job stays assigned and can be paid again', async () => {
    const jobId = await assignedJob();
    const started = await pay(jobId);
    await checkout(started.redirectUrl, 'decline');
    await eventually(async () => (await transaction(started.transactionId)).status === 'failed');
    expect(await jobStatus(jobId)).toBe('assigned');
    expect(await noticeCount(institution.id, 'payment.failed', jobId)).toBe(1);
    const again = await call(t.app, 'POST', `/jobs/${jobId}/payments`, { token: institution.accessToken, body: { method: 'card' } });
    expect(again.status).toBe(201);
  });

  it('five copies of the IPN are all acknowledged, recorded once, queue one re-check, complete the payment once and notify once', async () => {
    const jobId = await assignedJob();
    const started = await pay(jobId);
    const acknowledged = async () =>
      ((await simulator.control('/ipns')) as Array<{ trackingId: string; acknowledged: boolean }>).filter(
        (ipn) => ipn.trackingId === started.orderTrackingId && ipn.acknowledged,
      ).length;
    const statusChecksBefore = (await simulator.calls('GetTransactionStatus')).length;
    await simulator.control(`/orders/${started.orderTrackingId}/complete`, { ipnCopies: 5 });
    await eventually(async () => (await acknowledged()) === 5);
    await eventually(async () => (await jobStatus(jobId)) === 'paid');
    const types = await eventTypes(started.transactionId);
    expect(types.filter((type) => type === 'ipn_received')).toHaveLength(1);
    expect(await queuedTasks(t.ctx, checkPaymentTask.name, { transactionId: started.transactionId, reason: 'ipn' })).toHaveLength(1);
    // The first copy's own check, and at most the one queued re-check (15 s later); one per copy before.
    expect((await simulator.calls('GetTransactionStatus')).length - statusChecksBefore).toBeLessThanOrEqual(2);
    expect(types.filter((type) => type === 'completed')).toHaveLength(1);
    expect(await noticeCount(institution.id, 'payment.received', jobId)).toBe(1);
    expect(await noticeCount(professional.id, 'payment.received', jobId)).toBe(1);
  });

  it('refuses a second payment while one is pending (409), and any payment for a job that is not assigned', async () => {
    const jobId = await assignedJob();
    await pay(jobId);
    const second = await call(t.app, 'POST', `/jobs/${jobId}/payments`, {
      token: institution.accessToken,
      body: { method: 'mobile_money' },
    });
    expect(second.status).toBe(409);
    const open = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(3, 60) });
    const notAssigned = await call(t.app, 'POST', `/jobs/${open.body.id}/payments`, {
      token: institution.accessToken,
      body: { method: 'mobile_money' },
    });
    expect(notAssigned).toMatchObject({ status: 409, body: { currentStatus: 'open' } });
  });

  it('answers concurrent double-submits with one payment and one 409', async () => {
    const jobId = await assignedJob();
    const both = await Promise.all(
      [0, 1].map(() =>
        call(t.app, 'POST', `/jobs/${jobId}/payments`, { token: institution.accessToken, body: { method: 'mobile_money' } }),
      ),
    );
    expect(both.map((response) => response.status).sort()).toEqual([201, 409]);
  });

  it.each([
    [{ method: 'bitcoin' }],
    [{ method: 'mobile_money', phone: '12' }],
    [{ method: 'mobile_money', phone: '+44 20 7946 0958' }],
    [{}],
  ])('refuses a bad payment request %j with 422 and records nothing', async (body) => {
    const jobId = await assignedJob();
    const response = await call(t.app, 'POST', `/jobs/${jobId}/payments`, { token: institution.accessToken, body });
    expect(response.status).toBe(422);
    const rows = rowsOf<{ n: number }>(await t.ctx.db.execute(sql`SELECT count(*)::int AS n FROM transactions WHERE job_id = ${jobId}`));
    expect(rows[0]!.n).toBe(0);
  });

  it('lets only the owner pay (403) and only the payer or an admin read the transaction (404 otherwise)', async () => {
    const jobId = await assignedJob();
    const stranger = await makeInstitution(t.app);
    expect((await call(t.app, 'POST', `/jobs/${jobId}/payments`, { token: stranger.accessToken, body: { method: 'card' } })).status).toBe(
      403,
    );
    const started = await pay(jobId);
    expect((await call(t.app, 'GET', `/transactions/${started.transactionId}`, { token: stranger.accessToken })).status).toBe(404);
    expect((await call(t.app, 'GET', `/transactions/${started.transactionId}`, { token: professional.accessToken })).status).toBe(404);
    expect((await call(t.app, 'GET', `/transactions/${started.transactionId}`, { token: admin.accessToken })).status).toBe(200);
  });
});

describe('IPNs that must change nothing', () => {
  it('acknowledges an IPN for an unknown or foreign order with status 500 and changes nothing', async () => {
    const jobId = await assignedJob();
    const started = await pay(jobId);
    for (const reference of ['00000000-0000-4000-8000-000000000000', 'ORDER-1234', "'; DROP TABLE transactions; --"]) {
      const response = await fetch(
        `${baseUrl}/api/v1/payments/pesapal/ipn?${new URLSearchParams({ OrderTrackingId: started.orderTrackingId, OrderMerchantReference: reference, OrderNotificationType: 'IPNCHANGE' })}`,
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        orderNotificationType: 'IPNCHANGE',
        orderTrackingId: started.orderTrackingId,
        orderMerchantReference: reference,
        status: 500,
      });
    }
    const wrongTracking = await fetch(`${baseUrl}/api/v1/payments/pesapal/ipn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        OrderTrackingId: 'someone-elses-order',
        OrderMerchantReference: started.transactionId,
        OrderNotificationType: 'IPNCHANGE',
      }),
    });
    expect(((await wrongTracking.json()) as { status: number }).status).toBe(500);
    expect(await eventTypes(started.transactionId)).toEqual(['created', 'submitted']);
  });

  it('ignores a forged IPN naming a real order whose status is still pending', async () => {
    const jobId = await assignedJob();
    const started = await pay(jobId);
    const forged = await fetch(`${baseUrl}/api/v1/payments/pesapal/ipn`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        OrderTrackingId: started.orderTrackingId,
        OrderMerchantReference: started.transactionId,
        OrderNotificationType: 'IPNCHANGE',
      }),
    });
    expect(((await forged.json()) as { status: number }).status).toBe(200);
    expect(await transaction(started.transactionId)).toMatchObject({ status: 'pending' });
    expect(await jobStatus(jobId)).toBe('assigned');
  });

  it('takes one of many concurrent copies of an IPN within the replay window, and the next one after it', async () => {
    const jobId = await assignedJob();
    const started = await pay(jobId);
    const ipn = () =>
      fetch(
        `${baseUrl}/api/v1/payments/pesapal/ipn?${new URLSearchParams({ OrderTrackingId: started.orderTrackingId, OrderMerchantReference: started.transactionId, OrderNotificationType: 'IPNCHANGE' })}`,
      );
    const answers = await Promise.all(Array.from({ length: 8 }, ipn));
    for (const answer of answers) expect(((await answer.json()) as { status: number }).status).toBe(200);
    const received = async () => (await eventTypes(started.transactionId)).filter((type) => type === 'ipn_received').length;
    expect(await received()).toBe(1);
    expect(await queuedTasks(t.ctx, checkPaymentTask.name, { transactionId: started.transactionId, reason: 'ipn' })).toHaveLength(1);

    await t.ctx.db.execute(
      sql`UPDATE pesapal_ipn_receipts SET received_at = now() - interval '61 seconds' WHERE order_tracking_id = ${started.orderTrackingId}`,
    );
    await ipn();
    expect(await received()).toBe(2);
  });

  it('flags a completion whose amount differs from the order, and leaves the job unpaid', async () => {
    const jobId = await assignedJob();
    const started = await pay(jobId);
    await simulator.control(`/orders/${started.orderTrackingId}/complete`, { amount: 1000 });
    await eventually(async () => (await transaction(started.transactionId)).flaggedReason ?? undefined);
    expect(await transaction(started.transactionId)).toMatchObject({
      status: 'pending',
      flaggedReason: expect.stringContaining('UGX 1000'),
    });
    expect(await jobStatus(jobId)).toBe('assigned');
    expect(
      (await call(t.app, 'POST', `/jobs/${jobId}/payments`, { token: institution.accessToken, body: { method: 'card' } })).status,
    ).toBe(409);
  });
});

describe('reliability', () => {
  it('completes through an IPN that arrives before the order’s answer was stored', async () => {
    const jobId = await assignedJob();
    const started = await pay(jobId);
    await t.ctx.db.execute(sql`UPDATE transactions SET order_tracking_id = NULL WHERE id = ${started.transactionId}`);
    await simulator.control(`/orders/${started.orderTrackingId}/complete`, {});
    await eventually(async () => (await jobStatus(jobId)) === 'paid');
    expect((await transaction(started.transactionId)).pesapalReference).toBe(started.orderTrackingId);
  });

  it('retries a status query that fails three times, until the payment completes', async () => {
    const jobId = await assignedJob();
    const started = await pay(jobId);
    const statusCallsBefore = (await simulator.calls('GetTransactionStatus')).length;
    await simulator.control('/faults', { endpoint: 'GetTransactionStatus', failNext: 3 });
    await simulator.control(`/orders/${started.orderTrackingId}/complete`, {});
    await eventually(async () => {
      await fastForwardTasks(t.ctx, checkPaymentTask.name);
      return (await jobStatus(jobId)) === 'paid';
    }, 30_000);
    const types = await eventTypes(started.transactionId);
    expect(types).toContain('status_check_failed');
    expect(types.filter((type) => type === 'completed')).toHaveLength(1);
    // Three failed answers, then the one that settled it.
    expect((await simulator.calls('GetTransactionStatus')).length - statusCallsBefore).toBeGreaterThanOrEqual(4);
  });

  it('completes a payment whose IPN never came, through reconciliation', async () => {
    const jobId = await assignedJob();
    const started = await pay(jobId);
    await simulator.control(`/orders/${started.orderTrackingId}/complete`, { sendIpn: false });
    expect(await reconcileStalePayments(t.ctx)).not.toContain(started.transactionId);
    await t.ctx.db.execute(sql`UPDATE transactions SET created_at = now() - interval '10 minutes' WHERE id = ${started.transactionId}`);
    expect(await reconcileStalePayments(t.ctx)).toContain(started.transactionId);
    await eventually(async () => (await jobStatus(jobId)) === 'paid', 20_000);
  });

  it('renews an expired PesaPal token once, mid-flow', async () => {
    const jobId = await assignedJob();
    const started = await pay(jobId);
    const tokensBefore = (await simulator.calls('RequestToken')).length;
    await simulator.control('/tokens/expire', {});
    await simulator.control(`/orders/${started.orderTrackingId}/complete`, {});
    await eventually(async () => (await jobStatus(jobId)) === 'paid');
    expect((await simulator.calls('RequestToken')).length).toBe(tokensBefore + 1);
  });

  it('refunds a paid job that is cancelled, once, and records the outcome', async () => {
    const jobId = await assignedJob();
    const started = await pay(jobId);
    await simulator.control(`/orders/${started.orderTrackingId}/complete`, {});
    await eventually(async () => (await jobStatus(jobId)) === 'paid');
    await call(t.app, 'POST', `/jobs/${jobId}/cancel`, { token: institution.accessToken, body: { reason: 'The school closed early' } });
    await eventually(async () => {
      await fastForwardTasks(t.ctx, refundJobPaymentTask.name);
      return (await transaction(started.transactionId)).refundStatus === 'requested';
    });
    expect(await eventTypes(started.transactionId)).toEqual(expect.arrayContaining(['refund_requested', 'refund_accepted']));
    expect(await simulator.calls('RefundRequest')).toHaveLength(1);
  });

  it('refunds a payment that completes after its job was cancelled', async () => {
    const jobId = await assignedJob();
    const started = await pay(jobId);
    await call(t.app, 'POST', `/jobs/${jobId}/cancel`, { token: institution.accessToken, body: { reason: 'Found cover internally' } });
    await simulator.control(`/orders/${started.orderTrackingId}/complete`, {});
    await eventually(async () => (await transaction(started.transactionId)).refundStatus === 'requested', 20_000);
    expect(await jobStatus(jobId)).toBe('cancelled');
    expect(await eventTypes(started.transactionId)).toEqual(expect.arrayContaining(['completed', 'job_not_payable', 'refund_accepted']));
  });

  it('keeps payment events append-only', async () => {
    const refusal = (statement: Promise<unknown>) =>
      statement.then(
        () => 'allowed',
        (error: { cause?: unknown }) => String(error.cause ?? error),
      );
    expect(await refusal(t.ctx.db.execute(sql`UPDATE transaction_events SET type = 'tampered'`))).toMatch(/append-only/);
    expect(await refusal(t.ctx.db.execute(sql`DELETE FROM transaction_events`))).toMatch(/append-only/);
  });
});
