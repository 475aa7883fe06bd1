import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { fetchApi, type CallOptions } from '../../../test/support/http.js';
import { makeReadyProfessional, nextKampalaDate, postJob } from '../../../test/support/job-factories.js';
import { makeInstitution, type Institution, type Professional } from '../../../test/support/profile-factories.js';
import { recountStandingsTask } from './tasks.js';
import { RECOUNT_CRON } from './workers.js';

// An institution's cancellation counts are stored (institution_standings) and counted again by the
// transaction that accepts, gives back or cancels one of its jobs, and nightly.

const TAKERS = 8;
const NAMES = ['Akello', 'Byaruhanga', 'Chemutai', 'Draru', 'Ekirapa', 'Furaha', 'Gimbo', 'Hakiza'];

let t: TestApp;
let base: string;
let professionals: Professional[];

beforeAll(async () => {
  t = await startTestApp({ listen: true, workers: true });
  base = t.ctx.config.publicUrl;
  professionals = [];
  for (let i = 0; i < TAKERS; i += 1) professionals.push(await makeReadyProfessional(t.app, t.ctx, {}, `${NAMES[i]} Grace`));
});
afterAll(() => t?.close());

const api = (method: string, path: string, options: CallOptions = {}) => fetchApi(base, method, path, options);

async function standing(institution: Institution) {
  const response = await api('GET', `/institutions/${institution.id}`, { token: professionals[0]!.accessToken });
  expect(response.status).toBe(200);
  const { acceptedJobs, cancelledJobs, cancellationRate } = response.body;
  return { acceptedJobs, cancelledJobs, cancellationRate };
}

/** `count` jobs of `owner`, each accepted by another professional, all at the same time. */
async function acceptedAtOnce(owner: Institution, count: number, date: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) ids.push((await postJob(t.app, owner.accessToken, { date })).body.id);
  const answers = await Promise.all(ids.map((id, i) => api('POST', `/jobs/${id}/accept`, { token: professionals[i]!.accessToken })));
  expect(answers.map((answer) => answer.status)).toEqual(ids.map(() => 200));
  return ids;
}

describe('institution standing', () => {
  it('counts every one of many accepts and cancels made at the same moment', async () => {
    const owner = await makeInstitution(t.app);
    const ids = await acceptedAtOnce(owner, TAKERS, nextKampalaDate(2, 10));
    expect(await standing(owner)).toEqual({ acceptedJobs: TAKERS, cancelledJobs: 0, cancellationRate: 0 });

    const cancelled = ids.slice(0, 3);
    const answers = await Promise.all(
      cancelled.map((id) => api('POST', `/jobs/${id}/cancel`, { token: owner.accessToken, body: { reason: 'The class was merged' } })),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(await standing(owner)).toEqual({ acceptedJobs: TAKERS, cancelledJobs: 3, cancellationRate: 0.375 });

    // Job views show the same counts as the profile.
    const view = await api('GET', `/jobs/${ids[TAKERS - 1]}`, { token: professionals[0]!.accessToken });
    expect(view.body.institutionStanding).toMatchObject({ cancellationRate: 0.375 });
  });

  it('counts them again nightly, at 00:20 Kampala, as accepts fall out of the 90-day window', async () => {
    const { rows } = await t.ctx.database.sql.executeSql('SELECT cron, timezone FROM pgboss.schedule WHERE name = $1', [
      recountStandingsTask.name,
    ]);
    expect(rows).toEqual([{ cron: RECOUNT_CRON, timezone: 'Africa/Kampala' }]);
    expect(RECOUNT_CRON).toBe('20 0 * * *');

    const owner = await makeInstitution(t.app);
    const [old, recent] = await acceptedAtOnce(owner, 2, nextKampalaDate(4, 10));
    await api('POST', `/jobs/${old}/cancel`, { token: owner.accessToken, body: { reason: 'Term ended early' } });
    expect(await standing(owner)).toEqual({ acceptedJobs: 2, cancelledJobs: 1, cancellationRate: 0.5 });
    const open = (await postJob(t.app, owner.accessToken, { date: nextKampalaDate(5, 3) })).body.id;
    const browsedRate = async () => {
      const browse = await api('GET', '/jobs?limit=100', { token: professionals[0]!.accessToken });
      expect(browse.status).toBe(200);
      return (browse.body.items as { id: string; institutionStanding: { cancellationRate: number } }[]).find((item) => item.id === open)
        ?.institutionStanding.cancellationRate;
    };
    expect(await browsedRate()).toBe(0.5);

    // Time passes with no event of this institution's: its cancelled accept is now 91 days old.
    await t.ctx.db.execute(sql`UPDATE job_assignees SET accepted_at = now() - interval '91 days' WHERE job_id = ${old}`);
    expect(await standing(owner)).toEqual({ acceptedJobs: 2, cancelledJobs: 1, cancellationRate: 0.5 });

    const taskId = await t.ctx.queue.send(undefined, recountStandingsTask, {});
    await expect
      .poll(async () => (await t.ctx.database.sql.executeSql('SELECT state FROM pgboss.job WHERE id = $1', [taskId])).rows, {
        timeout: 20_000,
      })
      .toEqual([{ state: 'completed' }]);
    expect(await standing(owner)).toEqual({ acceptedJobs: 1, cancelledJobs: 0, cancellationRate: 0 });
    // The recount bumped the cached job pages (the one above among them): browsing shows the new rate too.
    expect(await browsedRate()).toBe(0);
    expect((await api('GET', `/jobs/${recent}`, { token: owner.accessToken })).body.status).toBe('assigned');
  });
});
