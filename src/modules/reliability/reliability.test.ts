import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { createAdmin, type RegisteredUser } from '../../../test/support/factories.js';
import { call } from '../../../test/support/http.js';
import {
  completedJob,
  makeReadyProfessional,
  markPaid,
  nextKampalaDate,
  postJob,
  startShift,
} from '../../../test/support/job-factories.js';
import { makeInstitution, type Institution, type Professional } from '../../../test/support/profile-factories.js';
import { RELIABILITY } from './rules.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let t: TestApp;
let institution: Institution;
let admin: RegisteredUser;

beforeAll(async () => {
  t = await startTestApp();
  institution = await makeInstitution(t.app);
  admin = await createAdmin(t.app, t.ctx);
});
afterAll(async () => {
  await t.close();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Stops the API's clock at the present moment, so a shift can be put exactly so many hours ahead of what it reads. */
function freezeClock(): Date {
  const now = new Date();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(now);
  return now;
}

async function setScore(professional: Professional, score: number): Promise<void> {
  await t.ctx.db.execute(sql`UPDATE professionals SET reliability_score = ${score} WHERE user_id = ${professional.id}`);
}

/** A job of the institution's, `weeksAhead` Mondays from now, that the professional accepted. */
async function acceptedJob(professional: Professional, weeksAhead = 0): Promise<string> {
  const job = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(1, 2 + 7 * weeksAhead) });
  const accepted = await call(t.app, 'POST', `/jobs/${job.body.id}/accept`, { token: professional.accessToken });
  expect(accepted.status).toBe(200);
  return job.body.id as string;
}

async function moveStart(jobId: string, startsAt: Date): Promise<void> {
  await t.ctx.db.execute(
    sql`UPDATE jobs SET starts_at = ${startsAt.toISOString()}::timestamptz, ends_at = ${startsAt.toISOString()}::timestamptz + interval '8 hours' WHERE id = ${jobId}`,
  );
}

const giveBack = (professional: Professional, jobId: string) =>
  call(t.app, 'POST', `/jobs/${jobId}/cancel`, { token: professional.accessToken, body: { reason: 'I am unwell and cannot come.' } });

const reliabilityOf = async (professional: Professional) => {
  const response = await call(t.app, 'GET', '/me/reliability', { token: professional.accessToken });
  expect(response.status).toBe(200);
  return response.body;
};

/** A fresh professional (score 100, or `score`) gives back a shift starting `ahead` ms after the frozen clock. */
async function giveBackAhead(ahead: number, score: number = RELIABILITY.startScore) {
  const professional = await makeReadyProfessional(t.app, t.ctx);
  await setScore(professional, score);
  const jobId = await acceptedJob(professional);
  const now = freezeClock();
  await moveStart(jobId, new Date(now.getTime() + ahead));
  expect((await giveBack(professional, jobId)).status).toBe(200);
  return { professional, jobId, now, reliability: await reliabilityOf(professional) };
}

describe('giving a shift back', () => {
  it.each([
    ['exactly 72 h ahead', 0, 72 * HOUR],
    ['1 ms under 72 h ahead', -10, 72 * HOUR - 1],
    ['exactly 24 h ahead', -10, 24 * HOUR],
    ['1 ms under 24 h ahead', -20, 24 * HOUR - 1],
    ['exactly 12 h ahead', -20, 12 * HOUR],
    ['exactly 4 h ahead', -35, 4 * HOUR],
    ['1 ms under 4 h ahead', -50, 4 * HOUR - 1],
    ['after the start', -50, -HOUR],
  ])('%s costs %i points', async (_when, points, ahead) => {
    const { jobId, reliability } = await giveBackAhead(ahead);
    expect(reliability.score).toBe(100 + points);
    if (points === 0) {
      // A give-back that changed nothing is not listed.
      expect(reliability.events).toEqual([]);
    } else {
      expect(reliability.events).toEqual([
        expect.objectContaining({ kind: 'gave_back', points, jobId, jobRole: 'teacher', appealable: true, appeal: null }),
      ]);
    }
  });

  it('costs nothing when the owner cancels, and tells the professional of each change', async () => {
    const professional = await makeReadyProfessional(t.app, t.ctx);
    const cancelled = await acceptedJob(professional);
    const byOwner = await call(t.app, 'POST', `/jobs/${cancelled}/cancel`, {
      token: institution.accessToken,
      body: { reason: 'The teacher on leave came back early.' },
    });
    expect(byOwner.status).toBe(200);
    expect((await reliabilityOf(professional)).score).toBe(100);

    const given = await acceptedJob(professional, 1);
    const now = freezeClock();
    await moveStart(given, new Date(now.getTime() + 30 * HOUR));
    await giveBack(professional, given);
    const notices = await call(t.app, 'GET', '/notifications', { token: professional.accessToken });
    const notice = notices.body.items.find((item: { type: string }) => item.type === 'reliability.changed');
    expect(notice.body).toMatch(/cost 10 points: your score is now 90 of 100\.$/);
  });
});

describe('the restriction', () => {
  it('does not start at a score of exactly 50', async () => {
    const { professional, reliability } = await giveBackAhead(30 * HOUR, 60);
    expect(reliability).toMatchObject({ score: 50, restrictedUntil: null });
    const [row] = rowsOf<{ restricted_until: Date | null }>(
      await t.ctx.db.execute(sql`SELECT restricted_until FROM professionals WHERE user_id = ${professional.id}`),
    );
    expect(row!.restricted_until).toBeNull();
  });

  it('starts at 49, for 7 days from the event', async () => {
    const { now, reliability } = await giveBackAhead(30 * HOUR, 59);
    expect(reliability.score).toBe(49);
    expect(reliability.restrictedUntil).toBe(new Date(now.getTime() + 7 * DAY).toISOString());
    expect(reliability.events[0]).toMatchObject({ points: -10, at: now.toISOString() });
  });
});

describe('completed shifts and no-shows', () => {
  it('adds 5 points per completed shift, up to 100 (a completion at 100 is not listed)', async () => {
    const professional = await makeReadyProfessional(t.app, t.ctx);
    const atFull = await completedJob(t.app, t.ctx, institution, professional);
    expect(await reliabilityOf(professional)).toMatchObject({ score: 100, events: [] });

    await setScore(professional, 97);
    const capped = await completedJob(t.app, t.ctx, institution, professional, { date: nextKampalaDate(1, 9) });
    expect(capped).not.toBe(atFull);
    const reliability = await reliabilityOf(professional);
    expect(reliability.score).toBe(100);
    expect(reliability.events).toEqual([expect.objectContaining({ kind: 'completed', points: 3, jobId: capped, appealable: false })]);

    await setScore(professional, 80);
    await completedJob(t.app, t.ctx, institution, professional, { date: nextKampalaDate(1, 16) });
    expect((await reliabilityOf(professional)).score).toBe(85);
  });

  async function noShow(professional: Professional, weeksAhead = 0): Promise<string> {
    const jobId = await acceptedJob(professional, weeksAhead);
    await markPaid(t.ctx, jobId);
    await startShift(t.ctx, jobId);
    const marked = await call(t.app, 'POST', `/jobs/${jobId}/no-show`, { token: institution.accessToken });
    expect(marked.status).toBe(200);
    return jobId;
  }

  it('takes 100 points for a no-show, down to 0, and restricts', async () => {
    const professional = await makeReadyProfessional(t.app, t.ctx);
    await setScore(professional, 30);
    const jobId = await noShow(professional);
    const reliability = await reliabilityOf(professional);
    expect(reliability.score).toBe(0);
    expect(reliability.events).toEqual([expect.objectContaining({ kind: 'no_show', points: -30, jobId })]);
    expect(Date.parse(reliability.restrictedUntil) - Date.parse(reliability.events[0].at)).toBe(7 * DAY);

    const fresh = await makeReadyProfessional(t.app, t.ctx);
    await noShow(fresh);
    expect((await reliabilityOf(fresh)).events[0]).toMatchObject({ kind: 'no_show', points: -100 });
  });
});

describe('concurrent events', () => {
  it('keep every point: five give-backs at once cost 50', async () => {
    const professional = await makeReadyProfessional(t.app, t.ctx);
    const jobIds = [];
    for (let week = 0; week < 5; week += 1) jobIds.push(await acceptedJob(professional, week));
    const now = freezeClock();
    for (const [index, jobId] of jobIds.entries()) await moveStart(jobId, new Date(now.getTime() + (30 + 10 * index) * HOUR));
    const answers = await Promise.all(jobIds.map((jobId) => giveBack(professional, jobId)));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    const reliability = await reliabilityOf(professional);
    expect(reliability.score).toBe(50);
    expect(reliability.events.map((event: { points: number }) => event.points)).toEqual([-10, -10, -10, -10, -10]);
  });
});

describe('appeals', () => {
  const appeal = (professional: Professional, eventId: string, reason = 'The school asked me to give it back by phone.') =>
    call(t.app, 'POST', '/me/reliability/appeals', { token: professional.accessToken, body: { eventId, reason } });
  const decide = (appealId: string, body: unknown, token = admin.accessToken) =>
    call(t.app, 'POST', `/admin/appeals/${appealId}/decide`, { token, body });
  const appealCount = async () =>
    rowsOf<{ count: number }>(await t.ctx.db.execute(sql`SELECT count(*)::int AS count FROM reliability_appeals`))[0]!.count;

  it('takes one appeal per own event that cost points; an accepted one gives the points back and lifts the restriction', async () => {
    const { professional, jobId, reliability } = await giveBackAhead(30 * HOUR, 59);
    vi.useRealTimers();
    const eventId = reliability.events[0].id as string;
    expect(reliability.restrictedUntil).not.toBeNull();

    const before = await appealCount();
    expect((await appeal(professional, eventId, 'short')).status).toBe(422);
    const stranger = await makeReadyProfessional(t.app, t.ctx);
    expect((await appeal(stranger, eventId)).status).toBe(404);
    expect(await appealCount()).toBe(before);

    const created = await appeal(professional, eventId);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ eventId, status: 'pending', note: null, decidedAt: null });
    const again = await appeal(professional, eventId);
    expect(again.status).toBe(409);
    expect(again.body.type).toContain('appeal-exists');
    expect((await reliabilityOf(professional)).events[0]).toMatchObject({ appealable: false, appeal: { status: 'pending' } });

    const queue = await call(t.app, 'GET', '/admin/appeals?status=pending', { token: admin.accessToken });
    expect(queue.status).toBe(200);
    expect(queue.body.items).toContainEqual(
      expect.objectContaining({
        id: created.body.id,
        professional: expect.objectContaining({ id: professional.id, reliabilityScore: 49 }),
        event: expect.objectContaining({ kind: 'gave_back', points: -10 }),
        job: expect.objectContaining({ id: jobId, role: 'teacher', institutionName: expect.any(String) }),
      }),
    );

    // Others are refused before their body is looked at.
    expect((await decide(created.body.id, { accept: 'maybe' }, '')).status).toBe(401);
    expect((await decide(created.body.id, { accept: 'maybe' }, professional.accessToken)).status).toBe(403);
    expect((await decide(created.body.id, { accept: 'maybe' })).status).toBe(422);

    const accepted = await decide(created.body.id, { accept: true, note: 'The school confirmed it asked.' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', decidedBy: { id: admin.id }, note: 'The school confirmed it asked.' });
    expect(await reliabilityOf(professional)).toMatchObject({ score: 59, restrictedUntil: null });
    const twice = await decide(created.body.id, { accept: false });
    expect(twice.status).toBe(409);
    expect(twice.body.type).toContain('appeal-decided');
    expect((await reliabilityOf(professional)).score).toBe(59);

    const audit = await call(t.app, 'GET', `/admin/audit?action=reliability.appeal.accept`, { token: admin.accessToken });
    expect(audit.body.items[0]).toMatchObject({ targetId: professional.id, details: expect.objectContaining({ restored: 10 }) });
    const exported = await call(t.app, 'GET', '/me/export', { token: professional.accessToken });
    expect(exported.body.reliability).toMatchObject({ score: 59, events: [{ id: eventId, appeal: { status: 'accepted' } }] });
    const notices = await call(t.app, 'GET', '/notifications', { token: professional.accessToken });
    expect(notices.body.items[0]).toMatchObject({
      type: 'reliability.appeal_decided',
      data: expect.objectContaining({ accepted: true, points: 10 }),
    });
  });

  it('leaves the score as it is when rejected, and refuses an event that cost nothing', async () => {
    const { professional, reliability } = await giveBackAhead(10 * HOUR);
    vi.useRealTimers();
    expect(reliability.score).toBe(65);
    const created = await appeal(professional, reliability.events[0].id);
    expect(created.status).toBe(201);
    const rejected = await decide(created.body.id, { accept: false, note: 'Four hours’ notice was not given.' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe('rejected');
    expect((await reliabilityOf(professional)).score).toBe(65);

    await setScore(professional, 90);
    await completedJob(t.app, t.ctx, institution, professional, { date: nextKampalaDate(1, 9) });
    const completion = (await reliabilityOf(professional)).events.find((event: { kind: string }) => event.kind === 'completed');
    const refused = await appeal(professional, completion.id);
    expect(refused.status).toBe(409);
    expect(refused.body.type).toContain('event-not-appealable');

    const other = await giveBackAhead(20 * HOUR);
    vi.useRealTimers();
    const pending = await appeal(other.professional, other.reliability.events[0].id);
    const queue = await call(t.app, 'GET', '/admin/appeals', { token: admin.accessToken });
    const statuses: string[] = queue.body.items.map((item: { status: string }) => item.status);
    expect(queue.body.items[0]).toMatchObject({ id: pending.body.id, status: 'pending' });
    expect(statuses.slice(statuses.findIndex((status) => status !== 'pending'))).not.toContain('pending');
    expect(queue.body.items.find((item: { id: string }) => item.id === created.body.id)).toMatchObject({ status: 'rejected' });
  });
});

describe('matches', () => {
  it('carry each professional’s reliability score, updated when it changes', async () => {
    const professional = await makeReadyProfessional(t.app, t.ctx, { availability: [{ weekday: 2, start: '07:00', end: '18:00' }] });
    const job = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(2, 30) });
    const scoreIn = async () => {
      const matches = await call(t.app, 'GET', `/jobs/${job.body.id}/matches`, { token: institution.accessToken });
      expect(matches.status).toBe(200);
      return matches.body.items.find((match: { professionalId: string }) => match.professionalId === professional.id)?.reliabilityScore;
    };
    expect(await scoreIn()).toBe(100);
    await setScore(professional, 73);
    expect(await scoreIn()).toBe(73);
  });
});
