/**
 * The seed's statements. Each inserts a chunk of rows from generate_series in one INSERT … SELECT
 * (the fastest path PostgreSQL offers short of COPY), drawing every value with the seeded dice.
 */
import { CONSENT_VERSION } from '../../src/contracts/privacy.js';
import { dice, intArray, literal, seededUuid, textArray, type Dice } from './sql.js';
import {
  AVAILABILITY_PATTERNS,
  BIO_OPENINGS,
  CANCEL_REASONS,
  DISTRICT_DRAWS,
  FAMILIES,
  FAMILY_DRAWS,
  FIRST_NAMES,
  HOUSEHOLD_ROLE_DRAWS,
  INSTITUTION_NAME_PARTS,
  INSTITUTION_TYPE_DRAWS,
  JOB_OPENINGS,
  RATES,
  ROADS,
  ROLE_DRAWS,
  SEED_ADMIN_EMAIL,
  SEED_EMAIL_DOMAIN,
  SHIFTS,
  SKILLS,
  SURNAMES,
  type Family,
} from './vocabulary.js';

export interface SeedPlan {
  seed: number;
  institutions: number;
  professionals: number;
  jobs: number;
  /** The Kampala date the data is generated around (future jobs start after it, past ones before). */
  today: string;
  /** One argon2 hash, shared by every seeded account. */
  passwordHash: string;
}

/** Phone prefixes of MTN (77, 78, 76) and Airtel (70, 75, 74); six, so index n maps to a unique number. */
const PHONE_PREFIXES = ['77', '78', '76', '70', '75', '74'];

export class SeedStatements {
  private readonly dice: Dice;
  /** Kampala midnight at the start of `today`: every generated past timestamp lies before it. */
  private readonly anchor: string;
  private readonly today: string;

  constructor(private readonly plan: SeedPlan) {
    this.dice = dice(plan.seed);
    this.today = `${literal(plan.today)}::date`;
    this.anchor = `(${this.today}::timestamp AT TIME ZONE 'Africa/Kampala')`;
  }

  userId(kind: 'institution' | 'professional', index: string): string {
    return seededUuid(this.plan.seed, kind, index);
  }

  /** Session-local tables that later steps join against; dropped at commit. */
  scratchTables(): string {
    return `
      CREATE TEMP TABLE seed_institutions (k int PRIMARY KEY, user_id uuid NOT NULL, type institution_type NOT NULL, district text NOT NULL) ON COMMIT DROP;
      CREATE TEMP TABLE seed_verified (role text NOT NULL, n int NOT NULL, user_id uuid NOT NULL, PRIMARY KEY (role, n)) ON COMMIT DROP;
      CREATE TEMP TABLE seed_role_counts (role text PRIMARY KEY, count int NOT NULL) ON COMMIT DROP;
      CREATE TEMP TABLE seed_assignees (job_id uuid PRIMARY KEY, professional_id uuid NOT NULL, accepted_at timestamptz NOT NULL,
                                        starts_at timestamptz NOT NULL, ends_at timestamptz NOT NULL) ON COMMIT DROP;`;
  }

  admin(): string {
    return `
      WITH admin AS (
        INSERT INTO users (id, name, email, role, password_hash, email_verified_at, created_at, updated_at)
        VALUES (${seededUuid(this.plan.seed, 'admin', "'1'")}, 'Seed Administrator', ${literal(SEED_ADMIN_EMAIL)}, 'admin', ${literal(this.plan.passwordHash)},
                ${this.anchor} - interval '1 year', ${this.anchor} - interval '1 year', ${this.anchor} - interval '1 year')
        RETURNING id, created_at
      )
      INSERT INTO consents (id, user_id, version, accepted_at) SELECT id, id, ${literal(CONSENT_VERSION)}, created_at FROM admin`;
  }

  /** Institutions k in [low, high]: their users, profiles and consents, and a scratch row for the jobs step. */
  institutions(low: number, high: number): string {
    const { chance, between, pick } = this.dice;
    const types = textArray(INSTITUTION_TYPE_DRAWS);
    const nameOf = (type: 'school' | 'clinic' | 'hospital') =>
      `${pick(textArray(INSTITUTION_NAME_PARTS[type].first), 'k', 104)} || ' ' || ${pick(textArray(INSTITUTION_NAME_PARTS[type].kind), 'k', 105)} || ', ' || district`;
    return `
      WITH roll AS MATERIALIZED (
        SELECT k, user_id, type, district, contact, created_at, rating_count,
          CASE type
            WHEN 'school' THEN ${nameOf('school')}
            WHEN 'clinic' THEN ${nameOf('clinic')}
            WHEN 'hospital' THEN ${nameOf('hospital')}
            ELSE contact || '''s home'
          END AS name,
          CASE WHEN rating_count = 0 THEN 0 ELSE round(rating_count * (3.5 + 1.5 * ${chance('k', 106)}))::int END AS rating_sum
        FROM (
          SELECT k,
            ${this.userId('institution', 'k')} AS user_id,
            ${pick(types, 'k', 101)}::institution_type AS type,
            ${pick(textArray(DISTRICT_DRAWS), 'k', 102)} AS district,
            ${this.personName('k', 103)} AS contact,
            ${this.anchor} - ${between('k', 107, 30, 720)} * interval '1 day' AS created_at,
            CASE WHEN ${chance('k', 108)} < 0.3 THEN 0 ELSE ${between('k', 109, 1, 60)} END AS rating_count
          FROM generate_series(${low}, ${high}) AS k
        ) AS base
      ),
      new_users AS (
        INSERT INTO users (id, name, email, phone, password_hash, role, rating_count, rating_sum, email_verified_at, created_at, updated_at)
        SELECT user_id, CASE WHEN type = 'household' THEN contact ELSE name END, type || '.' || k || '@${SEED_EMAIL_DOMAIN}', ${this.phone('k')}, ${literal(this.plan.passwordHash)},
               'institution', rating_count, rating_sum, created_at, created_at, created_at
        FROM roll
      ),
      profiles AS (
        INSERT INTO institutions (user_id, name, type, address, district, contact_name, contact_phone, created_at, updated_at)
        SELECT user_id, name, type,
               'Plot ' || ${between('k', 110, 1, 400)} || ', ' || ${pick(textArray(ROADS), 'k', 111)} || ', ' || district,
               district, contact, ${this.phone('k')}, created_at, created_at
        FROM roll
      ),
      consent AS (
        INSERT INTO consents (id, user_id, version, accepted_at)
        SELECT ${seededUuid(this.plan.seed, 'consent', 'k')}, user_id, ${literal(CONSENT_VERSION)}, created_at FROM roll
      )
      INSERT INTO seed_institutions (k, user_id, type, district) SELECT k, user_id, type, district FROM roll`;
  }

  /** Professionals k in [low, high]: users, profiles, consents, weekly availability and blackout dates. */
  professionals(low: number, high: number): string {
    const { chance, between, pick } = this.dice;
    const n = `(${this.plan.institutions} + k)`;
    return `
      WITH base AS (
        SELECT k,
          ${this.userId('professional', 'k')} AS user_id,
          ${pick(intArray(FAMILY_DRAWS.map((family) => FAMILIES.indexOf(family))), 'k', 201)} AS family,
          ${pick(textArray(FIRST_NAMES), 'k', 202)} AS first_name,
          ${pick(textArray(SURNAMES), 'k', 203)} AS surname,
          ${this.anchor} - ${between('k', 204, 30, 720)} * interval '1 day' AS created_at,
          CASE WHEN ${chance('k', 205)} < 0.35 THEN 0 ELSE ${between('k', 206, 1, 40)} END AS rating_count,
          floor(power(${chance('k', 207)}, 1.6) * 31)::int AS experience_years,
          CASE WHEN ${chance('k', 208)} < 0.7 THEN 'day' ELSE 'hour' END AS rate_unit,
          ${chance('k', 209)} < 0.85 AS verified,
          CASE WHEN ${chance('k', 210)} < 0.005 THEN 'suspended' ELSE 'active' END::user_status AS status
        FROM generate_series(${low}, ${high}) AS k
      ),
      roll AS MATERIALIZED (
        SELECT base.*,
          ${this.byFamily((family) => pick(textArray(ROLE_DRAWS[family]), 'k', 211))} AS first_role,
          ${this.byFamily((family) => pick(textArray(ROLE_DRAWS[family]), 'k', 212))} AS second_role,
          ${this.byFamily((family) => this.skillWindow(family, 'k', 213, 2, 6))} AS skills,
          ${this.byFamily((family) => this.rate(family, 'k', 214))} AS rate_amount,
          CASE WHEN rating_count = 0 THEN 0 ELSE round(rating_count * (3.2 + 1.8 * ${chance('k', 215)}))::int END AS rating_sum
        FROM base
      ),
      new_users AS (
        INSERT INTO users (id, name, email, phone, password_hash, role, status, status_reason, rating_count, rating_sum, email_verified_at, created_at, updated_at)
        SELECT user_id, first_name || ' ' || surname, lower(first_name || '.' || surname) || '.' || k || '@${SEED_EMAIL_DOMAIN}',
               ${this.phone(n)}, ${literal(this.plan.passwordHash)}, 'professional', status,
               CASE WHEN status = 'suspended' THEN 'Seeded: repeated no-shows' END, rating_count, rating_sum, created_at, created_at, created_at
        FROM roll
      ),
      profiles AS (
        INSERT INTO professionals (user_id, bio, roles, skills, experience_years, rate_amount, rate_unit, district, verified, verified_at, created_at, updated_at)
        SELECT user_id,
               ${pick(textArray(BIO_OPENINGS), 'k', 216)} || ' ' || experience_years || ' years as a ' || first_role || '.',
               CASE WHEN ${chance('k', 217)} < 0.3 AND second_role <> first_role THEN ARRAY[first_role, second_role] ELSE ARRAY[first_role] END,
               skills, experience_years, rate_amount, rate_unit::rate_unit, ${pick(textArray(DISTRICT_DRAWS), 'k', 218)}, verified,
               CASE WHEN verified THEN created_at + ${between('k', 219, 1, 20)} * interval '1 day' END, created_at, created_at
        FROM roll
      ),
      consent AS (
        INSERT INTO consents (id, user_id, version, accepted_at)
        SELECT ${seededUuid(this.plan.seed, 'consent', n)}, user_id, ${literal(CONSENT_VERSION)}, created_at FROM roll
      ),
      availability AS (
        INSERT INTO professional_availability (id, professional_id, weekday, start_minute, end_minute)
        SELECT ${seededUuid(this.plan.seed, 'slot', 'k * 7 + weekday')}, user_id, weekday,
               ${pick(intArray(AVAILABILITY_PATTERNS.map(([start]) => start)), 'k', 220)},
               ${pick(intArray(AVAILABILITY_PATTERNS.map(([, end]) => end)), 'k', 220)}
        FROM roll CROSS JOIN generate_series(0, 6) AS weekday
        WHERE ${chance('k * 7 + weekday', 221)} < CASE WHEN weekday BETWEEN 1 AND 5 THEN 0.65 ELSE 0.35 END
      )
      INSERT INTO professional_blackouts (professional_id, date)
      SELECT user_id, ${this.today} + 1 + ${between('k', 222, 0, 27)} + 30 * nth
      FROM roll CROSS JOIN generate_series(0, 2) AS nth
      WHERE ${chance('k', 223)} < 0.2 AND nth < ${between('k', 224, 1, 3)}`;
  }

  /** Verified, active professionals numbered per role, so a job can draw an assignee holding its role. */
  verifiedByRole(): string {
    return `
      INSERT INTO seed_verified (role, n, user_id)
      SELECT held.role, row_number() OVER (PARTITION BY held.role ORDER BY p.user_id), p.user_id
      FROM professionals p JOIN users u ON u.id = p.user_id CROSS JOIN unnest(p.roles) AS held(role)
      WHERE p.verified AND u.status = 'active';
      INSERT INTO seed_role_counts (role, count) SELECT role, count(*) FROM seed_verified GROUP BY role;
      ANALYZE seed_institutions; ANALYZE seed_verified; ANALYZE seed_role_counts;`;
  }

  /**
   * Jobs i in [low, high], and the assignees of those that were taken (into seed_assignees, for now).
   * Four in five lie in the next 90 days (mostly open); the rest ended within the last six months
   * (mostly completed or cancelled).
   */
  jobs(low: number, high: number): string {
    const { chance, between, pick } = this.dice;
    const institutions = this.plan.institutions;
    const status = `
      CASE WHEN future THEN
        CASE WHEN status_roll < 0.92 THEN 'open' WHEN status_roll < 0.96 THEN 'assigned' WHEN status_roll < 0.98 THEN 'paid' ELSE 'cancelled' END
      ELSE
        CASE WHEN status_roll < 0.62 THEN 'completed' WHEN status_roll < 0.77 THEN 'cancelled' WHEN status_roll < 0.82 THEN 'paid'
             WHEN status_roll < 0.86 THEN 'assigned' ELSE 'open' END
      END`;
    return `
      WITH base AS (
        SELECT i, inst.user_id AS institution_id, inst.district,
          CASE inst.type WHEN 'school' THEN 0 WHEN 'household' THEN 2 ELSE 1 END AS family,
          CASE inst.type
            WHEN 'school' THEN ${pick(textArray(ROLE_DRAWS.education), 'i', 302)}
            WHEN 'household' THEN ${pick(textArray(HOUSEHOLD_ROLE_DRAWS), 'i', 302)}
            ELSE ${pick(textArray(ROLE_DRAWS.health), 'i', 302)}
          END AS role,
          ${chance('i', 303)} < 0.8 AS future,
          ${chance('i', 304)} AS status_roll,
          CASE WHEN ${chance('i', 305)} < 0.7 THEN 'day' ELSE 'hour' END AS rate_unit
        FROM generate_series(${low}, ${high}) AS i
        JOIN seed_institutions inst ON inst.k = 1 + floor(power(${chance('i', 301)}, 1.3) * ${institutions})::int
      ),
      shifts AS (
        SELECT base.*,
          CASE WHEN future THEN ${this.today} + ${between('i', 306, 1, 90)} ELSE ${this.today} - ${between('i', 306, 2, 181)} END AS shift_date,
          ${this.byFamily((family) => pick(intArray(SHIFTS[family].map(([start]) => start)), 'i', 307))} AS start_minute,
          ${this.byFamily((family) => pick(intArray(SHIFTS[family].map(([, length]) => length)), 'i', 307))} AS length_minutes,
          ${this.byFamily((family) => this.skillWindow(family, 'i', 308, 0, 3))} AS skills,
          ${this.byFamily((family) => this.rate(family, 'i', 309))} AS rate_amount,
          ${status} AS drawn_status
        FROM base
      ),
      timed AS (
        SELECT shifts.*,
          (shift_date + start_minute * interval '1 minute') AT TIME ZONE 'Africa/Kampala' AS starts_at,
          drawn_status IN ('assigned', 'paid', 'completed') OR (drawn_status = 'cancelled' AND ${chance('i', 310)} < 0.4) AS taken
        FROM shifts
      ),
      drawn AS (
        SELECT timed.*,
          starts_at + length_minutes * interval '1 minute' AS ends_at,
          CASE WHEN future THEN ${this.anchor} - ${chance('i', 311)} * interval '30 days'
               ELSE starts_at - interval '1 hour' - ${chance('i', 311)} * interval '21 days' END AS created_at,
          CASE WHEN taken THEN pro.user_id END AS assignee
        FROM timed
        LEFT JOIN seed_role_counts counts ON counts.role = timed.role
        LEFT JOIN seed_verified pro ON pro.role = timed.role AND pro.n = 1 + floor(${chance('i', 312)} * counts.count)::int
      ),
      src AS MATERIALIZED (
        SELECT drawn.*,
          ${seededUuid(this.plan.seed, 'job', 'i')} AS id,
          -- A shift nobody holding its role could have taken stays open.
          CASE WHEN taken AND assignee IS NULL THEN 'open' ELSE drawn_status END::job_status AS status,
          CASE WHEN assignee IS NOT NULL THEN created_at + (least(starts_at, ${this.anchor}) - created_at) * (0.9 * ${chance('i', 313)}) END AS accepted_at,
          CASE WHEN drawn_status = 'completed' AND assignee IS NOT NULL THEN least(${this.anchor}, ends_at + ${chance('i', 314)} * interval '2 days') END AS completed_at
        FROM drawn
      ),
      new_jobs AS (
        INSERT INTO jobs (id, institution_id, role, skills, description, starts_at, ends_at, shift_date, weekday, start_minute, end_minute,
                          rate_amount, rate_unit, district, status, cancel_reason, cancelled_by, created_at, updated_at, completed_at, deleted_at)
        SELECT id, institution_id, role, skills, ${pick(textArray(JOB_OPENINGS), 'i', 315)}, starts_at, ends_at,
               shift_date, extract(dow FROM shift_date)::int, start_minute, (start_minute + length_minutes) % 1440,
               rate_amount, rate_unit::rate_unit, district, status,
               CASE WHEN status = 'cancelled' THEN ${pick(textArray(CANCEL_REASONS), 'i', 316)} END,
               CASE WHEN status = 'cancelled' THEN 'institution' END,
               created_at, greatest(created_at, accepted_at, completed_at), completed_at,
               CASE WHEN status = 'open' AND future AND ${chance('i', 317)} < 0.01 THEN least(${this.anchor}, created_at + interval '1 hour') END
        FROM src
      )
      INSERT INTO seed_assignees (job_id, professional_id, accepted_at, starts_at, ends_at)
      SELECT id, assignee, accepted_at, starts_at, ends_at FROM src WHERE assignee IS NOT NULL`;
  }

  /**
   * Assignees were drawn independently, so a few hold two overlapping shifts, which the constraint
   * job_assignees_no_overlap forbids: the later of each such pair is cancelled by its assignee, before
   * any assignee is stored.
   */
  resolveClashes(): string {
    return `
      UPDATE jobs SET status = 'cancelled', cancel_reason = 'Assignee had a clashing shift', cancelled_by = 'professional', completed_at = NULL
      WHERE id IN (
        SELECT later.job_id
        FROM seed_assignees earlier
        JOIN jobs ej ON ej.id = earlier.job_id AND ej.status IN ('assigned', 'paid', 'completed')
        JOIN seed_assignees later ON later.professional_id = earlier.professional_id AND later.job_id <> earlier.job_id
        JOIN jobs lj ON lj.id = later.job_id AND lj.status IN ('assigned', 'paid', 'completed')
        WHERE (lj.starts_at, lj.id) > (ej.starts_at, ej.id) AND lj.starts_at < ej.ends_at
      )`;
  }

  /** The drawn assignees, once their clashes are resolved; those of cancelled jobs hold no hours. */
  assignees(): string {
    return `
      INSERT INTO job_assignees (job_id, professional_id, accepted_at, starts_at, ends_at, holds_hours)
      SELECT a.job_id, a.professional_id, a.accepted_at, a.starts_at, a.ends_at, j.status <> 'cancelled'
      FROM seed_assignees a JOIN jobs j ON j.id = a.job_id`;
  }

  private byFamily(expression: (family: Family) => string): string {
    return `CASE family WHEN 0 THEN ${expression('education')} WHEN 1 THEN ${expression('health')} ELSE ${expression('care')} END`;
  }

  /** Between `fewest` and `most` distinct skills of the family: a window into the list, wrapping round. */
  private skillWindow(family: Family, index: string, salt: number, fewest: number, most: number): string {
    const skills = SKILLS[family];
    const start = this.dice.between(index, salt, 1, skills.length);
    const count = this.dice.between(index, salt + 50, fewest, most);
    return `(${textArray([...skills, ...skills])})[${start}:${start} + ${count} - 1]`;
  }

  /** UGX, rounded to 500, in the family's range for the row's `rate_unit`. */
  private rate(family: Family, index: string, salt: number): string {
    const roll = this.dice.chance(index, salt);
    const within = ([low, high]: [number, number]) => `(round((${low} + ${roll} * ${high - low}) / 500) * 500)::int`;
    return `CASE WHEN rate_unit = 'day' THEN ${within(RATES[family].day)} ELSE ${within(RATES[family].hour)} END`;
  }

  private personName(index: string, salt: number): string {
    return `${this.dice.pick(textArray(FIRST_NAMES), index, salt)} || ' ' || ${this.dice.pick(textArray(SURNAMES), index, salt + 50)}`;
  }

  /** +256 7X and seven digits; a bijection of n (7919 is prime to 10^7), so no two users share one. */
  private phone(n: string): string {
    const prefix = `(${textArray(PHONE_PREFIXES)})[1 + ((${n}) % 6)]`;
    return `'+256' || ${prefix} || lpad((((${n}) / 6 * 7919 + ${this.plan.seed % 10_000_000}) % 10000000)::text, 7, '0')`;
  }
}
