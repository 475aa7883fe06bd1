import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KAMPALA } from '../../contracts/time.js';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { createAdmin, type RegisteredUser } from '../../../test/support/factories.js';
import { call } from '../../../test/support/http.js';
import { makeReadyProfessional, nextKampalaDate, postJob } from '../../../test/support/job-factories.js';
import { pdfText } from '../../../test/support/pdf.js';
import { controlsFor, eventually, type RunningSimulator } from '../../../test/support/pesapal.js';
import { makeInstitution, type Institution, type Professional } from '../../../test/support/profile-factories.js';
import { issueInvoice } from './service.js';

let t: TestApp;
let simulator: RunningSimulator;
let institution: Institution;
let otherInstitution: Institution;
let professional: Professional;
let otherProfessional: Professional;
let admin: RegisteredUser;
let day = 0;

beforeAll(async () => {
  // The in-process PesaPal simulator (PESAPAL_BASE_URL unset), reached over real HTTP at PUBLIC_URL.
  t = await startTestApp({ listen: true, workers: true });
  const baseUrl = await t.listen();
  simulator = controlsFor(baseUrl, `${baseUrl}/pesapal-sim/pesapalv3`, `${baseUrl}/pesapal-sim`);
  institution = await makeInstitution(t.app, { name: 'Ssebaggala Health Centre ✚ 日本', address: "Plot 7\n'); DROP TABLE invoices; --" });
  otherInstitution = await makeInstitution(t.app);
  const everyDay = Array.from({ length: 7 }, (_, weekday) => ({ weekday, start: '00:00', end: '24:00' }));
  professional = await makeReadyProfessional(t.app, t.ctx, { availability: everyDay });
  otherProfessional = await makeReadyProfessional(t.app, t.ctx, { availability: everyDay }, 'Apio Grace');
  admin = await createAdmin(t.app, t.ctx);
}, 60_000);
afterAll(async () => {
  await t?.close();
});

/** A job the test professional has accepted, each on its own day; its payment started at PesaPal. */
async function jobWithPendingPayment(rateAmount = 80_000) {
  day += 1;
  const job = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(day % 7, 2 + day), rateAmount });
  expect((await call(t.app, 'POST', `/jobs/${job.body.id}/accept`, { token: professional.accessToken })).status).toBe(200);
  const payment = await call(t.app, 'POST', `/jobs/${job.body.id}/payments`, {
    token: institution.accessToken,
    body: { method: 'mobile_money', phone: '0772123456' },
  });
  expect(payment.status).toBe(201);
  return { jobId: job.body.id as string, transactionId: payment.body.transactionId as string, trackingId: payment.body.orderTrackingId };
}

const jobStatus = async (jobId: string) =>
  (await call(t.app, 'GET', `/jobs/${jobId}`, { token: institution.accessToken })).body.status as string;

async function paidJob(rateAmount?: number) {
  const job = await jobWithPendingPayment(rateAmount);
  await simulator.control(`/orders/${job.trackingId}/complete`, {});
  await eventually(async () => (await jobStatus(job.jobId)) === 'paid');
  return job;
}

function downloadInvoice(jobId: string, token?: string) {
  return t.app.inject({
    method: 'GET',
    url: `/api/v1/jobs/${jobId}/invoice`,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

const NUMBER = /^QG-(\d{4})-(\d{6})$/;
const sequenceOf = (number: string) => Number(NUMBER.exec(number)![2]);

async function invoiceNumbers(jobIds: string[]): Promise<string[]> {
  const rows = rowsOf<{ number: string }>(
    await t.ctx.db.execute(sql`SELECT number FROM invoices WHERE job_id IN ${sql.raw(`('${jobIds.join("','")}')`)} ORDER BY sequence`),
  );
  return rows.map((row) => row.number);
}

describe('GET /jobs/{id}/invoice', () => {
  it('is a PDF named after its number with the institution, the shift, pay, fee, total and PesaPal’s confirmation code', async () => {
    const { jobId, transactionId } = await paidJob(80_000);
    const response = await downloadInvoice(jobId, institution.accessToken);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['cache-control']).toBe('private, no-store');
    const [number] = await invoiceNumbers([jobId]);
    expect(number).toMatch(NUMBER);
    expect(response.headers['content-disposition']).toContain(`filename="${number}.pdf"`);
    expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const confirmationCode = (await call(t.app, 'GET', `/transactions/${transactionId}`, { token: institution.accessToken })).body
      .confirmationCode as string;
    expect(confirmationCode).toBeTruthy();
    const job = (await call(t.app, 'GET', `/jobs/${jobId}`, { token: institution.accessToken })).body;
    const text = await pdfText(response.rawPayload);
    expect(text).toContain(number);
    // Characters the PDF's standard font cannot draw become "?"; everything else is kept, injection strings as text.
    expect(text).toContain('Ssebaggala Health Centre ? ??');
    expect(text).toContain("Plot 7 '); DROP TABLE invoices; --");
    expect(text).toContain('teacher');
    expect(text).toContain(`${job.startTime}-16:00 (Kampala time)`);
    // An 80,000 day rate, 8 hours, and the default 10% fee.
    expect(text).toMatch(/Hours\s+8\b/);
    expect(text).toMatch(/Professional's pay\s+UGX 80,000/);
    expect(text).toMatch(/Qgig fee \(10%\)\s+UGX 8,000/);
    expect(text).toMatch(/Total paid\s+UGX 88,000/);
    expect(text).toContain(confirmationCode);
  });

  it('is for the owner and admins: the assignee and everyone else get 404, no token 401, an unpaid job 409', async () => {
    const { jobId } = await paidJob();
    expect((await downloadInvoice(jobId, institution.accessToken)).statusCode).toBe(200);
    expect((await downloadInvoice(jobId, admin.accessToken)).statusCode).toBe(200);
    for (const stranger of [professional, otherProfessional, otherInstitution]) {
      const refused = await downloadInvoice(jobId, stranger.accessToken);
      expect(refused.statusCode).toBe(404);
      expect(refused.headers['content-type']).toContain('application/problem+json');
    }
    expect((await downloadInvoice(jobId)).statusCode).toBe(401);
    expect((await downloadInvoice('00000000-0000-4000-8000-000000000000', institution.accessToken)).statusCode).toBe(404);
    // A malformed id names nothing: 404, as every id route answers it.
    expect((await downloadInvoice(encodeURIComponent("1' OR '1'='1"), institution.accessToken)).statusCode).toBe(404);

    const unpaid = await jobWithPendingPayment();
    const early = await downloadInvoice(unpaid.jobId, institution.accessToken);
    expect(early.statusCode).toBe(409);
    expect(JSON.parse(early.body)).toMatchObject({ type: 'https://qgig.ug/problems/job-not-paid', status: 409 });
    // Only the owner learns that: to anyone else the job is not there.
    expect((await downloadInvoice(unpaid.jobId, otherInstitution.accessToken)).statusCode).toBe(404);
  });
});

describe('invoice numbers', () => {
  it('20 jobs paid at once over HTTP get 20 consecutive numbers of this year: no gap, no duplicate', async () => {
    const jobs: Array<Awaited<ReturnType<typeof jobWithPendingPayment>>> = [];
    for (let index = 0; index < 20; index++) jobs.push(await jobWithPendingPayment());
    const before = rowsOf<{ last: number | null }>(
      await t.ctx.db.execute(
        sql`SELECT max(sequence)::int AS last FROM invoices WHERE number LIKE ${`QG-${DateTime.now().setZone(KAMPALA).year}-%`}`,
      ),
    )[0]!.last;
    await Promise.all(jobs.map((job) => simulator.control(`/orders/${job.trackingId}/complete`, {})));
    await eventually(async () => (await invoiceNumbers(jobs.map((job) => job.jobId))).length === 20, 30_000);

    const numbers = await invoiceNumbers(jobs.map((job) => job.jobId));
    const year = NUMBER.exec(numbers[0]!)![1];
    expect(numbers.every((number) => NUMBER.exec(number)![1] === year)).toBe(true);
    const first = (before ?? 0) + 1;
    expect(numbers.map(sequenceOf)).toEqual(Array.from({ length: 20 }, (_, index) => first + index));
    const counter = rowsOf<{ last: number }>(
      await t.ctx.db.execute(sql`SELECT last_sequence AS last FROM invoice_counters WHERE year = ${Number(year)}`),
    )[0]!;
    expect(counter.last).toBe(first + 19);
    for (const job of jobs) expect(await jobStatus(job.jobId)).toBe('paid');
    // Each downloads under its own number.
    const names = await Promise.all(
      jobs.map(async (job) => (await downloadInvoice(job.jobId, institution.accessToken)).headers['content-disposition'] as string),
    );
    expect(new Set(names).size).toBe(20);
  });

  it('start again at 000001 at Kampala midnight on 1 January, and a rolled-back payment gives its number back', async () => {
    const [a, b, c, d] = [
      await jobWithPendingPayment(),
      await jobWithPendingPayment(),
      await jobWithPendingPayment(),
      await jobWithPendingPayment(),
    ];
    const issue = (job: typeof a, paidAt: string) =>
      t.ctx.db.transaction((tx) =>
        issueInvoice(tx, { jobId: job!.jobId, transactionId: job!.transactionId, confirmationCode: 'TEST', paidAt: new Date(paidAt) }),
      );
    // 23:59:59 on 31 December in Kampala is 20:59:59 UTC.
    expect((await issue(a, '2098-12-31T20:59:59Z')).number).toBe('QG-2098-000001');
    expect((await issue(b, '2098-12-31T21:00:00Z')).number).toBe('QG-2099-000001');
    await expect(
      t.ctx.db.transaction(async (tx) => {
        await issueInvoice(tx, {
          jobId: c!.jobId,
          transactionId: c!.transactionId,
          confirmationCode: 'TEST',
          paidAt: new Date('2099-03-01'),
        });
        throw new Error('the payment’s transaction failed after the number was taken');
      }),
    ).rejects.toThrow('failed after');
    expect((await issue(d, '2099-06-01T12:00:00Z')).number).toBe('QG-2099-000002');
    expect((await issue(c, '2099-06-02T12:00:00Z')).number).toBe('QG-2099-000003');
    // A job keeps the invoice it has: issuing again takes no number.
    expect((await issue(a, '2099-06-03T12:00:00Z')).number).toBe('QG-2098-000001');
    expect((await issue(d, '2099-06-03T12:00:00Z')).number).toBe('QG-2099-000002');
    const counters = rowsOf<{ year: number; last: number }>(
      await t.ctx.db.execute(sql`SELECT year, last_sequence AS last FROM invoice_counters WHERE year >= 2098 ORDER BY year`),
    );
    expect(counters).toEqual([
      { year: 2098, last: 1 },
      { year: 2099, last: 3 },
    ]);
  });
});
