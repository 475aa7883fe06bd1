import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makeReadyProfessional, nextKampalaDate, postJob } from '../../../test/support/job-factories.js';
import { makeInstitution } from '../../../test/support/profile-factories.js';

let t: TestApp;
let second: TestApp;

beforeAll(async () => {
  // Two API instances on one database with one signing key, as two server processes would be.
  const env = { JWT_SECRET: randomBytes(32).toString('hex') };
  t = await startTestApp({ env });
  second = await startTestApp({ env, databaseName: t.databaseName });
});
afterAll(async () => {
  await second.close();
  await t.close();
});

interface AcceptAnswer {
  status: number;
  body: { id?: string; status?: string; currentStatus?: string; type?: string; clashingJobId?: string };
}

async function accept(origin: string, jobId: string, token: string): Promise<AcceptAnswer> {
  const response = await fetch(`${origin}/api/v1/jobs/${jobId}/accept`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as AcceptAnswer['body'] };
}

it('lets exactly one of 50 simultaneous accepts over real HTTP win, across two app instances', async () => {
  const institution = await makeInstitution(t.app);
  const job = await postJob(t.app, institution.accessToken);
  const professionals = await Promise.all(Array.from({ length: 50 }, () => makeReadyProfessional(t.app, t.ctx)));
  const urls = [await t.listen(), await second.listen()];

  const responses = await Promise.all(
    professionals.map((professional, index) => accept(urls[index % 2]!, job.body.id, professional.accessToken)),
  );

  const winners = responses.filter((response) => response.status === 200);
  const losers = responses.filter((response) => response.status === 409);
  expect(winners).toHaveLength(1);
  expect(losers).toHaveLength(49);
  expect(losers.every((loser) => loser.body.currentStatus === 'assigned')).toBe(true);
  const assignees = rowsOf<{ n: number }>(
    await t.ctx.db.execute(sql`SELECT count(*)::int AS n FROM job_assignees WHERE job_id = ${job.body.id}`),
  );
  expect(assignees[0]!.n).toBe(1);
  const notices = rowsOf<{ n: number }>(
    await t.ctx.db.execute(sql`SELECT count(*)::int AS n FROM notifications WHERE user_id = ${institution.id} AND type = 'job.accepted'`),
  );
  expect(notices[0]!.n).toBe(1);
});

it('answers the winner repeating its accept with 200 and the job, and a rival still with 409', async () => {
  const institution = await makeInstitution(t.app);
  const job = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(2, 9) });
  const [winner, rival] = await Promise.all([makeReadyProfessional(t.app, t.ctx), makeReadyProfessional(t.app, t.ctx)]);
  const url = await t.listen();

  expect((await accept(url, job.body.id, winner.accessToken)).status).toBe(200);
  const [again, doubleClick, refused] = await Promise.all([
    accept(url, job.body.id, winner.accessToken),
    accept(await second.listen(), job.body.id, winner.accessToken),
    accept(url, job.body.id, rival.accessToken),
  ]);
  expect(again).toMatchObject({ status: 200, body: { id: job.body.id, status: 'assigned' } });
  expect(doubleClick).toMatchObject({ status: 200, body: { id: job.body.id, status: 'assigned' } });
  expect(refused).toMatchObject({ status: 409, body: { currentStatus: 'assigned' } });
  const notices = rowsOf<{ n: number }>(
    await t.ctx.db.execute(sql`SELECT count(*)::int AS n FROM notifications WHERE user_id = ${institution.id} AND type = 'job.accepted'`),
  );
  expect(notices[0]!.n).toBe(1);
});

it('never refuses a job that is still open, under a burst of claims that fail on clashes', async () => {
  const institution = await makeInstitution(t.app);
  const date = nextKampalaDate(4, 9);
  const clashing = await Promise.all(Array.from({ length: 30 }, () => makeReadyProfessional(t.app, t.ctx)));
  // Each clashing professional holds a shift overlapping the raced one, so each of their claims rolls back.
  for (const professional of clashing) {
    const held = await postJob(t.app, institution.accessToken, { date, startTime: '12:00', endTime: '18:00' });
    expect((await accept(await t.listen(), held.body.id, professional.accessToken)).status).toBe(200);
  }
  const free = await makeReadyProfessional(t.app, t.ctx);
  const job = await postJob(t.app, institution.accessToken, { date });
  const url = await t.listen();

  // One process, the free professional last: claim after failed claim comes before theirs.
  const answers = await Promise.all([...clashing, free].map((professional) => accept(url, job.body.id, professional.accessToken)));
  const freeAnswer = answers.at(-1);
  const clashAnswers = answers.slice(0, -1);

  expect(freeAnswer).toMatchObject({ status: 200, body: { status: 'assigned' } });
  // Refused for their clash, or, once the free professional has won, because the job is taken.
  const refusals = clashAnswers.map((answer) => (answer.body.type?.endsWith('/shift-clash') ? 'shift-clash' : answer.body.currentStatus));
  expect(refusals.every((reason) => reason === 'shift-clash' || reason === 'assigned')).toBe(true);
  expect(clashAnswers.every((answer) => answer.status === 409)).toBe(true);
  const assignees = rowsOf<{ id: string }>(
    await t.ctx.db.execute(sql`SELECT professional_id AS id FROM job_assignees WHERE job_id = ${job.body.id}`),
  );
  expect(assignees).toEqual([{ id: free.id }]);
});

it('gives one professional accepting two overlapping shifts at once, through two app instances, one 200 and one 409', async () => {
  const institution = await makeInstitution(t.app);
  const professional = await makeReadyProfessional(t.app, t.ctx);
  const urls = [await t.listen(), await second.listen()];
  for (const week of [2, 3, 4, 5, 6]) {
    const date = nextKampalaDate(3, 7 * week);
    const shifts = await Promise.all([
      postJob(t.app, institution.accessToken, { date, startTime: '08:00', endTime: '13:00' }),
      postJob(t.app, institution.accessToken, { date, startTime: '12:00', endTime: '17:00' }),
    ]);
    const answers = await Promise.all(shifts.map((shift, index) => accept(urls[index]!, shift.body.id, professional.accessToken)));

    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const won = shifts[answers.findIndex((answer) => answer.status === 200)]!.body.id;
    expect(answers.find((answer) => answer.status === 409)!.body).toMatchObject({
      type: expect.stringContaining('shift-clash'),
      clashingJobId: won,
    });
    const held = rowsOf<{ id: string }>(
      await t.ctx.db.execute(sql`SELECT job_id AS id FROM job_assignees WHERE job_id IN (${shifts[0]!.body.id}, ${shifts[1]!.body.id})`),
    );
    expect(held).toEqual([{ id: won }]);
  }
});
