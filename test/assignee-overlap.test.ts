import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import type { AppContext } from '../src/platform/context.js';
import { violatedExclusionConstraint } from '../src/platform/db-errors.js';
import { buildApp } from '../src/app.js';
import type { Api } from '../src/platform/http.js';
import { startRuntime } from '../src/runtime.js';
import { startTestApp } from './support/app.js';
import { makeReadyProfessional, nextKampalaDate, postJob } from './support/job-factories.js';
import { makeInstitution } from './support/profile-factories.js';

interface Database {
  app: Api;
  ctx: AppContext;
  close(): Promise<void>;
}

async function postgres(): Promise<Database> {
  const test = await startTestApp();
  return { app: test.app, ctx: test.ctx, close: () => test.close() };
}

async function pglite(): Promise<Database> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'qgig-pglite-overlap-'));
  const runtime = await startRuntime(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent', RUN_WORKERS: 'false' }));
  const app = await buildApp(runtime.ctx);
  return {
    app,
    ctx: runtime.ctx,
    async close() {
      await app.close();
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe.each([
  ['PostgreSQL', postgres],
  ['PGlite', pglite],
])('job_assignees on %s', (_name, open) => {
  let database: Database;
  beforeAll(async () => {
    database = await open();
  }, 120_000);
  afterAll(() => database.close());

  it('refuses a row of one professional overlapping hours they hold, until the job holding them is cancelled', async () => {
    const { app, ctx } = database;
    const institution = await makeInstitution(app);
    const [professional, other] = [await makeReadyProfessional(app, ctx), await makeReadyProfessional(app, ctx)];
    const date = nextKampalaDate(2, 3);
    const jobs: Record<string, string> = {};
    for (const [name, startTime, endTime] of [
      ['morning', '08:00', '12:00'],
      ['overlapping', '11:00', '12:00'],
      ['afternoon', '12:00', '16:00'],
      ['another', '09:00', '10:00'],
    ] as const) {
      jobs[name] = (await postJob(app, institution.accessToken, { date, startTime, endTime })).body.id;
    }
    // Straight into the table, with the jobs' hours: the database itself decides.
    const insert = (job: string, professionalId: string) =>
      ctx.db
        .execute(
          sql`INSERT INTO job_assignees (job_id, professional_id, starts_at, ends_at)
              SELECT id, ${professionalId}, starts_at, ends_at FROM jobs WHERE id = ${jobs[job]!}`,
        )
        .then(
          () => 'stored',
          (error: unknown) => violatedExclusionConstraint(error) ?? error,
        );

    expect(await insert('morning', professional.id)).toBe('stored');
    expect(await insert('overlapping', professional.id)).toBe('job_assignees_no_overlap');
    // An end meeting a start is no overlap, and another professional's hours are theirs.
    expect(await insert('afternoon', professional.id)).toBe('stored');
    expect(await insert('another', other.id)).toBe('stored');

    await ctx.db.execute(sql`UPDATE jobs SET status = 'cancelled' WHERE id = ${jobs.morning!}`);
    expect(await insert('overlapping', professional.id)).toBe('stored');
  }, 60_000);
});
