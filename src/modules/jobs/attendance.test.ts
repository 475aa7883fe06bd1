import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { call } from '../../../test/support/http.js';
import {
  makeReadyProfessional,
  markPaid,
  nextKampalaDate,
  postJob,
  restoreReliability,
  startShift,
} from '../../../test/support/job-factories.js';
import { makeInstitution, type Institution, type Professional } from '../../../test/support/profile-factories.js';
import { refundJobPaymentTask } from '../payments/tasks.js';
import { rateReminderTask } from '../ratings/tasks.js';
import { CODE_STEP_MS, currentCode, isValidCode } from './attendance-code.js';
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

/** A job the test professional accepted (and paid, unless told), its shift still days ahead. */
async function paidJob(paid = true): Promise<string> {
  day += 1;
  const job = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(day % 7, 2 + day) });
  await restoreReliability(t.ctx, professional.id);
  expect((await call(t.app, 'POST', `/jobs/${job.body.id}/accept`, { token: professional.accessToken })).status).toBe(200);
  if (paid) await markPaid(t.ctx, job.body.id);
  return job.body.id as string;
}

const codeOf = async (jobId: string) =>
  (await call(t.app, 'GET', `/jobs/${jobId}/attendance-code`, { token: institution.accessToken })).body.code as string;
const attend = (jobId: string, action: 'check-in' | 'check-out', code: string, token = professional.accessToken) =>
  call(t.app, 'POST', `/jobs/${jobId}/${action}`, { token, body: { code } });
const statusOf = async (jobId: string) =>
  rowsOf<{ status: string }>(await t.ctx.db.execute(sql`SELECT status FROM jobs WHERE id = ${jobId}`))[0]!.status;
/** A code that is not the job's, whatever minute it is. */
const wrongCodeFor = (jobId: string) => ['000000', '111111', '222222'].find((code) => !isValidCode(t.ctx.config.jwtSecret, jobId, code))!;

describe('the attendance code', () => {
  it('changes every minute, the one before staying valid one more minute', async () => {
    const jobId = '6f1d2c7e-3b9a-4c1e-9f7a-2d5e8b0c4a11';
    const at = Date.UTC(2026, 11, 6, 8, 0, 30);
    const { code: now, expiresAt } = await currentCode('secret', jobId, at);
    expect(now).toMatch(/^\d{6}$/);
    expect(expiresAt).toBe(new Date(Date.UTC(2026, 11, 6, 8, 2)).toISOString());
    expect(isValidCode('secret', jobId, now, at)).toBe(true);
    expect(isValidCode('secret', jobId, now, at + CODE_STEP_MS)).toBe(true);
    expect(isValidCode('secret', jobId, now, at + 2 * CODE_STEP_MS)).toBe(false);
    expect(isValidCode('secret', jobId, now, at - CODE_STEP_MS)).toBe(false);
    expect(isValidCode('another secret', jobId, now, at)).toBe(false);
    expect((await currentCode('secret', jobId, at + CODE_STEP_MS)).code).not.toBe(now);
  });

  it('is shown to the owner only, from an hour before the start, as 6 digits and a QR code (409 before)', async () => {
    const jobId = await paidJob();
    const early = await call(t.app, 'GET', `/jobs/${jobId}/attendance-code`, { token: institution.accessToken });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ type: expect.stringContaining('outside-attendance-window'), currentStatus: 'paid' });
    await t.ctx.db.execute(
      sql`UPDATE jobs SET starts_at = now() + interval '50 minutes', ends_at = now() + interval '8 hours' WHERE id = ${jobId}`,
    );
    const shown = await call(t.app, 'GET', `/jobs/${jobId}/attendance-code`, { token: institution.accessToken });
    expect(shown.status).toBe(200);
    expect(shown.body.code).toMatch(/^\d{6}$/);
    expect(shown.body.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const expiresIn = Date.parse(shown.body.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(CODE_STEP_MS - 5_000);
    expect(expiresIn).toBeLessThanOrEqual(2 * CODE_STEP_MS);
    expect((await call(t.app, 'GET', `/jobs/${jobId}/attendance-code`, { token: professional.accessToken })).status).toBe(403);
    const stranger = await makeInstitution(t.app);
    expect((await call(t.app, 'GET', `/jobs/${jobId}/attendance-code`, { token: stranger.accessToken })).status).toBe(403);
  });

  it('is no longer shown 2 h after the end, nor once checked out', async () => {
    const late = await paidJob();
    await t.ctx.db.execute(
      sql`UPDATE jobs SET starts_at = now() - interval '11 hours', ends_at = now() - interval '121 minutes' WHERE id = ${late}`,
    );
    expect((await call(t.app, 'GET', `/jobs/${late}/attendance-code`, { token: institution.accessToken })).status).toBe(409);
    const done = await paidJob();
    await startShift(t.ctx, done);
    await attend(done, 'check-in', await codeOf(done));
    await attend(done, 'check-out', await codeOf(done));
    const after = await call(t.app, 'GET', `/jobs/${done}/attendance-code`, { token: institution.accessToken });
    expect(after.status).toBe(409);
    expect(after.body).toMatchObject({ type: expect.stringContaining('no-attendance-code'), currentStatus: 'checked_out' });
  });
});

describe('checking in and out', () => {
  it('checks in with the code shown, then out, recording the timesheet', async () => {
    const jobId = await paidJob();
    await startShift(t.ctx, jobId);
    const checkedIn = await attend(jobId, 'check-in', await codeOf(jobId));
    expect(checkedIn.status).toBe(200);
    expect(checkedIn.body).toMatchObject({ status: 'checked_in', timesheet: null });
    expect(Math.abs(Date.parse(checkedIn.body.checkedInAt) - Date.now())).toBeLessThan(10_000);
    await t.ctx.db.execute(sql`UPDATE jobs SET checked_in_at = now() - interval '125 minutes' WHERE id = ${jobId}`);
    const checkedOut = await attend(jobId, 'check-out', await codeOf(jobId));
    expect(checkedOut.status).toBe(200);
    expect(checkedOut.body).toMatchObject({ status: 'checked_out', timesheet: { minutes: 125, autoCheckout: false, byOwner: false } });
    expect(checkedOut.body.timesheet.checkedInAt).toBe(checkedOut.body.checkedInAt);
    const owner = await call(t.app, 'GET', `/jobs/${jobId}`, { token: institution.accessToken });
    expect(owner.body.timesheet).toEqual(checkedOut.body.timesheet);
  });

  it('refuses a wrong code (422), a check-in earlier than an hour before the start (409), and anyone but the assignee (403)', async () => {
    const jobId = await paidJob();
    const { code } = await currentCode(t.ctx.config.jwtSecret, jobId);
    const early = await attend(jobId, 'check-in', code);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ type: expect.stringContaining('too-early-to-check-in'), currentStatus: 'paid' });
    await startShift(t.ctx, jobId);
    const wrong = await attend(jobId, 'check-in', wrongCodeFor(jobId));
    expect(wrong.status).toBe(422);
    expect(wrong.body.type).toContain('wrong-attendance-code');
    expect((await attend(jobId, 'check-in', 'abc123')).status).toBe(422);
    const other = await makeReadyProfessional(t.app, t.ctx);
    expect((await attend(jobId, 'check-in', await codeOf(jobId), other.accessToken)).status).toBe(403);
    expect((await attend(jobId, 'check-out', await codeOf(jobId))).status).toBe(409);
    expect(await statusOf(jobId)).toBe('paid');
  });

  it('answers 429 after 5 wrong codes in 10 minutes, even to the right one, counted in the database', async () => {
    const jobId = await paidJob();
    await startShift(t.ctx, jobId);
    const wrong = wrongCodeFor(jobId);
    const answers = await Promise.all(Array.from({ length: 5 }, () => attend(jobId, 'check-in', wrong)));
    expect(answers.map((answer) => answer.status)).toEqual([422, 422, 422, 422, 422]);
    const limited = await attend(jobId, 'check-in', await codeOf(jobId));
    expect(limited.status).toBe(429);
    expect(await statusOf(jobId)).toBe('paid');
    await t.ctx.db.execute(sql`UPDATE rate_limit_buckets SET reset_at = now() WHERE key LIKE ${`attendance:${jobId}:%`}`);
    expect((await attend(jobId, 'check-in', await codeOf(jobId))).status).toBe(200);
  });
});

describe('the owner after check-out, and when nobody came', () => {
  async function checkedOutJob(): Promise<string> {
    const jobId = await paidJob();
    await startShift(t.ctx, jobId);
    await attend(jobId, 'check-in', await codeOf(jobId));
    expect((await attend(jobId, 'check-out', await codeOf(jobId))).status).toBe(200);
    return jobId;
  }

  it('approves the timesheet (complete), or disputes it with a reason', async () => {
    const approved = await checkedOutJob();
    const completed = await call(t.app, 'POST', `/jobs/${approved}/complete`, { token: institution.accessToken });
    expect(completed.body).toMatchObject({ status: 'completed', timesheet: { byOwner: false } });
    const disputed = await checkedOutJob();
    const tooShort = await call(t.app, 'POST', `/jobs/${disputed}/dispute`, { token: institution.accessToken, body: { reason: 'no' } });
    expect(tooShort.status).toBe(422);
    expect(await statusOf(disputed)).toBe('checked_out');
    expect(
      (await call(t.app, 'POST', `/jobs/${disputed}/dispute`, { token: professional.accessToken, body: { reason: 'Not mine to dispute' } }))
        .status,
    ).toBe(403);
    const answer = await call(t.app, 'POST', `/jobs/${disputed}/dispute`, {
      token: institution.accessToken,
      body: { reason: 'Left two hours early' },
    });
    expect(answer.body).toMatchObject({ status: 'disputed', disputeReason: 'Left two hours early' });
  });

  it('approves a timesheet only once the shift’s scheduled start has passed (409 before), though check-in opens an hour early', async () => {
    const jobId = await paidJob();
    await t.ctx.db.execute(
      sql`UPDATE jobs SET starts_at = now() + interval '40 minutes', ends_at = now() + interval '8 hours' WHERE id = ${jobId}`,
    );
    expect((await attend(jobId, 'check-in', await codeOf(jobId))).status).toBe(200);
    expect((await attend(jobId, 'check-out', await codeOf(jobId))).status).toBe(200);
    const early = await call(t.app, 'POST', `/jobs/${jobId}/complete`, { token: institution.accessToken });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ type: expect.stringContaining('shift-not-started'), currentStatus: 'checked_out' });
    expect(await statusOf(jobId)).toBe('checked_out');
    await t.ctx.db.execute(sql`UPDATE jobs SET starts_at = now() - interval '1 minute' WHERE id = ${jobId}`);
    const approved = await call(t.app, 'POST', `/jobs/${jobId}/complete`, { token: institution.accessToken });
    expect(approved.body).toMatchObject({ status: 'completed', timesheet: { byOwner: false } });
  });

  it('marks a no-show from 30 minutes after the start (409 before), queueing the full refund', async () => {
    const jobId = await paidJob();
    await t.ctx.db.execute(
      sql`UPDATE jobs SET starts_at = now() - interval '20 minutes', ends_at = now() + interval '7 hours' WHERE id = ${jobId}`,
    );
    const early = await call(t.app, 'POST', `/jobs/${jobId}/no-show`, { token: institution.accessToken });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ type: expect.stringContaining('too-early-for-no-show'), currentStatus: 'paid' });
    await t.ctx.db.execute(sql`UPDATE jobs SET starts_at = now() - interval '31 minutes' WHERE id = ${jobId}`);
    const marked = await call(t.app, 'POST', `/jobs/${jobId}/no-show`, { token: institution.accessToken });
    expect(marked.body.status).toBe('no_show');
    expect(await queued(refundJobPaymentTask.name)).toContain(jobId);
  });
});

/** An accepted job (paid when asked), then moved in time and state by `update`, as the clock and the API would have. */
async function jobWith(paid: boolean, update: ReturnType<typeof sql>): Promise<string> {
  const id = await paidJob(paid);
  await t.ctx.db.execute(sql`UPDATE jobs SET ${update} WHERE id = ${id}`);
  return id;
}

const jobView = async (id: string) => (await call(t.app, 'GET', `/jobs/${id}`, { token: institution.accessToken })).body;
const queued = async (name: string) =>
  rowsOf<{ data: { jobId: string } }>(await t.ctx.db.execute(sql`SELECT data FROM pgboss.job WHERE name = ${name}`)).map(
    (row) => row.data.jobId,
  );
const notices = async (token: string, jobId: string, type: string) =>
  (await call(t.app, 'GET', '/notifications', { token })).body.items.filter(
    (item: { type: string; data: { jobId: string } }) => item.type === type && item.data.jobId === jobId,
  );

/** Twice: a repeated sweep finds nothing more to do. */
async function sweepTwice(): Promise<void> {
  await sweepShifts(t.ctx);
  await sweepShifts(t.ctx);
}

describe('the shift sweep', () => {
  it('checks out at the scheduled end a job checked in but not out 2 h after it, and leaves one within the 2 h', async () => {
    const late = await jobWith(
      true,
      sql`starts_at = now() - interval '11 hours', ends_at = now() - interval '121 minutes', status = 'checked_in', checked_in_at = now() - interval '11 hours'`,
    );
    const recent = await jobWith(
      true,
      sql`starts_at = now() - interval '9 hours', ends_at = now() - interval '100 minutes', status = 'checked_in', checked_in_at = now() - interval '9 hours'`,
    );
    await sweepTwice();
    const view = await jobView(late);
    expect(view).toMatchObject({
      status: 'checked_out',
      timesheet: { checkedInAt: view.startsAt, checkedOutAt: view.endsAt, minutes: 539, autoCheckout: true, byOwner: false },
    });
    expect((await jobView(recent)).status).toBe('checked_in');
  });

  it('approves a timesheet left 24 h after check-out, queueing what completion sets off, and not one younger', async () => {
    const old = await jobWith(
      true,
      sql`starts_at = now() - interval '33 hours', ends_at = now() - interval '25 hours', status = 'checked_out', checked_in_at = now() - interval '33 hours', checked_out_at = now() - interval '24 hours 1 minute'`,
    );
    const young = await jobWith(
      true,
      sql`starts_at = now() - interval '30 hours', ends_at = now() - interval '22 hours', status = 'checked_out', checked_in_at = now() - interval '30 hours', checked_out_at = now() - interval '23 hours'`,
    );
    await sweepTwice();
    expect((await jobView(old)).status).toBe('completed');
    expect((await jobView(young)).status).toBe('checked_out');
    expect(await queued(rateReminderTask.name)).toContain(old);
  });

  it('tells the owner once when nobody checked in 30 min after the start, and makes it a refunded no-show 24 h after the end', async () => {
    const absent = await jobWith(true, sql`starts_at = now() - interval '31 minutes', ends_at = now() + interval '7 hours'`);
    const forgotten = await jobWith(
      true,
      sql`starts_at = now() - interval '33 hours', ends_at = now() - interval '24 hours 1 minute', no_check_in_notice_at = now() - interval '32 hours'`,
    );
    await sweepTwice();
    expect(await notices(institution.accessToken, absent, 'job.no_check_in')).toHaveLength(1);
    expect((await jobView(absent)).status).toBe('paid');
    expect((await jobView(forgotten)).status).toBe('no_show');
    expect(await queued(refundJobPaymentTask.name)).toContain(forgotten);
    expect(await queued(refundJobPaymentTask.name)).not.toContain(absent);
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
