import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { createAdmin, type RegisteredUser } from '../../../test/support/factories.js';
import { call } from '../../../test/support/http.js';
import { makeReadyProfessional, nextKampalaDate, postJob } from '../../../test/support/job-factories.js';
import { makeInstitution, makeProfessional, type Institution, type Professional } from '../../../test/support/profile-factories.js';
import { browseQuery } from './repository.js';

let t: TestApp;
let institution: Institution;
let viewer: Professional;
let admin: RegisteredUser;

beforeAll(async () => {
  t = await startTestApp();
  institution = await makeInstitution(t.app);
  viewer = await makeProfessional(t.app);
  admin = await createAdmin(t.app, t.ctx);
});
afterAll(async () => {
  await t.close();
});

async function browse(query: string): Promise<{ items: Array<{ id: string; [field: string]: unknown }>; nextCursor: string | null }> {
  const response = await call(t.app, 'GET', `/jobs?${query}`, { token: viewer.accessToken });
  expect(response.status).toBe(200);
  return response.body;
}

const ids = (items: Array<{ id: string }>) => items.map((item) => item.id);

describe('GET /jobs filters', () => {
  it('narrows by role, skill, district, dates and minimum rate, soonest first', async () => {
    const district = 'Kotido';
    const monday = nextKampalaDate(1, 3);
    const tuesday = nextKampalaDate(2, 3);
    const mathsMonday = await postJob(t.app, institution.accessToken, {
      district,
      date: monday,
      skills: ['mathematics'],
      rateAmount: 40_000,
    });
    const nurseTuesday = await postJob(t.app, institution.accessToken, {
      district,
      date: tuesday,
      role: 'nurse',
      skills: ['triage'],
      rateAmount: 90_000,
    });
    const physicsMondayEarly = await postJob(t.app, institution.accessToken, {
      district,
      date: monday,
      startTime: '06:00',
      endTime: '07:00',
      skills: ['physics'],
      rateAmount: 70_000,
    });

    const all = await browse(`district=${district}`);
    const mondayFirst = monday < tuesday;
    expect(ids(all.items)).toEqual(
      mondayFirst
        ? [physicsMondayEarly.body.id, mathsMonday.body.id, nurseTuesday.body.id]
        : [nurseTuesday.body.id, physicsMondayEarly.body.id, mathsMonday.body.id],
    );
    expect(ids((await browse(`district=kotido&role=Nurse`)).items)).toEqual([nurseTuesday.body.id]);
    expect(ids((await browse(`district=${district}&skill=physics`)).items)).toEqual([physicsMondayEarly.body.id]);
    expect(ids((await browse(`district=${district}&minRate=70000`)).items).sort()).toEqual(
      [nurseTuesday.body.id, physicsMondayEarly.body.id].sort(),
    );
    expect(ids((await browse(`district=${district}&from=${monday}&to=${monday}`)).items)).toEqual([
      physicsMondayEarly.body.id,
      mathsMonday.body.id,
    ]);
    const sevenAm = encodeURIComponent(`${monday}T07:00:00+03:00`);
    expect(ids((await browse(`district=${district}&from=${sevenAm}&to=${monday}`)).items)).toEqual([mathsMonday.body.id]);
  });

  it('shows neither deleted, taken, started nor suspended institutions’ jobs', async () => {
    const district = 'Moroto';
    const shown = await postJob(t.app, institution.accessToken, { district });
    const deleted = await postJob(t.app, institution.accessToken, { district });
    await call(t.app, 'DELETE', `/jobs/${deleted.body.id}`, { token: institution.accessToken });
    const started = await postJob(t.app, institution.accessToken, { district });
    await t.ctx.db.execute(
      sql`UPDATE jobs SET starts_at = now() - interval '1 hour', ends_at = now() + interval '1 hour' WHERE id = ${started.body.id}`,
    );
    const suspendedInstitution = await makeInstitution(t.app);
    await postJob(t.app, suspendedInstitution.accessToken, { district });
    expect((await browse(`district=${district}`)).items).toHaveLength(2);
    await call(t.app, 'POST', `/admin/users/${suspendedInstitution.id}/suspend`, {
      token: admin.accessToken,
      body: { reason: 'Fraudulent postings' },
    });
    expect(ids((await browse(`district=${district}`)).items)).toEqual([shown.body.id]);
  });

  it.each([
    ['minRate=-1'],
    ['minRate=lots'],
    ['limit=0'],
    ['limit=101'],
    ['role=astronaut'],
    ['district=Atlantis'],
    ['from=yesterday'],
    ['cursor=not-a-cursor'],
    [`cursor=${Buffer.from('["x","y"]').toString('base64url')}`],
    [`skill=${encodeURIComponent("' OR 1=1 --")}x`],
  ])('answers 422 problem+json for %s', async (query) => {
    const response = await call(t.app, 'GET', `/jobs?${query}`, { token: viewer.accessToken });
    if (query.startsWith('skill=')) {
      // An injection string is just an unknown skill.
      expect(response.status).toBe(200);
      expect(response.body.items).toEqual([]);
      return;
    }
    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});

describe('GET /jobs paging', () => {
  it('returns every matching job exactly once while jobs are posted between pages', async () => {
    const district = 'Kaabong';
    const original: string[] = [];
    for (let day = 0; day < 23; day++) {
      const job = await postJob(t.app, institution.accessToken, {
        district,
        date: nextKampalaDate(day % 7, 2 + day),
        startTime: day % 2 ? '07:00' : '13:00',
        endTime: '18:00',
      });
      original.push(job.body.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await browse(`district=${district}&limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...ids(page.items));
      cursor = page.nextCursor;
      pages += 1;
      // Someone posts sooner and later shifts while the list is being read.
      await postJob(t.app, institution.accessToken, { district, date: nextKampalaDate(pages % 7, 2) });
      await postJob(t.app, institution.accessToken, { district, date: nextKampalaDate(pages % 7, 200) });
    } while (cursor && pages < 50);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of original) expect(seen.filter((seenId) => seenId === id)).toHaveLength(1);
    const startsAt = await Promise.all(
      seen.map(async (id) => (await call(t.app, 'GET', `/jobs/${id}`, { token: viewer.accessToken })).body.startsAt as string),
    );
    expect([...startsAt].sort()).toEqual(startsAt);
  });
});

describe('GET /jobs by skill', () => {
  it('lists a job under each of its skills only while it is open, and follows its edits', async () => {
    const date = nextKampalaDate(6, 40);
    const professional = await makeReadyProfessional(t.app, t.ctx);
    const job = await postJob(t.app, institution.accessToken, { date, skills: ['phonics', 'music', 'phonics'] });
    const later = await postJob(t.app, institution.accessToken, { date, startTime: '17:00', endTime: '18:00', skills: ['music'] });
    const bySkill = async (skill: string) => ids((await browse(`skill=${skill}&from=${date}&to=${date}`)).items);
    expect(await bySkill('phonics')).toEqual([job.body.id]);
    expect(await bySkill('music')).toEqual([job.body.id, later.body.id]);

    expect(
      (
        await call(t.app, 'PATCH', `/jobs/${job.body.id}`, {
          token: institution.accessToken,
          body: { skills: ['music'], startTime: '18:00', endTime: '19:00' },
        })
      ).status,
    ).toBe(200);
    expect(await bySkill('phonics')).toEqual([]);
    expect(await bySkill('music')).toEqual([later.body.id, job.body.id]);

    expect((await call(t.app, 'POST', `/jobs/${later.body.id}/accept`, { token: professional.accessToken })).status).toBe(200);
    expect(await bySkill('music')).toEqual([job.body.id]);
    expect(
      (
        await call(t.app, 'POST', `/jobs/${later.body.id}/cancel`, {
          token: professional.accessToken,
          body: { reason: 'Family emergency' },
        })
      ).status,
    ).toBe(200);
    expect(await bySkill('music')).toEqual([later.body.id, job.body.id]);
    expect((await call(t.app, 'DELETE', `/jobs/${job.body.id}`, { token: institution.accessToken })).status).toBe(204);
    expect(await bySkill('music')).toEqual([later.body.id]);
  });

  it('pages through a skill soonest first, each job once', async () => {
    const posted: string[] = [];
    for (let day = 0; day < 7; day++)
      posted.push((await postJob(t.app, institution.accessToken, { date: nextKampalaDate(day, 50), skills: ['sign language'] })).body.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await browse(`skill=sign%20language&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...ids(page.items));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(new Set(posted));
    const startsAt = await Promise.all(
      seen.map(async (id) => (await call(t.app, 'GET', `/jobs/${id}`, { token: viewer.accessToken })).body.startsAt as string),
    );
    expect([...startsAt].sort()).toEqual(startsAt);
  });
});

/** The job_skills index a skill's browse reads: the one led by the skill and the role or district given with it, if any. */
function skillIndexFor(filters: { role?: string; district?: string }): RegExp {
  const pairedWith = [filters.role && 'role', filters.district && 'district'].filter(Boolean).join('|');
  return new RegExp(`Index Only Scan using job_skills_browse_${pairedWith ? `(${pairedWith})_` : ''}idx on job_skills`);
}

describe('the browse query plan', () => {
  it('answers every filter set from one browse index alone, in order, however few jobs match', async () => {
    await t.ctx.db.execute(sql`
      INSERT INTO jobs (institution_id, role, skills, starts_at, ends_at, shift_date, weekday, start_minute, end_minute, rate_amount, rate_unit, district, status)
      SELECT ${institution.id}, (ARRAY['teacher','nurse','caregiver','midwife'])[1 + n % 4], ARRAY['skill' || (n % 40)],
             now() + (n || ' minutes')::interval, now() + (n || ' minutes')::interval + interval '8 hours',
             current_date, 1, 480, 960, 20000 + n % 50 * 1000, 'day', (ARRAY['Gulu','Lira','Mbarara','Kampala'])[1 + n % 4],
             (ARRAY['open','open','open','assigned','completed'])[1 + n % 5]::job_status
      FROM generate_series(1, 20000) AS n`);
    // Vacuumed, as autovacuum keeps a live table: index-only scans need the pages marked all-visible.
    await t.ctx.database.sql.executeSql('VACUUM ANALYZE jobs, job_skills, users');
    const filterSets = [
      {},
      { role: 'nurse' },
      { district: 'Gulu' },
      { skill: 'skill7' },
      { minRate: 50_000 },
      { role: 'nurse', district: 'Lira', minRate: 30_000 },
      // Nothing matches: found out from the index, without reading a job row.
      { role: 'teacher', minRate: 1_000_000 },
      { skill: 'skill7', role: 'nurse', district: 'Gulu', minRate: 45_000 },
      { skill: 'skill7', district: 'Gulu' },
      // skill7 is only ever a midwife's.
      { skill: 'skill7', role: 'teacher' },
    ];
    for (const filters of filterSets) {
      const query = browseQuery(t.ctx.db, { limit: 21, ...filters }).toSQL();
      const plan = rowsOf<{ 'QUERY PLAN': string }>(await t.ctx.database.sql.executeSql(`EXPLAIN ${query.sql}`, query.params))
        .map((row) => row['QUERY PLAN'])
        .join('\n');
      const label = JSON.stringify(filters);
      // By a skill, that skill's rows of job_skills (copies of the filtered columns); else the jobs' browse indexes.
      expect(plan, label).toMatch('skill' in filters ? skillIndexFor(filters) : /Index Only Scan using jobs_browse_\w+ on jobs/);
      // The role or district given with a skill bounds the rows read, with the skill, as the index's leading columns.
      if ('skill' in filters && ('role' in filters || 'district' in filters))
        expect(plan, label).toMatch(/Index Cond: \(\(skill = '\w+'::text\) AND \((role|district) = '\w+'::text\)/);
      // One index read in the page's order: no job rows, no join, no sort of every match.
      expect(plan, label).not.toMatch(/Seq Scan on job|Bitmap|Sort|Join|Nested Loop|jobs_pkey/);
    }
  });
});
