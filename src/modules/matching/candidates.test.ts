import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { createAdmin } from '../../../test/support/factories.js';
import { call } from '../../../test/support/http.js';
import { makeReadyProfessional, nextKampalaDate, postJob } from '../../../test/support/job-factories.js';
import { makeInstitution, validProfessionalProfile, type Institution } from '../../../test/support/profile-factories.js';
import { rowsOf } from '../../platform/db.js';
import { syncMatchBase } from './candidates.js';
import { CURRENT_BASE_WEIGHTS, MATCH_WEIGHTS, scorePartsSql, scoreSql } from './weights.js';
import { bestUnreadScore } from './repository.js';

let t: TestApp;
let institution: Institution;

beforeAll(async () => {
  t = await startTestApp();
  institution = await makeInstitution(t.app);
});
afterAll(async () => {
  await t.close();
});

/** experience and rating parts of the SRS 5.5 score, worked out by hand. */
function expectedBase(years: number, ratingCount: number, ratingSum: number): number {
  return 0.3 * (Math.min(years, 10) / 10) + 0.2 * (((3.5 * 3 + ratingSum) / (3 + ratingCount) - 1) / 4);
}

async function listsOf(professionalId: string) {
  const result = await t.ctx.db.execute(sql`
    SELECT role, skill, base FROM match_candidates WHERE professional_id = ${professionalId} ORDER BY role, skill`);
  return rowsOf<{ role: string; skill: string; base: number }>(result);
}

describe('match_candidates, kept by triggers', () => {
  it('lists a verified professional under each role, alone and with each skill, and follows every change', async () => {
    const admin = await createAdmin(t.app, t.ctx);
    const professional = await makeReadyProfessional(t.app, t.ctx, { roles: ['nurse', 'midwife'], skills: ['triage'], experienceYears: 4 });
    const base = expectedBase(4, 0, 0);
    expect((await listsOf(professional.id)).map((row) => [row.role, row.skill])).toEqual([
      ['midwife', ''],
      ['midwife', 'triage'],
      ['nurse', ''],
      ['nurse', 'triage'],
    ]);
    for (const row of await listsOf(professional.id)) expect(row.base).toBeCloseTo(base, 12);

    const edited = await call(t.app, 'PUT', '/me/professional', {
      token: professional.accessToken,
      body: validProfessionalProfile({ roles: ['nurse'], skills: ['icu', 'wound care'], experienceYears: 12 }),
    });
    expect(edited.status).toBe(200);
    // Saving the profile re-derives `verified` from documents, and this professional has none.
    expect(await listsOf(professional.id)).toEqual([]);
    await t.ctx.db.execute(sql`UPDATE professionals SET verified = true WHERE user_id = ${professional.id}`);
    expect((await listsOf(professional.id)).map((row) => [row.role, row.skill, row.base])).toEqual([
      ['nurse', '', expectedBase(12, 0, 0)],
      ['nurse', 'icu', expectedBase(12, 0, 0)],
      ['nurse', 'wound care', expectedBase(12, 0, 0)],
    ]);

    await t.ctx.db.execute(sql`UPDATE users SET rating_count = 2, rating_sum = 9 WHERE id = ${professional.id}`);
    for (const row of await listsOf(professional.id)) expect(row.base).toBeCloseTo(expectedBase(12, 2, 9), 12);

    const suspended = await call(t.app, 'POST', `/admin/users/${professional.id}/suspend`, {
      token: admin.accessToken,
      body: { reason: 'Checking a complaint' },
    });
    expect(suspended.status).toBe(200);
    expect(await listsOf(professional.id)).toEqual([]);
    expect(
      (
        await call(t.app, 'POST', `/admin/users/${professional.id}/activate`, {
          token: admin.accessToken,
          body: { reason: 'Complaint withdrawn' },
        })
      ).status,
    ).toBe(200);
    expect(await listsOf(professional.id)).toHaveLength(3);

    await t.ctx.db.execute(sql`UPDATE professionals SET verified = false WHERE user_id = ${professional.id}`);
    expect(await listsOf(professional.id)).toEqual([]);
  });

  it("marks the hours of the week the professional's slots overlap, and follows changes to them", async () => {
    const professional = await makeReadyProfessional(t.app, t.ctx, {
      roles: ['nanny'],
      availability: [
        { weekday: 0, start: '00:00', end: '02:30' },
        { weekday: 3, start: '18:00', end: '24:00' },
      ],
    });
    const hoursOf = async () =>
      rowsOf<{ week_hours: string }>(
        await t.ctx.db.execute(sql`SELECT DISTINCT week_hours::text FROM match_candidates WHERE professional_id = ${professional.id}`),
      ).map((row) => hoursSet(row.week_hours));
    expect(await hoursOf()).toEqual([[0, 1, 2, 90, 91, 92, 93, 94, 95]]);
    await t.ctx.db.execute(sql`DELETE FROM professional_availability WHERE professional_id = ${professional.id} AND weekday = 0`);
    expect(await hoursOf()).toEqual([[90, 91, 92, 93, 94, 95]]);
  });

  it('marks the next morning’s hours for a slot that crosses midnight, Saturday night’s on Sunday', async () => {
    const professional = await makeReadyProfessional(t.app, t.ctx, {
      roles: ['nurse'],
      availability: [
        { weekday: 1, start: '22:00', end: '06:00' },
        { weekday: 6, start: '23:00', end: '01:30' },
      ],
    });
    const [row] = rowsOf<{ week_hours: string }>(
      await t.ctx.db.execute(sql`SELECT week_hours::text FROM match_candidates WHERE professional_id = ${professional.id} LIMIT 1`),
    );
    expect(hoursSet(row!.week_hours)).toEqual([0, 1, 46, 47, 48, 49, 50, 51, 52, 53, 167]);
  });

  it('recomputes every base when the weights change, and leaves them alone when they do not', async () => {
    const professional = await makeReadyProfessional(t.app, t.ctx, { roles: ['pharmacist'], skills: [], experienceYears: 5 });
    expect(await syncMatchBase(t.ctx.db)).toBe(false);
    try {
      expect(await syncMatchBase(t.ctx.db, { ...CURRENT_BASE_WEIGHTS, experience: 0.6, experienceCapYears: 5 })).toBe(true);
      expect((await listsOf(professional.id))[0]!.base).toBeCloseTo(0.6 + 0.2 * ((3.5 - 1) / 4), 12);
    } finally {
      expect(await syncMatchBase(t.ctx.db)).toBe(true);
    }
    expect((await listsOf(professional.id))[0]!.base).toBeCloseTo(expectedBase(5, 0, 0), 12);
  });
});

describe('one formula for the score', () => {
  it('stores as base exactly what the matching queries score as experience and rating, for random inputs', async () => {
    const inputs = Array.from({ length: 200 }, (_, index) => ({
      years: Math.floor(Math.random() * 40),
      count: index % 7 === 0 ? 0 : Math.floor(Math.random() * 500),
      stars: 1 + Math.random() * 4,
    })).map(({ years, count, stars }) => ({ years, count, sum: Math.round(stars * count) }));
    const result = await t.ctx.db.execute(sql`
      SELECT match_base(i.years, i.sum, i.count) AS stored, ${scoreSql} AS scored
      FROM (
        SELECT *, ${scorePartsSql({ jobSkills: sql`'{}'::text[]`, professionalSkills: sql`'{}'::text[]`, experienceYears: sql`years`, ratingSum: sql`sum`, ratingCount: sql`count` })}
        FROM jsonb_to_recordset(${JSON.stringify(inputs)}::jsonb) AS i(years int, sum int, count int)
      ) i`);
    const rows = rowsOf<{ stored: number; scored: number }>(result);
    expect(rows).toHaveLength(inputs.length);
    // The job lists no skills, so the skill part is whole.
    rows.forEach((row, index) => {
      expect(row.stored + MATCH_WEIGHTS.skill).toBeCloseTo(row.scored, 12);
      expect(row.stored).toBeCloseTo(expectedBase(inputs[index]!.years, inputs[index]!.count, inputs[index]!.sum), 12);
    });
  });
});

/** The set bits of a week_hours string, as weekday·24 + hour. */
const hoursSet = (bits: string) => [...bits].flatMap((bit, hour) => (bit === '1' ? [hour] : []));

describe('jobs.shift_hours', () => {
  const shiftHours = async (weekday: number, startMinute: number, endMinute: number) =>
    rowsOf<{ hours: string }>(await t.ctx.db.execute(sql`SELECT shift_hours(${weekday}, ${startMinute}, ${endMinute})::text AS hours`))[0]!
      .hours;

  it('sets every hour a shift overlaps, part hours included, and is what a posted job stores', async () => {
    expect(hoursSet(await shiftHours(1, 8 * 60 + 30, 16 * 60 + 15))).toEqual([32, 33, 34, 35, 36, 37, 38, 39, 40]);
    const job = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(1, 3), startTime: '08:30', endTime: '16:15' });
    const [stored] = rowsOf<{ hours: string }>(
      await t.ctx.db.execute(sql`SELECT shift_hours::text AS hours FROM jobs WHERE id = ${job.body.id}`),
    );
    expect(hoursSet(stored!.hours)).toEqual([32, 33, 34, 35, 36, 37, 38, 39, 40]);
  });

  it('carries a shift past midnight into the next day, and Saturday night into Sunday morning', async () => {
    expect(hoursSet(await shiftHours(5, 22 * 60, 6 * 60))).toEqual([142, 143, 144, 145, 146, 147, 148, 149]);
    expect(hoursSet(await shiftHours(6, 23 * 60, 60))).toEqual([0, 167]);
    expect(hoursSet(await shiftHours(2, 20 * 60, 0))).toEqual([68, 69, 70, 71]);
  });
});

describe('bestUnreadScore', () => {
  it('is minus infinity once the role list is read to its end: nobody is left unread', () => {
    expect(bestUnreadScore({ icu: 0.4 }, ['icu'])).toBe(-Infinity);
  });

  it('bounds someone unread by the cursors of the lists they would be in', () => {
    // No job skills: everyone gets the whole skill part.
    expect(bestUnreadScore({ '': 0.3 }, [])).toBeCloseTo(0.8, 12);
    // Two skills: holding neither (0.4), the better one (min(0.4, 0.35) + 0.25), or both (min(0.4, 0.1) + 0.5).
    expect(bestUnreadScore({ '': 0.4, icu: 0.35, triage: 0.1 }, ['icu', 'triage'])).toBeCloseTo(0.6, 12);
    // A finished skill list: nobody unread holds that skill.
    expect(bestUnreadScore({ '': 0.4, icu: 0.35 }, ['icu', 'triage'])).toBeCloseTo(0.6, 12);
    expect(bestUnreadScore({ '': 0.45 }, ['icu', 'triage'])).toBeCloseTo(0.45, 12);
  });
});

describe('ranking read from the lists', () => {
  const SKILL_POOL = ['triage', 'icu', 'x-ray'];
  const COUNT = 400;

  /**
   * COUNT nurses straight into the tables, each free on Mondays unless `i % 3 = 0`, some unverified
   * or suspended. Every tenth holds every skill but is new (no experience, no ratings), so sits at
   * the bottom of the role's list and behind the single-skill holders of each skill's list: the
   * best matches for a many-skill job are found only by reading past the first round.
   */
  beforeAll(async () => {
    const pool = sql`${sql.raw(`ARRAY['${SKILL_POOL.join("','")}']`)}`;
    await t.ctx.db.execute(sql`
      WITH made AS (
        INSERT INTO users (name, email, phone, role, status, rating_count, rating_sum)
        SELECT 'Deep Nurse ' || i, 'deep' || i || '@lists.qgig.test', '+2567009' || lpad(i::text, 5, '0'), 'professional',
               CASE WHEN i % 17 = 0 THEN 'suspended' ELSE 'active' END::user_status,
               CASE WHEN i % 10 = 0 THEN 0 ELSE i % 7 END, CASE WHEN i % 10 = 0 THEN 0 ELSE (i % 7) * (3 + i % 3) END
        FROM generate_series(1, ${COUNT}) AS i
        RETURNING id, (regexp_match(email, '^deep([0-9]+)@'))[1]::int AS i
      ),
      profiles AS (
        INSERT INTO professionals (user_id, roles, skills, experience_years, verified)
        SELECT id, ARRAY['nurse'],
               CASE WHEN i % 10 = 0 THEN ${pool} ELSE ARRAY[(${pool})[1 + i % ${SKILL_POOL.length}]] END,
               CASE WHEN i % 10 = 0 THEN 0 ELSE i % 4 END, i % 19 <> 0
        FROM made
        RETURNING user_id
      )
      INSERT INTO professional_availability (professional_id, weekday, start_minute, end_minute)
      SELECT made.id, CASE WHEN made.i % 3 = 0 THEN 2 ELSE 1 END, 420, 1080 FROM made JOIN profiles ON profiles.user_id = made.id`);
  });

  /** Every matching nurse scored by hand, best first: what reading the lists must agree with. */
  async function scoredByHand(jobSkills: string[]): Promise<number[]> {
    const result = await t.ctx.db.execute(sql`
      SELECT p.skills, p.experience_years, u.rating_count, u.rating_sum FROM professionals p JOIN users u ON u.id = p.user_id
      JOIN professional_availability a ON a.professional_id = p.user_id
      WHERE 'nurse' = ANY(p.roles) AND p.verified AND u.status = 'active' AND a.weekday = 1 AND a.start_minute <= 480 AND a.end_minute >= 960`);
    return rowsOf<{ skills: string[]; experience_years: number; rating_count: number; rating_sum: number }>(result)
      .map((row) => {
        const skill = jobSkills.length === 0 ? 1 : jobSkills.filter((wanted) => row.skills.includes(wanted)).length / jobSkills.length;
        return 0.5 * skill + expectedBase(row.experience_years, row.rating_count, row.rating_sum);
      })
      .sort((a, b) => b - a);
  }

  it.each([[['icu', 'x-ray', 'triage']], [['x-ray']], [[]], [['sign language']]])(
    'finds the best %j as scoring every nurse would',
    async (skills) => {
      const job = await postJob(t.app, institution.accessToken, {
        role: 'nurse',
        skills,
        date: nextKampalaDate(1, 3),
        startTime: '08:00',
        endTime: '16:00',
      });
      const response = await call(t.app, 'GET', `/jobs/${job.body.id}/matches?limit=20`, { token: institution.accessToken });
      expect(response.status).toBe(200);
      const scores = (response.body.items as Array<{ score: number }>).map((match) => match.score);
      const expected = (await scoredByHand(skills)).slice(0, 20);
      expect(scores).toHaveLength(20);
      scores.forEach((score, index) => expect(score).toBeCloseTo(expected[index]!, 4));
    },
  );
});
