import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { call } from '../../../test/support/http.js';
import { makeReadyProfessional, markPaid, endShift, nextKampalaDate, postJob } from '../../../test/support/job-factories.js';
import { makeInstitution, type Institution, type Professional } from '../../../test/support/profile-factories.js';
import { eventually } from '../../../test/support/pesapal.js';
import { fastForwardTasks } from '../../../test/support/queue.js';
import { rateReminderTask } from './tasks.js';

let t: TestApp;
let institution: Institution;
let professional: Professional;
let day = 0;

beforeAll(async () => {
  t = await startTestApp({ workers: true });
  institution = await makeInstitution(t.app);
  const everyDay = Array.from({ length: 7 }, (_, weekday) => ({ weekday, start: '00:00', end: '24:00' }));
  professional = await makeReadyProfessional(t.app, t.ctx, { availability: everyDay });
});
afterAll(async () => {
  await t.close();
});

/** A job the test professional accepted, brought to `until` through the API (payment by the database update a confirmed payment makes). */
async function jobUntil(until: 'open' | 'assigned' | 'paid' | 'completed'): Promise<string> {
  day += 1;
  const job = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(day % 7, 2 + day) });
  const id = job.body.id as string;
  if (until === 'open') return id;
  await call(t.app, 'POST', `/jobs/${id}/accept`, { token: professional.accessToken });
  if (until === 'assigned') return id;
  await markPaid(t.ctx, id);
  await endShift(t.ctx, id);
  if (until === 'completed')
    expect((await call(t.app, 'POST', `/jobs/${id}/complete`, { token: institution.accessToken })).status).toBe(200);
  return id;
}

const rate = (jobId: string, token: string, body: unknown) => call(t.app, 'POST', `/jobs/${jobId}/ratings`, { token, body });

async function ratingCount(jobId: string): Promise<number> {
  return rowsOf<{ n: number }>(await t.ctx.db.execute(sql`SELECT count(*)::int AS n FROM ratings WHERE job_id = ${jobId}`))[0]!.n;
}

async function totals(userId: string) {
  return rowsOf<{ count: number; sum: number }>(
    await t.ctx.db.execute(sql`SELECT rating_count AS count, rating_sum AS sum FROM users WHERE id = ${userId}`),
  )[0]!;
}

describe('POST /jobs/{id}/ratings', () => {
  it('lets each party rate the other once after completion, keeping totals and telling the ratee', async () => {
    const jobId = await jobUntil('completed');
    const before = await totals(professional.id);
    const byInstitution = await rate(jobId, institution.accessToken, { stars: 4, comment: '<b>Punctual</b> and kind' });
    expect(byInstitution.status).toBe(201);
    expect(byInstitution.body).toMatchObject({
      stars: 4,
      comment: '<b>Punctual</b> and kind',
      raterId: institution.id,
      rateeId: professional.id,
    });
    expect(await totals(professional.id)).toEqual({ count: before.count + 1, sum: before.sum + 4 });

    const byProfessional = await rate(jobId, professional.accessToken, { stars: 5 });
    expect(byProfessional.body).toMatchObject({ rateeId: institution.id, comment: '' });

    const notice = await call(t.app, 'GET', '/notifications', { token: professional.accessToken });
    expect(notice.body.items.find((item: { type: string }) => item.type === 'rating.received')).toMatchObject({
      data: { jobId, stars: 4 },
    });

    const ofJob = await call(t.app, 'GET', `/jobs/${jobId}/ratings`, { token: professional.accessToken });
    expect(ofJob.body.items.map((item: { raterId: string }) => item.raterId).sort()).toEqual([institution.id, professional.id].sort());
    const outsider = await makeReadyProfessional(t.app, t.ctx);
    expect((await call(t.app, 'GET', `/jobs/${jobId}/ratings`, { token: outsider.accessToken })).status).toBe(404);

    const twice = await rate(jobId, institution.accessToken, { stars: 1 });
    expect(twice.status).toBe(409);
    expect(await ratingCount(jobId)).toBe(2);
    expect((await totals(professional.id)).sum).toBe(before.sum + 4);
  });

  it('answers two simultaneous ratings by one party with one 201 and one 409', async () => {
    const jobId = await jobUntil('completed');
    const both = await Promise.all([
      rate(jobId, institution.accessToken, { stars: 5 }),
      rate(jobId, institution.accessToken, { stars: 5 }),
    ]);
    expect(both.map((response) => response.status).sort()).toEqual([201, 409]);
    expect(await ratingCount(jobId)).toBe(1);
  });

  it.each([
    ['0 stars', { stars: 0 }],
    ['6 stars', { stars: 6 }],
    ['3.5 stars', { stars: 3.5 }],
    ['stars as text', { stars: '5' }],
    ['no stars', { comment: 'Great' }],
    ['a comment too long', { stars: 5, comment: 'x'.repeat(1001) }],
  ])('refuses %s with 422 and stores nothing', async (_label, body) => {
    const jobId = await jobUntil('completed');
    const response = await rate(jobId, institution.accessToken, body);
    expect(response.status).toBe(422);
    expect(await ratingCount(jobId)).toBe(0);
  });

  it.each(['open', 'assigned', 'paid'] as const)('refuses rating a job that is %s (409)', async (state) => {
    const jobId = await jobUntil(state);
    const response = await rate(jobId, institution.accessToken, { stars: 5 });
    expect(response.status).toBe(409);
    expect(response.body.currentStatus).toBe(state);
    expect(await ratingCount(jobId)).toBe(0);
  });

  it('refuses anyone but the two parties (403) and an unknown job (404)', async () => {
    const jobId = await jobUntil('completed');
    const outsider = await makeReadyProfessional(t.app, t.ctx);
    const otherInstitution = await makeInstitution(t.app);
    expect((await rate(jobId, outsider.accessToken, { stars: 1 })).status).toBe(403);
    expect((await rate(jobId, otherInstitution.accessToken, { stars: 1 })).status).toBe(403);
    expect((await rate('00000000-0000-4000-8000-000000000000', institution.accessToken, { stars: 1 })).status).toBe(404);
    expect(await ratingCount(jobId)).toBe(0);
  });
});

describe('ratings and matching', () => {
  it('moves the professional’s matching score as soon as a rating lands', async () => {
    const nurse = await makeReadyProfessional(t.app, t.ctx, {
      roles: ['nurse'],
      availability: Array.from({ length: 7 }, (_, weekday) => ({ weekday, start: '00:00', end: '24:00' })),
    });
    const first = await postJob(t.app, institution.accessToken, { role: 'nurse', skills: [], date: nextKampalaDate(2, 40) });
    await call(t.app, 'POST', `/jobs/${first.body.id}/accept`, { token: nurse.accessToken });
    await markPaid(t.ctx, first.body.id);
    await endShift(t.ctx, first.body.id);
    await call(t.app, 'POST', `/jobs/${first.body.id}/complete`, { token: institution.accessToken });

    const next = await postJob(t.app, institution.accessToken, { role: 'nurse', skills: [], date: nextKampalaDate(2, 50) });
    const scoreOf = async () =>
      (
        (await call(t.app, 'GET', `/jobs/${next.body.id}/matches`, { token: institution.accessToken })).body.items as Array<{
          professionalId: string;
          parts: { rating: number };
        }>
      ).find((match) => match.professionalId === nurse.id)!.parts.rating;
    expect(await scoreOf()).toBeCloseTo(0.625, 4);
    await rate(first.body.id, institution.accessToken, { stars: 5 });
    expect(await scoreOf()).toBeCloseTo(((10.5 + 5) / 4 - 1) / 4, 4);
    const listed = await call(t.app, 'GET', `/professionals/${nurse.id}/ratings`, { token: professional.accessToken });
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).toMatchObject({ stars: 5, raterName: 'Namubiru Agnes' });
  });
});

describe('the reminder to rate', () => {
  it('reaches, once, each party who has not rated two hours after completion', async () => {
    const jobId = await jobUntil('completed');
    const queued = rowsOf<{ seconds: number }>(
      await t.ctx.db.execute(
        sql`SELECT extract(epoch FROM start_after - created_on)::int AS seconds FROM pgboss.job WHERE name = ${rateReminderTask.name} AND data->>'jobId' = ${jobId}`,
      ),
    );
    expect(queued).toHaveLength(1);
    expect(queued[0]!.seconds).toBeGreaterThanOrEqual(7199);
    await rate(jobId, professional.accessToken, { stars: 5 });

    const reminders = async (userId: string) =>
      rowsOf<{ n: number }>(
        await t.ctx.db.execute(
          sql`SELECT count(*)::int AS n FROM notifications WHERE user_id = ${userId} AND type = 'rating.reminder' AND data->>'jobId' = ${jobId}`,
        ),
      )[0]!.n;
    await eventually(async () => {
      await fastForwardTasks(t.ctx, rateReminderTask.name);
      return (await reminders(institution.id)) === 1;
    });
    await fastForwardTasks(t.ctx, rateReminderTask.name);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await reminders(institution.id)).toBe(1);
    expect(await reminders(professional.id)).toBe(0);
  });
});
