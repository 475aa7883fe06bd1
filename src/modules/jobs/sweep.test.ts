import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { call } from '../../../test/support/http.js';
import { makeReadyProfessional, markPaid, nextKampalaDate, postJob } from '../../../test/support/job-factories.js';
import { makeInstitution, type Institution, type Professional } from '../../../test/support/profile-factories.js';
import { refundJobPaymentJob } from '../payments/jobs.js';
import { rateReminderJob } from '../ratings/jobs.js';
import { sweepShifts } from './sweep.js';

let t: TestApp;
let institution: Institution;
let professional: Professional;
let day = 0;

beforeAll(async () => {
  t = await startTestApp();
  institution = await makeInstitution(t.app);
  const everyDay = Array.from({ length: 7 }, (_, weekday) => ({ weekday, start: '00:00', end: '24:00' }));
  professional = await makeReadyProfessional(t.app, t.ctx, { availability: everyDay });
});
afterAll(async () => {
  await t.close();
});

/** An accepted job (paid when asked), then moved in time and state by `update`, as the clock and the API would have. */
async function jobWith(paid: boolean, update: ReturnType<typeof sql>): Promise<string> {
  day += 1;
  const job = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(day % 7, 2 + day) });
  const id = job.body.id as string;
  expect((await call(t.app, 'POST', `/jobs/${id}/accept`, { token: professional.accessToken })).status).toBe(200);
  if (paid) await markPaid(t.ctx, id);
  await t.ctx.db.execute(sql`UPDATE jobs SET ${update} WHERE id = ${id}`);
  return id;
}

const jobView = async (id: string) => (await call(t.app, 'GET', `/jobs/${id}`, { token: institution.accessToken })).body;
const queued = async (name: string) => rowsOf<{ data: { jobId: string } }>(await t.ctx.db.execute(sql`SELECT data FROM pgboss.job WHERE name = ${name}`)).map((row) => row.data.jobId);
const notices = async (token: string, jobId: string, type: string) =>
  (await call(t.app, 'GET', '/notifications', { token })).body.items.filter((item: { type: string; data: { jobId: string } }) => item.type === type && item.data.jobId === jobId);

/** Twice: a repeated sweep finds nothing more to do. */
async function sweepTwice(): Promise<void> {
  await sweepShifts(t.ctx);
  await sweepShifts(t.ctx);
}

describe('the shift sweep', () => {
  it('checks out at the scheduled end a job checked in but not out 2 h after it, and leaves one within the 2 h', async () => {
    const late = await jobWith(true, sql`starts_at = now() - interval '11 hours', ends_at = now() - interval '121 minutes', status = 'checked_in', checked_in_at = now() - interval '11 hours'`);
    const recent = await jobWith(true, sql`starts_at = now() - interval '9 hours', ends_at = now() - interval '100 minutes', status = 'checked_in', checked_in_at = now() - interval '9 hours'`);
    await sweepTwice();
    const view = await jobView(late);
    expect(view).toMatchObject({ status: 'checked_out', timesheet: { checkedInAt: view.startsAt, checkedOutAt: view.endsAt, minutes: 539, autoCheckout: true, byOwner: false } });
    expect((await jobView(recent)).status).toBe('checked_in');
  });

  it('approves a timesheet left 24 h after check-out, queueing what completion sets off, and not one younger', async () => {
    const old = await jobWith(true, sql`starts_at = now() - interval '33 hours', ends_at = now() - interval '25 hours', status = 'checked_out', checked_in_at = now() - interval '33 hours', checked_out_at = now() - interval '24 hours 1 minute'`);
    const young = await jobWith(true, sql`starts_at = now() - interval '30 hours', ends_at = now() - interval '22 hours', status = 'checked_out', checked_in_at = now() - interval '30 hours', checked_out_at = now() - interval '23 hours'`);
    await sweepTwice();
    expect((await jobView(old)).status).toBe('completed');
    expect((await jobView(young)).status).toBe('checked_out');
    expect(await queued(rateReminderJob.name)).toContain(old);
  });

  it('tells the owner once when nobody checked in 30 min after the start, and makes it a refunded no-show 24 h after the end', async () => {
    const absent = await jobWith(true, sql`starts_at = now() - interval '31 minutes', ends_at = now() + interval '7 hours'`);
    const forgotten = await jobWith(true, sql`starts_at = now() - interval '33 hours', ends_at = now() - interval '24 hours 1 minute', no_check_in_notice_at = now() - interval '32 hours'`);
    await sweepTwice();
    expect(await notices(institution.accessToken, absent, 'job.no_check_in')).toHaveLength(1);
    expect((await jobView(absent)).status).toBe('paid');
    expect((await jobView(forgotten)).status).toBe('no_show');
    expect(await queued(refundJobPaymentJob.name)).toContain(forgotten);
    expect(await queued(refundJobPaymentJob.name)).not.toContain(absent);
  });

  it('reminds the institution once 24 h before an unpaid start, and cancels a job still unpaid at its start, telling both parties', async () => {
    const soon = await jobWith(false, sql`starts_at = now() + interval '23 hours', ends_at = now() + interval '31 hours'`);
    const unpaid = await jobWith(false, sql`starts_at = now() - interval '1 minute', ends_at = now() + interval '8 hours'`);
    await sweepTwice();
    expect(await notices(institution.accessToken, soon, 'job.payment_reminder')).toHaveLength(1);
    expect((await jobView(soon)).status).toBe('assigned');
    expect((await jobView(unpaid)).status).toBe('cancelled');
    expect(await notices(institution.accessToken, unpaid, 'job.cancelled')).toHaveLength(1);
    expect(await notices(professional.accessToken, unpaid, 'job.cancelled')).toHaveLength(1);
  });
});
