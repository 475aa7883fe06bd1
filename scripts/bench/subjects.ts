/**
 * Who and what the bench exercises, chosen from the seeded database: the sign-ins go through the
 * API, but finding suitable accounts and jobs is a read the bench does itself.
 */
import type { SqlExecutor } from '../../src/platform/db.js';
import { SEED_ADMIN_EMAIL } from '../seed/vocabulary.js';

export interface RaceSubject {
  jobId: string;
  role: string;
  startsAt: string;
  /** Verified, active professionals holding the job's role, none with a clashing assignment. */
  racerEmails: string[];
}

export interface Subjects {
  adminEmail: string;
  /** The institution with the most open upcoming jobs, and some of those jobs. */
  owner: { email: string; openJobIds: string[] };
  /** Verified professionals asking for recommendations. */
  professionalEmails: string[];
  /** Open upcoming jobs for the single-job case. */
  jobIds: string[];
}

const OPEN_UPCOMING = "status = 'open' AND deleted_at IS NULL AND starts_at > now()";
/**
 * Professionals (p) whose accounts (u) may accept any open shift: verified, active, and not restricted
 * by a low reliability score (the worker's sweep records seeded shifts nobody attended as no-shows).
 */
const MAY_ACCEPT = "p.verified AND u.status = 'active' AND (p.restricted_until IS NULL OR p.restricted_until <= now())";

/** The rows of one query, typed. */
export async function rows<T>(sql: SqlExecutor, text: string, values: unknown[] = []): Promise<T[]> {
  return (await sql.executeSql(text, values)).rows as T[];
}

export async function countSeededJobs(sql: SqlExecutor): Promise<{ jobs: number; admin: boolean }> {
  const [row] = await rows<{ jobs: number; admin: boolean }>(
    sql,
    `SELECT (SELECT count(*) FROM (SELECT 1 FROM jobs WHERE ${OPEN_UPCOMING} LIMIT 1000) open)::int AS jobs,
            EXISTS (SELECT 1 FROM users WHERE email = $1) AS admin`,
    [SEED_ADMIN_EMAIL],
  );
  return row!;
}

export async function chooseSubjects(sql: SqlExecutor, options: { professionals: number; jobs: number }): Promise<Subjects> {
  const [owner] = await rows<{ id: string; email: string }>(
    sql,
    `SELECT u.id, u.email FROM users u
     JOIN (SELECT institution_id, count(*) AS open FROM jobs WHERE ${OPEN_UPCOMING} GROUP BY institution_id ORDER BY open DESC, institution_id LIMIT 1) busiest
       ON busiest.institution_id = u.id`,
  );
  if (!owner) throw new Error('No institution has an open upcoming job; seed the database again.');
  const openJobIds = await rows<{ id: string }>(
    sql,
    `SELECT id FROM jobs WHERE institution_id = $1 AND ${OPEN_UPCOMING} ORDER BY starts_at, id LIMIT 50`,
    [owner.id],
  );
  const professionals = await rows<{ email: string }>(
    sql,
    `SELECT u.email FROM professionals p JOIN users u ON u.id = p.user_id
     WHERE ${MAY_ACCEPT} AND EXISTS (SELECT 1 FROM professional_availability a WHERE a.professional_id = p.user_id)
     ORDER BY u.id DESC LIMIT $1`,
    [options.professionals],
  );
  // A repeatable 1% sample rather than ORDER BY random(): no sort of a million rows.
  const jobs = await rows<{ id: string }>(
    sql,
    `SELECT id FROM jobs TABLESAMPLE BERNOULLI (1) REPEATABLE (7) WHERE ${OPEN_UPCOMING} LIMIT $1`,
    [options.jobs],
  );
  return {
    adminEmail: SEED_ADMIN_EMAIL,
    owner: { email: owner.email, openJobIds: openJobIds.map((row) => row.id) },
    professionalEmails: professionals.map((row) => row.email),
    jobIds: jobs.map((row) => row.id),
  };
}

/**
 * A fresh open job a week or more ahead (each run assigns one, so the next run takes the next) in the
 * role with the most verified professionals, and `racers` of them who could all legitimately take it.
 */
export async function chooseRace(sql: SqlExecutor, racers: number): Promise<RaceSubject> {
  const job = await nextRaceJob(sql);
  const emails = await rows<{ email: string }>(
    sql,
    `SELECT u.email FROM professionals p JOIN users u ON u.id = p.user_id
     WHERE ${MAY_ACCEPT} AND p.roles @> ARRAY[$1]::text[]
       AND NOT EXISTS (
         SELECT 1 FROM job_assignees a
         WHERE a.professional_id = p.user_id AND a.holds_hours AND a.starts_at < $3 AND $2 < a.ends_at)
     ORDER BY u.id LIMIT $4`,
    [job.role, job.starts_at, job.ends_at, racers],
  );
  if (emails.length < racers) throw new Error(`Only ${emails.length} professionals could race for the job; seed more professionals.`);
  return { jobId: job.id, role: job.role, startsAt: job.starts_at.toISOString(), racerEmails: emails.map((row) => row.email) };
}

/** The next open job a week or more ahead in the role with the most verified professionals. */
export async function nextRaceJob(sql: SqlExecutor): Promise<{ id: string; role: string; starts_at: Date; ends_at: Date }> {
  const [job] = await rows<{ id: string; role: string; starts_at: Date; ends_at: Date }>(
    sql,
    `SELECT id, role, starts_at, ends_at FROM jobs
     WHERE ${OPEN_UPCOMING} AND starts_at > now() + interval '7 days'
       AND role = (SELECT role FROM professionals, unnest(roles) AS role WHERE verified GROUP BY role ORDER BY count(*) DESC LIMIT 1)
     ORDER BY starts_at, id LIMIT 1`,
  );
  if (!job) throw new Error('No open job a week ahead is left for the accept race; seed the database again.');
  return job;
}

export async function jobOutcome(sql: SqlExecutor, jobId: string): Promise<{ status: string; assignees: number }> {
  const [row] = await rows<{ status: string; assignees: number }>(
    sql,
    'SELECT status, (SELECT count(*) FROM job_assignees WHERE job_id = $1)::int AS assignees FROM jobs WHERE id = $1',
    [jobId],
  );
  return row!;
}

/**
 * Waits until no server query is running: requests still queued when a case's clients hang up
 * keep PostgreSQL busy, and would slow the next case. Returns the seconds waited.
 */
export async function settle(sql: SqlExecutor, timeoutSeconds = 180): Promise<number> {
  const started = performance.now();
  for (;;) {
    const [row] = await rows<{ active: number }>(
      sql,
      `SELECT count(*)::int AS active FROM pg_stat_activity
       WHERE datname = current_database() AND application_name LIKE 'qgig%' AND state = 'active' AND pid <> pg_backend_pid()`,
    );
    const waited = (performance.now() - started) / 1000;
    if (row!.active === 0 || waited > timeoutSeconds) return waited;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
