import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowseQuery } from '../src/contracts/jobs.js';
import { browseJobs } from '../src/modules/jobs/service.js';
import { matchesForJob, recommendedJobs } from '../src/modules/matching/service.js';
import type { AppContext } from '../src/platform/context.js';
import { rowsOf, type Transaction } from '../src/platform/db.js';
import type { CacheScope } from '../src/platform/response-cache.js';
import { startTestApp, type TestApp } from './support/app.js';
import { call } from './support/http.js';
import { makeReadyProfessional, nextKampalaDate, postJob } from './support/job-factories.js';
import { makeInstitution, type Institution, type Professional } from './support/profile-factories.js';

// A cached answer is served until a write bumps its scope's version (or it ages out after 60 s). A
// table it reads whose changes bump nothing would serve stale answers: this finds every table each
// cached computation reads, in PostgreSQL's own per-transaction statistics, and asks the triggers.

/**
 * Read by cached answers, but changed only by triggers in the same transaction as a change to a table
 * that bumps the scope: match_candidates follows professionals, availability and blackouts;
 * job_skills follows jobs.
 */
const DERIVED_TABLES = new Set(['match_candidates', 'job_skills']);

let t: TestApp;
let institution: Institution;
let professional: Professional;
let jobId: string;

beforeAll(async () => {
  t = await startTestApp();
  institution = await makeInstitution(t.app);
  professional = await makeReadyProfessional(t.app, t.ctx, { blackoutDates: [nextKampalaDate(3)] });
  const busy = await makeReadyProfessional(t.app, t.ctx, {}, 'Apio Grace');
  jobId = (await postJob(t.app, institution.accessToken)).body.id;
  // A second shift taken by someone else: assignees and their clashes are part of the answers.
  const taken = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(1, 9) });
  expect((await call(t.app, 'POST', `/jobs/${taken.body.id}/accept`, { token: busy.accessToken })).status).toBe(200);
});
afterAll(() => t?.close());

/** Scans per table so far on this connection, as far as its statistics not yet flushed to the server go. */
async function scansOf(tx: Transaction): Promise<Map<string, number>> {
  const result = await tx.execute(
    sql`SELECT relname, seq_scan + coalesce(idx_scan, 0) AS scans FROM pg_stat_xact_user_tables WHERE schemaname = 'public'`,
  );
  return new Map(rowsOf<{ relname: string; scans: string }>(result).map((row) => [row.relname, Number(row.scans)]));
}

/**
 * The tables `compute` read: the scans its one transaction added. (Since PostgreSQL 15 the per-transaction
 * view also holds earlier transactions' counts until they are flushed, hence the difference.)
 */
async function tablesReadBy(compute: (ctx: AppContext) => Promise<unknown>): Promise<string[]> {
  return t.ctx.db.transaction(async (tx: Transaction) => {
    const before = await scansOf(tx);
    await compute({ ...t.ctx, db: tx });
    const after = await scansOf(tx);
    return [...after]
      .filter(([table, scans]) => scans > (before.get(table) ?? 0))
      .map(([table]) => table)
      .sort();
  });
}

/** The tables whose enabled triggers bump `scope`'s cache version (a trigger's arguments are the scopes it bumps). */
async function tablesBumping(scope: CacheScope): Promise<Set<string>> {
  const result = await t.ctx.db.execute(sql`
    SELECT DISTINCT c.relname FROM pg_trigger tg
    JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_proc p ON p.oid = tg.tgfoid
    WHERE p.proname = 'bump_cache_version' AND tg.tgenabled <> 'D'
      AND ${scope} = ANY (string_to_array(rtrim(encode(tg.tgargs, 'escape'), '\\000'), '\\000'))`);
  return new Set(rowsOf<{ relname: string }>(result).map((row) => row.relname));
}

/** What `compute` reads that no enabled trigger bumps `scope` for. */
async function unversionedReads(scope: CacheScope, compute: (ctx: AppContext) => Promise<unknown>): Promise<string[]> {
  const read = await tablesReadBy(compute);
  expect(read).toContain('jobs');
  const bumping = await tablesBumping(scope);
  return read.filter((table) => !bumping.has(table) && !DERIVED_TABLES.has(table));
}

const caller = (user: { id: string }, role: 'institution' | 'professional') => ({
  id: user.id,
  role,
  sessionId: '00000000-0000-0000-0000-000000000000',
});

const cachedAnswers: [string, CacheScope, (ctx: AppContext) => Promise<unknown>][] = [
  ['GET /jobs (browse)', 'browse', (ctx) => browseJobs(ctx, BrowseQuery.parse({}))],
  ['GET /jobs/{id}/matches', 'matching', (ctx) => matchesForJob(ctx, caller(institution, 'institution'), jobId, 20)],
  ['GET /me/recommended-jobs', 'matching', (ctx) => recommendedJobs(ctx, caller(professional, 'professional'), 20)],
  // A restricted viewer's own page reads favourites and blocks as well.
  [
    'GET /jobs (browse, restricted viewer)',
    'browse',
    (ctx) => browseJobs(ctx, BrowseQuery.parse({}), { id: professional.id, restricted: true }),
  ],
];

describe('cache scopes', () => {
  it.each(cachedAnswers)('%s: every table it reads bumps the %s version when it changes', async (_route, scope, compute) => {
    expect(await unversionedReads(scope, compute)).toEqual([]);
  });

  it('catches a table read without a bump: the match list with the blackouts trigger switched off', async () => {
    const [, scope, compute] = cachedAnswers[1]!;
    await t.ctx.db.execute(sql`ALTER TABLE professional_blackouts DISABLE TRIGGER blackouts_cache`);
    try {
      expect(await unversionedReads(scope, compute)).toEqual(['professional_blackouts']);
    } finally {
      await t.ctx.db.execute(sql`ALTER TABLE professional_blackouts ENABLE TRIGGER blackouts_cache`);
    }
  });
});
