import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { createAdmin } from '../../../test/support/factories.js';
import { call } from '../../../test/support/http.js';
import { makeReadyProfessional, nextKampalaDate, postJob } from '../../../test/support/job-factories.js';
import { makeInstitution, makeProfessional, type Institution } from '../../../test/support/profile-factories.js';

let t: TestApp;
let institution: Institution;

beforeAll(async () => {
  t = await startTestApp();
  institution = await makeInstitution(t.app);
});
afterAll(async () => {
  await t.close();
});

const monday = [{ weekday: 1, start: '07:00', end: '18:00' }];

async function giveRatings(userId: string, count: number, sum: number): Promise<void> {
  await t.ctx.db.execute(sql`UPDATE users SET rating_count = ${count}, rating_sum = ${sum} WHERE id = ${userId}`);
}

/** The SRS 5.5 score worked out by hand, independently of the SQL. */
function expectedScore(skill: number, years: number, ratingCount: number, ratingSum: number): number {
  const smoothed = (3.5 * 3 + ratingSum) / (3 + ratingCount);
  return 0.5 * skill + 0.3 * (Math.min(years, 10) / 10) + 0.2 * ((smoothed - 1) / 4);
}

describe('GET /jobs/{id}/matches', () => {
  it('ranks verified, available professionals by 0.5·skill + 0.3·experience + 0.2·rating, and leaves out the rest', async () => {
    const date = nextKampalaDate(1, 3);
    const job = await postJob(t.app, institution.accessToken, {
      role: 'nurse',
      skills: ['triage', 'icu'],
      date,
      startTime: '08:00',
      endTime: '16:00',
    });
    const nurse = (skills: string[], experienceYears: number, extra: Record<string, unknown> = {}) =>
      makeReadyProfessional(t.app, t.ctx, { roles: ['nurse'], skills, experienceYears, availability: monday, ...extra });

    const novice = await nurse(['triage', 'icu'], 2);
    const steadyPartial = await nurse(['triage'], 10);
    await giveRatings(steadyPartial.id, 20, 96);
    const oneFiveStar = await nurse(['triage', 'icu'], 10);
    await giveRatings(oneFiveStar.id, 1, 5);
    const twentyFourPointEights = await nurse(['triage', 'icu'], 12);
    await giveRatings(twentyFourPointEights.id, 20, 96);

    const unverified = await makeProfessional(t.app, {
      roles: ['nurse'],
      skills: ['triage', 'icu'],
      experienceYears: 20,
      availability: monday,
    });
    const notOnMondays = await nurse(['triage', 'icu'], 20, { availability: [{ weekday: 2, start: '07:00', end: '18:00' }] });
    const slotTooShort = await nurse(['triage', 'icu'], 20, { availability: [{ weekday: 1, start: '09:00', end: '18:00' }] });
    const blackedOut = await nurse(['triage', 'icu'], 20, { blackoutDates: [date] });
    const teacher = await makeReadyProfessional(t.app, t.ctx, {
      roles: ['teacher'],
      skills: ['triage', 'icu'],
      experienceYears: 20,
      availability: monday,
    });
    const suspended = await nurse(['triage', 'icu'], 20);
    await t.ctx.db.execute(sql`UPDATE users SET status = 'suspended' WHERE id = ${suspended.id}`);
    const busy = await nurse(['triage', 'icu'], 20);
    const otherJob = await postJob(t.app, institution.accessToken, { role: 'nurse', date, startTime: '12:00', endTime: '20:00' });
    expect((await call(t.app, 'POST', `/jobs/${otherJob.body.id}/accept`, { token: busy.accessToken })).status).toBe(200);

    const response = await call(t.app, 'GET', `/jobs/${job.body.id}/matches`, { token: institution.accessToken });
    expect(response.status).toBe(200);
    const ranked = response.body.items as Array<{ professionalId: string; score: number; parts: Record<string, number> }>;
    expect(ranked.map((match) => match.professionalId)).toEqual([twentyFourPointEights.id, oneFiveStar.id, steadyPartial.id, novice.id]);
    const excluded = [unverified, notOnMondays, slotTooShort, blackedOut, teacher, suspended, busy].map((professional) => professional.id);
    expect(ranked.some((match) => excluded.includes(match.professionalId))).toBe(false);

    expect(ranked[0]!.score).toBeCloseTo(expectedScore(1, 12, 20, 96), 3);
    expect(ranked[1]!.score).toBeCloseTo(expectedScore(1, 10, 1, 5), 3);
    expect(ranked[2]!.score).toBeCloseTo(expectedScore(0.5, 10, 20, 96), 3);
    expect(ranked[3]).toMatchObject({ parts: { skill: 1, experience: 0.2, rating: 0.625 } });
    expect(ranked[3]!.score).toBeCloseTo(expectedScore(1, 2, 0, 0), 3);
  });

  it('needs a slot to midnight and one from midnight for a shift that crosses it', async () => {
    const friday = nextKampalaDate(5, 3);
    const job = await postJob(t.app, institution.accessToken, {
      role: 'midwife',
      skills: [],
      date: friday,
      startTime: '22:00',
      endTime: '06:00',
    });
    const both = await makeReadyProfessional(t.app, t.ctx, {
      roles: ['midwife'],
      availability: [
        { weekday: 5, start: '18:00', end: '24:00' },
        { weekday: 6, start: '00:00', end: '08:00' },
      ],
    });
    await makeReadyProfessional(t.app, t.ctx, { roles: ['midwife'], availability: [{ weekday: 5, start: '18:00', end: '24:00' }] });
    const response = await call(t.app, 'GET', `/jobs/${job.body.id}/matches`, { token: institution.accessToken });
    expect(response.body.items.map((match: { professionalId: string }) => match.professionalId)).toEqual([both.id]);
    expect(response.body.items[0].parts.skill).toBe(1);
  });

  it('matches a night slot that crosses midnight with shifts in it, on its evening and the next morning', async () => {
    const night = [
      { weekday: 2, start: '22:00', end: '06:00' },
      { weekday: 6, start: '21:00', end: '07:00' },
    ];
    const nurse = await makeReadyProfessional(t.app, t.ctx, { roles: ['nursing assistant'], availability: night });
    const post = (weekday: number, startTime: string, endTime: string) =>
      postJob(t.app, institution.accessToken, {
        role: 'nursing assistant',
        skills: [],
        date: nextKampalaDate(weekday, 9),
        startTime,
        endTime,
      });
    const matched = async (job: Awaited<ReturnType<typeof post>>) =>
      (await call(t.app, 'GET', `/jobs/${job.body.id}/matches`, { token: institution.accessToken })).body.items.map(
        (match: { professionalId: string }) => match.professionalId,
      );
    for (const job of [
      await post(2, '22:00', '06:00'),
      await post(2, '23:00', '23:30'),
      await post(3, '01:00', '05:00'),
      await post(6, '22:00', '07:00'),
      await post(0, '00:00', '06:00'),
    ]) {
      expect(await matched(job)).toEqual([nurse.id]);
    }
    for (const job of [await post(3, '05:00', '08:00'), await post(2, '21:00', '23:00'), await post(0, '06:00', '08:00')]) {
      expect(await matched(job)).toEqual([]);
    }
    const recommended = (await call(t.app, 'GET', '/me/recommended-jobs?limit=100', { token: nurse.accessToken })).body.items;
    expect(recommended).toHaveLength(5);
  });

  it('is for the job’s owner only', async () => {
    const job = await postJob(t.app, institution.accessToken);
    const other = await makeInstitution(t.app);
    expect((await call(t.app, 'GET', `/jobs/${job.body.id}/matches`, { token: other.accessToken })).status).toBe(403);
    const professional = await makeReadyProfessional(t.app, t.ctx);
    expect((await call(t.app, 'GET', `/jobs/${job.body.id}/matches`, { token: professional.accessToken })).status).toBe(403);
    const admin = await createAdmin(t.app, t.ctx);
    expect((await call(t.app, 'GET', `/jobs/${job.body.id}/matches`, { token: admin.accessToken })).status).toBe(403);
  });
});

describe('GET /me/recommended-jobs', () => {
  it('ranks open shifts of the caller’s roles that they are free for, best skill match first', async () => {
    const professional = await makeReadyProfessional(t.app, t.ctx, {
      roles: ['radiographer'],
      skills: ['x-ray', 'ultrasound'],
      experienceYears: 5,
      availability: [{ weekday: 3, start: '06:00', end: '20:00' }],
    });
    await giveRatings(professional.id, 4, 18);
    const wednesday = nextKampalaDate(3, 3);
    const later = nextKampalaDate(3, 10);
    const fullMatchLater = await postJob(t.app, institution.accessToken, {
      role: 'radiographer',
      skills: ['x-ray', 'ultrasound'],
      date: later,
    });
    const halfMatchSooner = await postJob(t.app, institution.accessToken, {
      role: 'radiographer',
      skills: ['x-ray', 'ct'],
      date: wednesday,
    });
    const noSkillsListed = await postJob(t.app, institution.accessToken, {
      role: 'radiographer',
      skills: [],
      date: wednesday,
      startTime: '07:00',
      endTime: '09:00',
    });
    await postJob(t.app, institution.accessToken, { role: 'radiographer', date: nextKampalaDate(4, 3) });
    await postJob(t.app, institution.accessToken, { role: 'nurse', date: wednesday });

    const response = await call(t.app, 'GET', '/me/recommended-jobs', { token: professional.accessToken });
    expect(response.status).toBe(200);
    const items = response.body.items as Array<{ job: { id: string }; score: number; parts: Record<string, number> }>;
    // Full skill matches tie on score; the sooner shift comes first.
    expect(items.map((item) => item.job.id)).toEqual([noSkillsListed.body.id, fullMatchLater.body.id, halfMatchSooner.body.id]);
    expect(items[2]!.parts).toEqual({ skill: 0.5, experience: 0.5, rating: Math.round((((10.5 + 18) / 7 - 1) / 4) * 10_000) / 10_000 });
    expect(items[2]!.score).toBeCloseTo(expectedScore(0.5, 5, 4, 18), 3);
  });

  it('feeds a new rating into the score at once', async () => {
    const professional = await makeReadyProfessional(t.app, t.ctx, { roles: ['pharmacist'], availability: monday });
    await postJob(t.app, institution.accessToken, { role: 'pharmacist', skills: [] });
    const before = (await call(t.app, 'GET', '/me/recommended-jobs', { token: professional.accessToken })).body.items[0];
    await giveRatings(professional.id, 1, 1);
    const after = (await call(t.app, 'GET', '/me/recommended-jobs', { token: professional.accessToken })).body.items[0];
    expect(after.parts.rating).toBeLessThan(before.parts.rating);
    expect([before.ratingCount, after.ratingCount]).toEqual([0, 1]);
    expect(after.score).toBeCloseTo(expectedScore(1, 8, 1, 1), 3);
  });

  it('is for professionals', async () => {
    expect((await call(t.app, 'GET', '/me/recommended-jobs', { token: institution.accessToken })).status).toBe(403);
  });
});
