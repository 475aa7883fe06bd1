import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { seedDatabase, SeedRefused, type SeedPlan } from '../scripts/seed/index.js';
import { DEFAULT_SEED_PASSWORD } from '../scripts/seed/vocabulary.js';
import { hashPassword } from '../src/modules/accounts/passwords.js';
import type { SqlExecutor } from '../src/platform/db.js';
import { startTestApp } from './support/app.js';
import { call } from './support/http.js';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from './support/postgres.js';

const PLAN = { seed: 7, institutions: 20, professionals: 200, jobs: 2_000, today: '2026-12-01' };

interface SeededDatabase {
  name: string;
  client: pg.Client;
  sql: SqlExecutor;
}

const opened: SeededDatabase[] = [];

async function freshDatabase(): Promise<SeededDatabase> {
  const name = uniqueDatabaseName('qgig_seed');
  await createDatabase(name, inject('templateDatabase'));
  const client = new pg.Client({ connectionString: databaseUrl(name) });
  await client.connect();
  const database = { name, client, sql: { executeSql: (text: string, values?: unknown[]) => client.query(text, values) } };
  opened.push(database);
  return database;
}

const one = async <T>(database: SeededDatabase, text: string) => (await database.client.query(text)).rows[0] as T;
const indexDefinitions = async (database: SeededDatabase) =>
  (await database.client.query("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname")).rows.map(
    (row) => row.indexdef,
  );

let plan: SeedPlan;
let seeded: SeededDatabase;
let indexesBefore: string[];

beforeAll(async () => {
  plan = { ...PLAN, passwordHash: await hashPassword(DEFAULT_SEED_PASSWORD) };
  seeded = await freshDatabase();
  indexesBefore = await indexDefinitions(seeded);
  await seedDatabase(seeded.sql, plan);
});

afterAll(async () => {
  for (const database of opened) {
    await database.client.end();
    await dropDatabase(database.name);
  }
});

describe('npm run seed', () => {
  it('creates the planned rows, leaves every index as migrated and every constraint validated', async () => {
    expect(
      await one(
        seeded,
        'SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM institutions)::int AS institutions, (SELECT count(*) FROM professionals)::int AS professionals, (SELECT count(*) FROM jobs)::int AS jobs, (SELECT count(*) FROM consents)::int AS consents',
      ),
    ).toEqual({
      users: 221,
      institutions: 20,
      professionals: 200,
      jobs: 2_000,
      consents: 221,
    });
    expect(await indexDefinitions(seeded)).toEqual(indexesBefore);
    // The API's uuid schema wants RFC 4122 version and variant digits, as gen_random_uuid() gives.
    const notRfc = (table: string, column: string) =>
      `(SELECT count(*) FROM ${table} WHERE ${column}::text !~ '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$')`;
    expect(
      await one(
        seeded,
        `SELECT (${notRfc('users', 'id')} + ${notRfc('jobs', 'id')} + ${notRfc('professional_availability', 'id')} + ${notRfc('consents', 'id')})::int AS n`,
      ),
    ).toEqual({ n: 0 });
    expect(
      await one(seeded, "SELECT count(*)::int AS n FROM pg_constraint WHERE NOT convalidated AND connamespace = 'public'::regnamespace"),
    ).toEqual({ n: 0 });
  });

  it('keeps the Kampala shift fields in step with starts_at and ends_at', async () => {
    const kampala = (column: string) => `(${column} AT TIME ZONE 'Africa/Kampala')`;
    const minuteOf = (column: string) => `(extract(hour FROM ${kampala(column)}) * 60 + extract(minute FROM ${kampala(column)}))::int`;
    expect(
      await one(
        seeded,
        `SELECT count(*) FILTER (WHERE ${kampala('starts_at')}::date <> shift_date)::int AS dates,
                count(*) FILTER (WHERE extract(dow FROM shift_date) <> weekday)::int AS weekdays,
                count(*) FILTER (WHERE ${minuteOf('starts_at')} <> start_minute)::int AS starts,
                count(*) FILTER (WHERE ${minuteOf('ends_at')} <> end_minute)::int AS ends
         FROM jobs`,
      ),
    ).toEqual({ dates: 0, weekdays: 0, starts: 0, ends: 0 });
  });

  it('puts open jobs mostly in the next 90 days, finished ones in the past, and assigns only verified holders of the role', async () => {
    const spread = await one<Record<string, number>>(
      seeded,
      `SELECT count(*) FILTER (WHERE status = 'open' AND shift_date > '2026-12-01')::int AS "openAhead",
              count(*) FILTER (WHERE shift_date > date '2026-12-01' + 90)::int AS "beyond90Days",
              count(*) FILTER (WHERE status = 'completed' AND (ends_at > '2026-12-01T00:00:00+03:00' OR completed_at IS NULL))::int AS "completedNotOver",
              count(*) FILTER (WHERE status IN ('assigned', 'paid', 'completed') AND NOT EXISTS (SELECT 1 FROM job_assignees a WHERE a.job_id = jobs.id))::int AS "takenWithoutAssignee",
              count(*) FILTER (WHERE status = 'open' AND EXISTS (SELECT 1 FROM job_assignees a WHERE a.job_id = jobs.id))::int AS "openWithAssignee"
       FROM jobs`,
    );
    expect(spread).toMatchObject({ beyond90Days: 0, completedNotOver: 0, takenWithoutAssignee: 0, openWithAssignee: 0 });
    expect(spread.openAhead).toBeGreaterThan(1_200);

    expect(
      await one(
        seeded,
        `SELECT count(*)::int AS n FROM job_assignees a JOIN jobs j ON j.id = a.job_id JOIN professionals p ON p.user_id = a.professional_id
         WHERE NOT p.verified OR NOT j.role = ANY (p.roles) OR a.accepted_at > j.starts_at`,
      ),
    ).toEqual({ n: 0 });
    expect(
      await one(
        seeded,
        `SELECT count(*)::int AS n FROM job_assignees a JOIN jobs j ON j.id = a.job_id AND j.status IN ('assigned', 'paid', 'completed')
         JOIN job_assignees b ON b.professional_id = a.professional_id AND b.job_id <> a.job_id
         JOIN jobs k ON k.id = b.job_id AND k.status IN ('assigned', 'paid', 'completed')
         WHERE j.starts_at < k.ends_at AND k.starts_at < j.ends_at`,
      ),
    ).toEqual({ n: 0 });
    expect(
      await one(seeded, 'SELECT count(*)::int AS n FROM users WHERE rating_sum < rating_count OR rating_sum > 5 * rating_count'),
    ).toEqual({ n: 0 });
  });

  it('builds the matching lists as the triggers would, bumps the cache version, and leaves every trigger on', async () => {
    // What refresh_match_candidates writes, recomputed here for every professional and compared row for row.
    const expected = `SELECT held.role, list.skill, p.user_id AS professional_id, match_base(p.experience_years, u.rating_sum, u.rating_count) AS base, availability_hours(p.user_id)::text AS hours
      FROM professionals p JOIN users u ON u.id = p.user_id, unnest(p.roles) AS held(role), unnest(array_prepend(''::text, p.skills)) AS list(skill)
      WHERE p.verified AND u.status = 'active'`;
    const stored = 'SELECT role, skill, professional_id, base, week_hours::text AS hours FROM match_candidates';
    expect(await one(seeded, `SELECT count(*)::int AS n FROM ((${expected}) EXCEPT (${stored})) missing`)).toEqual({ n: 0 });
    expect(await one(seeded, `SELECT count(*)::int AS n FROM ((${stored}) EXCEPT (${expected})) extra`)).toEqual({ n: 0 });
    expect(await one(seeded, "SELECT count(*)::int AS n FROM match_candidates WHERE week_hours <> repeat('0', 168)::bit(168)")).not.toEqual(
      { n: 0 },
    );
    expect(
      await one(
        seeded,
        "SELECT count(*)::int AS n FROM pg_trigger WHERE tgname IN ('professionals_match_insert', 'availability_match_insert', 'jobs_cache_update') AND tgenabled = 'O'",
      ),
    ).toEqual({ n: 3 });
    expect(await one(seeded, "SELECT count(*)::int AS n FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'O'")).toEqual({ n: 0 });
    expect(
      await one(
        seeded,
        "SELECT sum(version) FILTER (WHERE scope = 'browse')::int AS browse, sum(version) FILTER (WHERE scope = 'matching')::int AS matching FROM cache_versions",
      ),
    ).toEqual({ browse: 1, matching: 1 });
  });

  it("counts every institution's accepted and cancelled jobs of the last 90 days into its standing", async () => {
    const counted = `SELECT u.id,
        count(*) FILTER (WHERE j.starts_at > now() - interval '90 days' AND a.accepted_at >= now() - interval '90 days')::int AS accepted,
        count(*) FILTER (WHERE j.starts_at > now() - interval '90 days' AND a.accepted_at >= now() - interval '90 days'
                         AND j.status = 'cancelled' AND j.cancelled_by IN ('institution', 'qgig'))::int AS cancelled
      FROM users u LEFT JOIN jobs j ON j.institution_id = u.id LEFT JOIN job_assignees a ON a.job_id = j.id
      WHERE u.role = 'institution' GROUP BY u.id`;
    const stored = 'SELECT institution_id AS id, accepted_jobs AS accepted, cancelled_jobs AS cancelled FROM institution_standings';
    expect(await one(seeded, `SELECT count(*)::int AS n FROM ((${counted}) EXCEPT (${stored})) missing`)).toEqual({ n: 0 });
    expect(await one(seeded, `SELECT count(*)::int AS n FROM ((${stored}) EXCEPT (${counted})) extra`)).toEqual({ n: 0 });
    expect(await one(seeded, 'SELECT sum(accepted_jobs)::int > 0 AS any FROM institution_standings')).toEqual({ any: true });
  });

  it('gives the same rows for the same seed and refuses a database that already holds data', async () => {
    const again = await freshDatabase();
    await seedDatabase(again.sql, plan);
    const digestOf = (table: string) => `(SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM ${table} t) AS ${table}`;
    const digest = `SELECT ${['users', 'institutions', 'professionals', 'professional_availability', 'professional_blackouts', 'jobs', 'job_assignees'].map(digestOf).join(', ')}`;
    expect(await one(again, digest)).toEqual(await one(seeded, digest));

    await expect(seedDatabase(again.sql, plan)).rejects.toBeInstanceOf(SeedRefused);
  });

  it('lets seeded accounts sign in with the seed password', async () => {
    const app = await startTestApp({ databaseName: seeded.name });
    try {
      const { email } = await one<{ email: string }>(
        seeded,
        "SELECT email FROM users WHERE role = 'professional' AND status = 'active' ORDER BY email LIMIT 1",
      );
      const login = await call(app.app, 'POST', '/auth/login', { body: { email, password: DEFAULT_SEED_PASSWORD } });
      expect(login.status).toBe(200);
      expect(login.body.user.email).toBe(email);
      expect(await one(seeded, 'SELECT count(*)::int AS n FROM users WHERE email_verified_at IS NULL')).toEqual({ n: 0 });
    } finally {
      await app.close();
    }
  });
});
