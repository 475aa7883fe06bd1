import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { call } from '../../../test/support/http.js';
import { makeReadyProfessional, markPaid, nextKampalaDate, postJob } from '../../../test/support/job-factories.js';
import { makeInstitution, type Institution, type Professional } from '../../../test/support/profile-factories.js';
import { deliverNotification } from '../notifications/service.js';
import { refundJobPaymentTask } from '../payments/tasks.js';
import { offerShiftTask } from '../sms/tasks.js';
import { sweepShifts } from './sweep.js';

let t: TestApp;
let institution: Institution;
let professional: Professional;
let rival: Professional;
let day = 0;

beforeAll(async () => {
  t = await startTestApp();
  institution = await makeInstitution(t.app);
  const everyDay = Array.from({ length: 7 }, (_, weekday) => ({ weekday, start: '00:00', end: '24:00' }));
  professional = await makeReadyProfessional(t.app, t.ctx, { availability: everyDay });
  rival = await makeReadyProfessional(t.app, t.ctx, { availability: everyDay });
});
afterAll(() => t?.close());

const rows = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await t.ctx.db.execute(query));

/**
 * A job the test professional accepted (and paid, when told), then moved to start `startsIn` from now
 * (a PostgreSQL interval): the clock is controlled by the job's start, never by waiting.
 */
async function bookedJob(startsIn: string | undefined, paid = false): Promise<string> {
  day += 1;
  const id = (await postJob(t.app, institution.accessToken, { date: nextKampalaDate(day % 7, 3 + day) })).body.id as string;
  expect((await call(t.app, 'POST', `/jobs/${id}/accept`, { token: professional.accessToken })).status).toBe(200);
  if (paid) await markPaid(t.ctx, id);
  if (startsIn) await startIn(id, startsIn);
  return id;
}

async function startIn(id: string, interval: string): Promise<void> {
  await t.ctx.db.execute(
    sql`UPDATE jobs SET starts_at = now() + ${interval}::interval, ends_at = now() + ${interval}::interval + interval '8 hours' WHERE id = ${id}`,
  );
}

const view = async (id: string, token = institution.accessToken) => (await call(t.app, 'GET', `/jobs/${id}`, { token })).body;
const confirm = (id: string, token = professional.accessToken) => call(t.app, 'POST', `/jobs/${id}/confirm`, { token });
const release = (id: string, token = institution.accessToken) => call(t.app, 'POST', `/jobs/${id}/release`, { token });
const notices = async (token: string, id: string, type: string) =>
  (await call(t.app, 'GET', '/notifications', { token })).body.items.filter(
    (item: { type: string; data: { jobId: string } }) => item.type === type && item.data.jobId === id,
  );
const stored = async (id: string) =>
  (
    await rows<{ status: string; confirmed_at: string | null; assignee: string | null; funded_at: Date | null }>(sql`
      SELECT j.status, j.confirmed_at, j.funded_at, a.professional_id AS assignee
      FROM jobs j LEFT JOIN job_assignees a ON a.job_id = j.id WHERE j.id = ${id}`)
  )[0]!;
const journals = async (id: string, kind: string) =>
  (await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM ledger_journals WHERE job_id = ${id} AND kind = ${kind}`))[0]!.n;
const offerTasks = async (id: string) =>
  (
    await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = ${offerShiftTask.name} AND data->>'jobId' = ${id}`)
  )[0]!.n;
const refundTasks = async (id: string) =>
  (
    await rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = ${refundJobPaymentTask.name} AND data->>'jobId' = ${id}`,
    )
  )[0]!.n;

describe('POST /jobs/{id}/confirm', () => {
  it('opens exactly 48 h before the start; just over 48 h it is a 409 saying from when, and nothing is stored', async () => {
    const early = await bookedJob('48 hours 1 minute');
    const refused = await confirm(early);
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({
      type: expect.stringContaining('too-early-to-confirm'),
      detail: expect.stringMatching(/^You can confirm from 48 hours before the shift starts, from \w{3}, \d{1,2} \w{3} \d{4}, \d\d:\d\d$/),
      currentStatus: 'assigned',
    });
    expect((await stored(early)).confirmed_at).toBeNull();

    const onTime = await bookedJob('48 hours');
    const confirmed = await confirm(onTime);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.confirmedAt).toEqual(expect.any(String));
    // Idempotent: the same answer, the first confirmation kept.
    const again = await confirm(onTime);
    expect(again.status).toBe(200);
    expect(again.body.confirmedAt).toBe(confirmed.body.confirmedAt);
    // The owner sees it, and can no longer release.
    expect(await view(onTime)).toMatchObject({ confirmedAt: confirmed.body.confirmedAt, releasableAt: null });
  });

  it('is for the assignee alone (403), refused once the shift has started or is no longer booked (409)', async () => {
    const id = await bookedJob('10 hours', true);
    expect((await confirm(id, rival.accessToken)).status).toBe(403);
    expect((await confirm(id, institution.accessToken)).status).toBe(403);
    expect((await stored(id)).confirmed_at).toBeNull();
    await startIn(id, '-1 minute');
    const late = await confirm(id);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ type: expect.stringContaining('too-late-to-confirm'), currentStatus: 'paid' });
    const open = (await postJob(t.app, institution.accessToken, { date: nextKampalaDate(2, 40) })).body.id as string;
    expect((await confirm(open)).status).toBe(403);
  });
});

describe('POST /jobs/{id}/release', () => {
  it('is allowed exactly 4 h before the start when unconfirmed: the job reopens to everyone, is offered again, and the professional is told, without penalty', async () => {
    const id = await bookedJob('4 hours');
    // Accepted by a favourite during a head start: reopening ends it.
    await t.ctx.db.execute(sql`UPDATE jobs SET head_start_ends_at = now() + interval '5 minutes' WHERE id = ${id}`);
    const offersBefore = await offerTasks(id);
    expect((await view(id)).releasableAt).toEqual(expect.any(String));
    const released = await release(id);
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ status: 'open', assignee: null, confirmedAt: null, funded: false, headStartEndsAt: null });
    expect(await offerTasks(id)).toBe(offersBefore + 1);
    expect(await stored(id)).toMatchObject({ status: 'open', assignee: null });
    const [notice] = await notices(professional.accessToken, id, 'job.released');
    expect(notice.body).toMatch(
      /^You had not confirmed the teacher shift on .*, so the institution released you from it\. This costs you nothing\.$/,
    );
    // Open to everyone at once: another professional sees and takes it.
    expect((await call(t.app, 'GET', `/jobs/${id}`, { token: rival.accessToken })).status).toBe(200);
    expect((await call(t.app, 'POST', `/jobs/${id}/accept`, { token: rival.accessToken })).body).toMatchObject({ status: 'assigned' });
  });

  it('is a 409 with a sentence just over 4 h before the start, once confirmed, and after the start; only the owner may (403)', async () => {
    const early = await bookedJob('4 hours 1 minute');
    const tooEarly = await release(early);
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body).toMatchObject({
      type: expect.stringContaining('too-early-to-release'),
      detail: expect.stringMatching(/^A professional who has not confirmed can be released from 4 hours before the shift starts, from /),
    });
    expect(await stored(early)).toMatchObject({ status: 'assigned', assignee: professional.id });

    const kept = await bookedJob('3 hours');
    expect((await confirm(kept)).status).toBe(200);
    const refused = await release(kept);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/confirmed they will be there, so they cannot be released$/);
    expect(await stored(kept)).toMatchObject({ status: 'assigned', assignee: professional.id });

    const started = await bookedJob('-1 minute', true);
    expect((await release(started)).body).toMatchObject({ status: 409, type: expect.stringContaining('too-late-to-release') });

    const other = await makeInstitution(t.app);
    const unconfirmed = await bookedJob('2 hours');
    expect((await release(unconfirmed, other.accessToken)).status).toBe(403);
    expect((await release(unconfirmed, professional.accessToken)).status).toBe(403);
    expect((await stored(unconfirmed)).status).toBe('assigned');
  });
});

describe('confirm and release at the same moment', () => {
  it('the database decides: either the assignee confirmed and stays, or was released and the job is open unconfirmed', async () => {
    for (let round = 0; round < 4; round++) {
      const id = await bookedJob('3 hours');
      const [confirmed, released] = await Promise.all([confirm(id), release(id)]);
      const row = await stored(id);
      if (released.status === 200) {
        expect(confirmed.status).not.toBe(200);
        expect(row).toMatchObject({ status: 'open', assignee: null, confirmed_at: null });
      } else {
        expect(confirmed.status).toBe(200);
        expect(released.status).toBe(409);
        expect(row).toMatchObject({ status: 'assigned', assignee: professional.id, confirmed_at: expect.any(String) });
      }
    }
  });
});

describe('reminders to confirm', () => {
  /** Twice: a repeated sweep sends nothing more. */
  async function sweepTwice(): Promise<void> {
    await sweepShifts(t.ctx);
    await sweepShifts(t.ctx);
  }
  const reminders = (id: string) => notices(professional.accessToken, id, 'job.confirm_reminder');

  it('go at 24 h and at 6 h before the start, each once, in-app and by SMS from the shortcode; none once confirmed', async () => {
    const id = await bookedJob('24 hours', true);
    const later = await bookedJob('24 hours 5 minutes');
    const confirmed = await bookedJob('23 hours');
    expect((await confirm(confirmed)).status).toBe(200);
    await sweepTwice();
    const [first] = await reminders(id);
    expect(await reminders(id)).toHaveLength(1);
    expect(first).toMatchObject({ title: "Confirm you'll be there", data: { hoursBefore: 24 } });
    expect(first.body).toMatch(/^Confirm the teacher shift on .*: reply CONFIRM, or press Confirm on its page\.$/);
    expect(await reminders(later)).toHaveLength(0);
    expect(await reminders(confirmed)).toHaveLength(0);

    await deliverNotification(t.ctx, first.id, { retryCount: 0, retryLimit: 3 });
    const [sms] = await rows<{ sender: string; text: string }>(
      sql`SELECT sender, text FROM sms_messages WHERE notification_id = ${first.id}`,
    );
    expect(sms).toMatchObject({ sender: 'shortcode', text: expect.stringMatching(/^Qgig: Confirm the teacher shift on .*reply CONFIRM/) });

    await startIn(id, '6 hours');
    await sweepTwice();
    expect((await reminders(id)).map((notice: { data: { hoursBefore: number } }) => notice.data.hoursBefore)).toEqual([6, 24]);
    await startIn(id, '1 hour');
    await sweepTwice();
    expect(await reminders(id)).toHaveLength(2);
  });

  it('a shift booked 5 h ahead gets the 6 h reminder alone', async () => {
    const id = await bookedJob('5 hours');
    await sweepTwice();
    expect((await reminders(id)).map((notice: { data: { hoursBefore: number } }) => notice.data.hoursBefore)).toEqual([6]);
  });
});

describe('funded reopened jobs', () => {
  it('a paid job given back reopens funded: no edit or delete (409), no second payment; the next accept makes it paid', async () => {
    const id = await bookedJob(undefined, true);
    const givenBack = await call(t.app, 'POST', `/jobs/${id}/cancel`, { token: professional.accessToken, body: { reason: 'I am unwell' } });
    expect(givenBack.status).toBe(200);
    expect(await view(id)).toMatchObject({ status: 'open', funded: true, assignee: null, confirmOpensAt: null });
    expect(await notices(institution.accessToken, id, 'job.cancelled')).toHaveLength(1);
    // Escrow still holds it: no refund, no ledger movement.
    expect(await journals(id, 'refund')).toBe(0);
    expect(await refundTasks(id)).toBe(0);

    const edit = await call(t.app, 'PATCH', `/jobs/${id}`, { token: institution.accessToken, body: { description: 'Changed' } });
    expect(edit.status).toBe(409);
    expect(edit.body).toMatchObject({ type: expect.stringContaining('job-funded'), detail: expect.stringMatching(/already paid for/) });
    expect((await call(t.app, 'DELETE', `/jobs/${id}`, { token: institution.accessToken })).status).toBe(409);
    const payment = { method: 'mobile_money', phone: '0772123456' };
    expect((await call(t.app, 'POST', `/jobs/${id}/payments`, { token: institution.accessToken, body: payment })).status).toBe(409);

    const taken = await call(t.app, 'POST', `/jobs/${id}/accept`, { token: rival.accessToken });
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ status: 'paid', funded: true, assignee: { id: rival.id } });
    // The winner repeating its accept gets the job again.
    expect((await call(t.app, 'POST', `/jobs/${id}/accept`, { token: rival.accessToken })).status).toBe(200);
    const [accepted] = await notices(institution.accessToken, id, 'job.accepted').then((items) => items.slice(0, 1));
    expect(accepted.body).toMatch(/It is already paid for, so the booking stands\.$/);
    expect((await call(t.app, 'POST', `/jobs/${id}/payments`, { token: institution.accessToken, body: payment })).status).toBe(409);
    expect(await rows(sql`SELECT 1 FROM transactions WHERE job_id = ${id}`)).toHaveLength(0);
    expect(await journals(id, 'payment')).toBe(1);
  });

  it('an owner release of a paid job reopens it funded; cancelled, it is refunded once', async () => {
    const id = await bookedJob('3 hours', true);
    expect((await release(id)).body).toMatchObject({ status: 'open', funded: true });
    const cancelled = await call(t.app, 'POST', `/jobs/${id}/cancel`, {
      token: institution.accessToken,
      body: { reason: 'Covered in-house' },
    });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', funded: false });
    expect(await journals(id, 'refund')).toBe(1);
    expect(await refundTasks(id)).toBe(1);
    expect((await call(t.app, 'POST', `/jobs/${id}/cancel`, { token: institution.accessToken, body: { reason: 'Again' } })).status).toBe(
      409,
    );
    expect(await journals(id, 'refund')).toBe(1);
  });

  it('a funded job nobody took by its start is cancelled and refunded once by the sweep', async () => {
    const id = await bookedJob('2 hours', true);
    expect((await release(id)).status).toBe(200);
    await startIn(id, '-1 minute');
    await sweepShifts(t.ctx);
    await sweepShifts(t.ctx);
    expect(await view(id)).toMatchObject({ status: 'cancelled', funded: false });
    expect(await journals(id, 'refund')).toBe(1);
    expect(await refundTasks(id)).toBe(1);
    expect(await notices(institution.accessToken, id, 'job.cancelled')).toHaveLength(1);
  });
});
