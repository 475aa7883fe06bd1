import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { call } from '../../../test/support/http.js';
import { makeReadyProfessional, nextKampalaDate, postJob } from '../../../test/support/job-factories.js';
import { controlsFor, eventually, type RunningSimulator } from '../../../test/support/pesapal.js';
import { makeInstitution, type Institution, type Professional } from '../../../test/support/profile-factories.js';
import { fastForwardTasks } from '../../../test/support/queue.js';
import { checkPaymentTask, refundLatePaymentTask } from './tasks.js';
import { reconcileStalePayments } from './service.js';

const EXPIRY_MINUTES = 30;
let t: TestApp;
let simulator: RunningSimulator;
let institution: Institution;
let professional: Professional;
let day = 0;

beforeAll(async () => {
  t = await startTestApp({ listen: true, workers: true, env: { PAYMENT_EXPIRY_MINUTES: String(EXPIRY_MINUTES) } });
  const baseUrl = await t.listen();
  simulator = controlsFor(baseUrl, `${baseUrl}/pesapal-sim/pesapalv3`, `${baseUrl}/pesapal-sim`);
  institution = await makeInstitution(t.app);
  const everyDay = Array.from({ length: 7 }, (_, weekday) => ({ weekday, start: '00:00', end: '24:00' }));
  professional = await makeReadyProfessional(t.app, t.ctx, { availability: everyDay });
});
afterAll(async () => {
  await t.close();
});

async function assignedJob(): Promise<string> {
  day += 1;
  const job = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(day % 7, 2 + day) });
  expect((await call(t.app, 'POST', `/jobs/${job.body.id}/accept`, { token: professional.accessToken })).status).toBe(200);
  return job.body.id;
}

const startPayment = (jobId: string) =>
  call(t.app, 'POST', `/jobs/${jobId}/payments`, { token: institution.accessToken, body: { method: 'mobile_money' } });
const transaction = async (id: string) => (await call(t.app, 'GET', `/transactions/${id}`, { token: institution.accessToken })).body;
const eventTypes = async (id: string) => ((await transaction(id)).events as Array<{ type: string }>).map((event) => event.type);
const jobStatus = async (jobId: string) =>
  (await call(t.app, 'GET', `/jobs/${jobId}`, { token: institution.accessToken })).body.status as string;
const age = (id: string, minutes: number) =>
  t.ctx.db.execute(sql`UPDATE transactions SET created_at = now() - make_interval(mins => ${minutes}) WHERE id = ${id}`);

describe('an abandoned checkout', () => {
  it('blocks a new attempt (409) until PAYMENT_EXPIRY_MINUTES, then the new attempt cancels it at PesaPal, marks it failed and starts at once', async () => {
    const jobId = await assignedJob();
    const first = await startPayment(jobId);
    expect(first.status).toBe(201);
    await age(first.body.transactionId, EXPIRY_MINUTES - 1);
    expect((await startPayment(jobId)).status).toBe(409);

    await age(first.body.transactionId, EXPIRY_MINUTES);
    const cancelsBefore = (await simulator.calls('CancelOrder')).length;
    const second = await startPayment(jobId);
    expect(second.status).toBe(201);
    expect(second.body.transactionId).not.toBe(first.body.transactionId);
    expect((await simulator.calls('CancelOrder')).length).toBe(cancelsBefore + 1);
    expect(await transaction(first.body.transactionId)).toMatchObject({ status: 'failed', redirectUrl: null });
    expect(await eventTypes(first.body.transactionId)).toEqual(
      expect.arrayContaining(['status_checked', 'cancelled_at_provider', 'expired']),
    );

    // The abandoned order can no longer be paid at PesaPal; the new one completes the job.
    const orders = (await simulator.control('/orders')) as Array<{ trackingId: string; status: string }>;
    expect(orders.find((order) => order.trackingId === first.body.orderTrackingId)?.status).toBe('CANCELLED');
    await simulator.control(`/orders/${second.body.orderTrackingId}/complete`, {});
    await eventually(async () => (await jobStatus(jobId)) === 'paid');
  });

  it('is settled instead of expired when PesaPal says it was paid meanwhile: the new attempt is 409', async () => {
    const jobId = await assignedJob();
    const first = await startPayment(jobId);
    await simulator.control(`/orders/${first.body.orderTrackingId}/complete`, { sendIpn: false });
    await age(first.body.transactionId, EXPIRY_MINUTES + 1);
    expect((await startPayment(jobId)).status).toBe(409);
    expect(await transaction(first.body.transactionId)).toMatchObject({ status: 'completed' });
    expect(await jobStatus(jobId)).toBe('paid');
  });

  it('with no tracking id stored (the process died after PesaPal took it) is expired by reconciliation, and refunded when paid later', async () => {
    const jobId = await assignedJob();
    const first = await startPayment(jobId);
    await t.ctx.db.execute(sql`UPDATE transactions SET order_tracking_id = NULL WHERE id = ${first.body.transactionId}`);
    await age(first.body.transactionId, EXPIRY_MINUTES + 5);

    expect(await reconcileStalePayments(t.ctx)).toContain(first.body.transactionId);
    await eventually(async () => {
      await fastForwardTasks(t.ctx, checkPaymentTask.name);
      return (await transaction(first.body.transactionId)).status === 'failed';
    });
    expect(await eventTypes(first.body.transactionId)).toContain('expired');
    const second = await startPayment(jobId);
    expect(second.status).toBe(201);

    // The payer finishes the abandoned checkout after all: PesaPal takes the money and sends its IPN.
    await simulator.control(`/orders/${first.body.orderTrackingId}/complete`, {});
    await eventually(async () => {
      await fastForwardTasks(t.ctx, refundLatePaymentTask.name);
      return (await transaction(first.body.transactionId)).refundStatus === 'requested';
    }, 20_000);
    expect(await transaction(first.body.transactionId)).toMatchObject({ status: 'failed', confirmationCode: expect.any(String) });
    expect(await eventTypes(first.body.transactionId)).toEqual(
      expect.arrayContaining(['paid_after_failure', 'refund_requested', 'refund_accepted']),
    );
    expect(await simulator.calls('RefundRequest')).toHaveLength(1);
    // The job waits for the payment it has now.
    expect(await jobStatus(jobId)).toBe('assigned');
    expect(await transaction(second.body.transactionId)).toMatchObject({ status: 'pending' });
  });

  it('leaves the attempt pending and answers 503 when PesaPal cannot be asked', async () => {
    const jobId = await assignedJob();
    const first = await startPayment(jobId);
    await age(first.body.transactionId, EXPIRY_MINUTES + 1);
    await simulator.control('/faults', { endpoint: 'GetTransactionStatus', failNext: 1 });
    const second = await startPayment(jobId);
    expect(second.status).toBe(503);
    expect(second.headers['content-type']).toContain('application/problem+json');
    expect(await transaction(first.body.transactionId)).toMatchObject({ status: 'pending' });
  });
});
