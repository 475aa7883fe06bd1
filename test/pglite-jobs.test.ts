import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { startRuntime } from '../src/runtime.js';
import type { Api } from '../src/platform/http.js';
import { call } from './support/http.js';
import { makeReadyProfessional, markPaid, endShift, postJob } from './support/job-factories.js';
import { makeInstitution } from './support/profile-factories.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'qgig-pglite-jobs-'));
let embedded: { app: Api; runtime: Awaited<ReturnType<typeof startRuntime>> };

beforeAll(async () => {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    RUN_WORKERS: 'false',
    ADMIN_EMAIL: 'root@qgig.test',
    ADMIN_PASSWORD: 'Kampala-Embedded-Pass-2026',
  });
  const runtime = await startRuntime(config);
  embedded = { runtime, app: await buildApp(runtime.ctx) };
}, 120_000);
afterAll(async () => {
  await embedded.app.close();
  await embedded.runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('jobs on the embedded PGlite database', () => {
  it('posts, browses, matches, accepts once, completes, rates and counts', async () => {
    const { app } = embedded;
    const ctx = embedded.runtime.ctx;
    const institution = await makeInstitution(app);
    const first = await makeReadyProfessional(app, ctx);
    const second = await makeReadyProfessional(app, ctx);
    const job = await postJob(app, institution.accessToken);

    const browse = await call(app, 'GET', '/jobs?role=teacher&district=Wakiso', { token: first.accessToken });
    expect(browse.body.items.map((item: { id: string }) => item.id)).toEqual([job.body.id]);
    const matches = await call(app, 'GET', `/jobs/${job.body.id}/matches`, { token: institution.accessToken });
    expect(matches.body.items.map((match: { professionalId: string }) => match.professionalId).sort()).toEqual(
      [first.id, second.id].sort(),
    );
    const recommended = await call(app, 'GET', '/me/recommended-jobs', { token: first.accessToken });
    expect(recommended.body.items[0].job.id).toBe(job.body.id);

    const accepts = await Promise.all(
      [first, second].map((professional) => call(app, 'POST', `/jobs/${job.body.id}/accept`, { token: professional.accessToken })),
    );
    expect(accepts.map((response) => response.status).sort()).toEqual([200, 409]);
    const winner = accepts[0]!.status === 200 ? first : second;

    await markPaid(ctx, job.body.id);
    await endShift(ctx, job.body.id);
    expect((await call(app, 'POST', `/jobs/${job.body.id}/complete`, { token: institution.accessToken })).status).toBe(200);
    expect((await call(app, 'POST', `/jobs/${job.body.id}/ratings`, { token: institution.accessToken, body: { stars: 4 } })).status).toBe(
      201,
    );
    const ratings = await call(app, 'GET', `/professionals/${winner.id}/ratings`, { token: institution.accessToken });
    expect(ratings.body.items).toHaveLength(1);

    const admin = await call(app, 'POST', '/auth/login', { body: { email: 'root@qgig.test', password: 'Kampala-Embedded-Pass-2026' } });
    const metrics = await call(app, 'GET', '/admin/metrics', { token: admin.body.accessToken });
    expect(metrics.body.jobs).toMatchObject({ total: 1, completed: 1 });
    expect(metrics.body.series.at(-1).jobsPosted).toBe(1);
    // The escrow ledger (its balance is checked by a deferred constraint trigger) works here too.
    const ledger = await call(app, 'GET', '/admin/ledger', { token: admin.body.accessToken });
    const balance = Object.fromEntries(ledger.body.accounts.map((row: { account: string; balance: number }) => [row.account, row.balance]));
    expect(ledger.body.unbalancedJournals).toBe(0);
    expect(balance).toMatchObject({
      escrow: 0,
      institution_payments: -job.body.total,
      professional_payable: job.body.pay,
      revenue: job.body.fee,
    });
    const refusal = await ctx.db
      .transaction((tx) =>
        tx.execute(sql`WITH j AS (INSERT INTO ledger_journals (kind) VALUES ('test') RETURNING id)
          INSERT INTO ledger_entries (journal_id, account, amount) SELECT id, 'escrow', 1 FROM j`),
      )
      .then(
        () => 'committed',
        (error: Error) => String(error.cause ?? error),
      );
    expect(refusal).toMatch(/does not balance/);
    const stored = await ctx.db.execute(sql`SELECT count(*)::int AS n FROM job_assignees`);
    expect((stored as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(1);
  }, 120_000);
});
