import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makeReadyProfessional, postJob } from '../../../test/support/job-factories.js';
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

it('lets exactly one of 50 simultaneous accepts over real HTTP win, across two app instances', async () => {
  const institution = await makeInstitution(t.app);
  const job = await postJob(t.app, institution.accessToken);
  const professionals = await Promise.all(Array.from({ length: 50 }, () => makeReadyProfessional(t.app, t.ctx)));
  const urls = [await t.listen(), await second.listen()];

  const responses = await Promise.all(
    professionals.map(async (professional, index) => {
      const response = await fetch(`${urls[index % 2]}/api/v1/jobs/${job.body.id}/accept`, {
        method: 'POST',
        headers: { authorization: `Bearer ${professional.accessToken}` },
      });
      return { status: response.status, body: (await response.json()) as { status?: string; currentStatus?: string } };
    }),
  );

  const winners = responses.filter((response) => response.status === 200);
  const losers = responses.filter((response) => response.status === 409);
  expect(winners).toHaveLength(1);
  expect(losers).toHaveLength(49);
  expect(losers.every((loser) => loser.body.currentStatus === 'assigned')).toBe(true);
  const assignees = rowsOf<{ n: number }>(await t.ctx.db.execute(sql`SELECT count(*)::int AS n FROM job_assignees WHERE job_id = ${job.body.id}`));
  expect(assignees[0]!.n).toBe(1);
  const notices = rowsOf<{ n: number }>(await t.ctx.db.execute(sql`SELECT count(*)::int AS n FROM notifications WHERE user_id = ${institution.id} AND type = 'job.accepted'`));
  expect(notices[0]!.n).toBe(1);
});
