import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { call } from '../../test/support/http.js';
import { makeReadyProfessional, markPaid, postJob } from '../../test/support/job-factories.js';
import { makeInstitution, makeProfessional, type Institution, type Professional } from '../../test/support/profile-factories.js';
import { rowsOf, type Executor } from './db.js';
import type { CacheScope } from './response-cache.js';

let t: TestApp;
let institution: Institution;
let viewer: Professional;

beforeAll(async () => {
  t = await startTestApp();
  institution = await makeInstitution(t.app);
  viewer = await makeProfessional(t.app);
});
afterAll(async () => {
  await t.close();
});

/** Changes rows with the triggers off, as no code path may: what a cached answer would keep showing. */
async function changeSilently(app: TestApp, statement: ReturnType<typeof sql>): Promise<void> {
  await app.ctx.db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL session_replication_role = replica`);
    await tx.execute(statement);
  });
}

async function cacheVersion(db: Executor, scope: CacheScope = 'browse'): Promise<number> {
  return rowsOf<{ version: number }>(
    await db.execute(sql`SELECT sum(version)::int AS version FROM cache_versions WHERE scope = ${scope}`),
  )[0]!.version;
}

async function descriptionsIn(app: TestApp, district: string, token = viewer.accessToken): Promise<string[]> {
  const response = await call(app.app, 'GET', `/jobs?district=${district}`, { token });
  expect(response.status).toBe(200);
  return response.body.items.map((job: { description: string }) => job.description);
}

describe('cached browse answers', () => {
  it('are served until a change they depend on commits, in any of the tables they read', async () => {
    const district = 'Kotido';
    const job = await postJob(t.app, institution.accessToken, { district, description: 'first words' });
    expect(await descriptionsIn(t, district)).toEqual(['first words']);

    await changeSilently(t, sql`UPDATE jobs SET description = 'changed behind the cache' WHERE id = ${job.body.id}`);
    expect(await descriptionsIn(t, district)).toEqual(['first words']);

    const edited = await call(t.app, 'PATCH', `/jobs/${job.body.id}`, {
      token: institution.accessToken,
      body: { description: 'edited words' },
    });
    expect(edited.status).toBe(200);
    expect(await descriptionsIn(t, district)).toEqual(['edited words']);

    const institutionNames = async () =>
      (await call(t.app, 'GET', `/jobs?district=${district}`, { token: viewer.accessToken })).body.items.map(
        (item: { institutionName: string }) => item.institutionName,
      );
    const [before] = await institutionNames();
    await t.ctx.db.execute(sql`UPDATE institutions SET name = 'Renamed Primary School' WHERE user_id = ${institution.id}`);
    expect(await institutionNames()).toEqual(['Renamed Primary School']);
    expect(before).not.toBe('Renamed Primary School');

    await t.ctx.db.execute(sql`UPDATE users SET status = 'suspended' WHERE id = ${institution.id}`);
    expect(await descriptionsIn(t, district)).toEqual([]);
    await t.ctx.db.execute(sql`UPDATE users SET status = 'active' WHERE id = ${institution.id}`);
    expect(await descriptionsIn(t, district)).toEqual(['edited words']);

    const professional = await makeReadyProfessional(t.app, t.ctx);
    expect((await call(t.app, 'POST', `/jobs/${job.body.id}/accept`, { token: professional.accessToken })).status).toBe(200);
    expect(await descriptionsIn(t, district)).toEqual([]);
  });

  it('are bumped once per transaction at commit, and not by payments or by rolled-back work', async () => {
    const first = await postJob(t.app, institution.accessToken, { district: 'Napak' });
    const second = await postJob(t.app, institution.accessToken, { district: 'Napak' });
    const before = await cacheVersion(t.ctx.db);
    await t.ctx.db.transaction(async (tx) => {
      await tx.execute(sql`UPDATE jobs SET description = 'one' WHERE id = ${first.body.id}`);
      await tx.execute(sql`UPDATE jobs SET description = 'two' WHERE id = ${second.body.id}`);
      // Deferred to commit: nothing is bumped (or locked) while the transaction does its work.
      expect(await cacheVersion(tx)).toBe(before);
    });
    expect(await cacheVersion(t.ctx.db)).toBe(before + 1);

    await t.ctx.db
      .transaction(async (tx) => {
        await tx.execute(sql`UPDATE jobs SET description = 'never' WHERE id = ${first.body.id}`);
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    expect(await cacheVersion(t.ctx.db)).toBe(before + 1);

    const professional = await makeReadyProfessional(t.app, t.ctx);
    expect((await call(t.app, 'POST', `/jobs/${first.body.id}/accept`, { token: professional.accessToken })).status).toBe(200);
    const assigned = await cacheVersion(t.ctx.db);
    expect(assigned).toBeGreaterThan(before + 1);
    await markPaid(t.ctx, first.body.id);
    expect(await cacheVersion(t.ctx.db)).toBe(assigned);
  });

  it('outlive the changes only match lists read: a professional’s profile, hours and ratings', async () => {
    const district = 'Kiryandongo';
    const job = await postJob(t.app, institution.accessToken, { district, description: 'still cached' });
    expect(await descriptionsIn(t, district)).toEqual(['still cached']);
    const [browse, matching] = [await cacheVersion(t.ctx.db, 'browse'), await cacheVersion(t.ctx.db, 'matching')];

    const professional = await makeReadyProfessional(t.app, t.ctx);
    await t.ctx.db.execute(
      sql`UPDATE users SET rating_sum = rating_sum + 5, rating_count = rating_count + 1 WHERE id = ${professional.id}`,
    );
    expect(await cacheVersion(t.ctx.db, 'browse')).toBe(browse);
    expect(await cacheVersion(t.ctx.db, 'matching')).toBeGreaterThanOrEqual(matching + 2);

    await changeSilently(t, sql`UPDATE jobs SET description = 'changed behind the cache' WHERE id = ${job.body.id}`);
    expect(await descriptionsIn(t, district)).toEqual(['still cached']);
  });

  it('expire when their first job starts, with no write to tell them', async () => {
    const district = 'Amudat';
    const soon = await postJob(t.app, institution.accessToken, { district, description: 'starts in seconds' });
    const later = await postJob(t.app, institution.accessToken, {
      district,
      description: 'starts later',
      startTime: '17:00',
      endTime: '18:00',
    });
    await t.ctx.db.execute(
      sql`UPDATE jobs SET starts_at = now() + interval '3 seconds', ends_at = now() + interval '1 hour' WHERE id = ${soon.body.id}`,
    );
    expect(await descriptionsIn(t, district)).toEqual(['starts in seconds', 'starts later']);

    await changeSilently(t, sql`UPDATE jobs SET description = 'changed behind the cache' WHERE id = ${later.body.id}`);
    expect(await descriptionsIn(t, district)).toEqual(['starts in seconds', 'starts later']);
    await sleep(3_200);
    expect(await descriptionsIn(t, district)).toEqual(['changed behind the cache']);
  });

  it('go gzipped to clients that accept it, with an ETag that a repeat turns into 304', async () => {
    await postJob(t.app, institution.accessToken, { district: 'Moroto', description: 'Ünïcödé <b>not bold</b> & “quotes”' });
    const url = '/api/v1/jobs?district=Moroto';
    const authorization = `Bearer ${viewer.accessToken}`;
    const plain = await t.app.inject({ url, headers: { authorization } });
    const zipped = await t.app.inject({ url, headers: { authorization, 'accept-encoding': 'br;q=1, gzip;q=0.8' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('accept-encoding');
    expect(zipped.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(plain.body);
    expect(JSON.parse(plain.body).items[0].description).toBe('Ünïcödé <b>not bold</b> & “quotes”');
    expect(zipped.headers.etag).toBe(plain.headers.etag);

    const repeat = await t.app.inject({ url, headers: { authorization, 'if-none-match': plain.headers.etag as string } });
    expect(repeat.statusCode).toBe(304);
    expect(repeat.body).toBe('');
    const stale = await t.app.inject({ url, headers: { authorization, 'if-none-match': '"something-else"' } });
    expect(stale.statusCode).toBe(200);
    expect(stale.body).toBe(plain.body);
  });

  it('keep bad queries and unauthenticated callers out', async () => {
    expect((await call(t.app, 'GET', '/jobs?limit=abc', { token: viewer.accessToken })).status).toBe(422);
    const injected = encodeURIComponent("x' OR 1=1 --");
    expect((await call(t.app, 'GET', `/jobs?district=${injected}`, { token: viewer.accessToken })).status).toBe(422);
    const bySkill = await call(t.app, 'GET', `/jobs?skill=${injected}`, { token: viewer.accessToken });
    expect(bySkill.status).toBe(200);
    expect(bySkill.body.items).toEqual([]);
    expect((await call(t.app, 'GET', '/jobs')).status).toBe(401);
  });
});

describe('cached match lists', () => {
  it('are the owner’s alone, and follow changes to who is available', async () => {
    const job = await postJob(t.app, institution.accessToken, { role: 'pharmacist', skills: [] });
    const matchIds = async (token: string) => call(t.app, 'GET', `/jobs/${job.body.id}/matches`, { token });
    const first = await makeReadyProfessional(t.app, t.ctx, { roles: ['pharmacist'] });
    expect((await matchIds(institution.accessToken)).body.items.map((match: { professionalId: string }) => match.professionalId)).toEqual([
      first.id,
    ]);

    const rival = await makeInstitution(t.app);
    expect((await matchIds(rival.accessToken)).status).toBe(403);

    const second = await makeReadyProfessional(t.app, t.ctx, { roles: ['pharmacist'] });
    const after = (await matchIds(institution.accessToken)).body.items.map((match: { professionalId: string }) => match.professionalId);
    expect(after.sort()).toEqual([first.id, second.id].sort());
  });
});

describe('cached recommendations', () => {
  it('are the professional’s own, and follow new jobs, their own shifts and their start', async () => {
    const physiotherapist = () => makeReadyProfessional(t.app, t.ctx, { roles: ['physiotherapist'] });
    const [reader, other] = await Promise.all([physiotherapist(), physiotherapist()]);
    const recommended = async (professional: Professional) => {
      const response = await call(t.app, 'GET', '/me/recommended-jobs', { token: professional.accessToken });
      expect(response.status).toBe(200);
      return response.body.items.map((item: { job: { description: string } }) => item.job.description);
    };
    const soon = await postJob(t.app, institution.accessToken, { role: 'physiotherapist', skills: [], description: 'starts in seconds' });
    await t.ctx.db.execute(
      sql`UPDATE jobs SET starts_at = now() + interval '5 seconds', ends_at = now() + interval '1 hour' WHERE id = ${soon.body.id}`,
    );
    expect(await recommended(reader)).toEqual(['starts in seconds']);

    const later = await postJob(t.app, institution.accessToken, {
      role: 'physiotherapist',
      skills: [],
      description: 'the morning shift',
      startTime: '08:00',
      endTime: '12:00',
    });
    expect(await recommended(reader)).toEqual(['starts in seconds', 'the morning shift']);
    const clashing = await postJob(t.app, institution.accessToken, {
      role: 'physiotherapist',
      skills: [],
      description: 'overlaps the morning',
      startTime: '11:00',
      endTime: '15:00',
    });
    expect(await recommended(reader)).toEqual(['starts in seconds', 'the morning shift', 'overlaps the morning']);

    // Taking the morning shift drops it, and the shift it overlaps, from the reader's list alone.
    expect((await call(t.app, 'POST', `/jobs/${later.body.id}/accept`, { token: reader.accessToken })).status).toBe(200);
    expect(await recommended(reader)).toEqual(['starts in seconds']);
    expect(await recommended(other)).toEqual(['starts in seconds', 'overlaps the morning']);

    await changeSilently(t, sql`UPDATE jobs SET description = 'changed behind the cache' WHERE id = ${clashing.body.id}`);
    expect(await recommended(other)).toEqual(['starts in seconds', 'overlaps the morning']);
    await sleep(5_200);
    expect(await recommended(other)).toEqual(['changed behind the cache']);
  });
});

describe('with RESPONSE_CACHE_MB=0', () => {
  it('computes every answer afresh', async () => {
    const uncached = await startTestApp({ databaseName: t.databaseName, env: { RESPONSE_CACHE_MB: '0' } });
    try {
      // Another app has its own token secret: its callers sign in to it.
      const owner = await makeInstitution(uncached.app);
      const reader = await makeProfessional(uncached.app);
      const job = await postJob(uncached.app, owner.accessToken, { district: 'Kaabong', description: 'before' });
      const response = await call(uncached.app, 'GET', '/jobs?district=Kaabong', { token: reader.accessToken });
      expect(response.body.items.map((item: { description: string }) => item.description)).toEqual(['before']);
      expect(response.headers.etag).toBeUndefined();
      await changeSilently(uncached, sql`UPDATE jobs SET description = 'after' WHERE id = ${job.body.id}`);
      expect(await descriptionsIn(uncached, 'Kaabong', reader.accessToken)).toEqual(['after']);
    } finally {
      await uncached.close();
    }
  });
});
