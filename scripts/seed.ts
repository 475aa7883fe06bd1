/**
 * npm run seed -- --jobs 1000000 --professionals 100000 [--institutions N] [--seed 1] [--today YYYY-MM-DD]
 * Fills the empty database DATABASE_URL names (or, unset, a small embedded PGlite one) with seeded data.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { EXIT_USAGE, runCommand } from '../src/cli/command.js';
import { configOrExit } from '../src/main.js';
import { hashPassword } from '../src/modules/accounts/passwords.js';
import { migrateDatabase, openDatabase, type SqlExecutor } from '../src/platform/db.js';
import { seedDatabase, type SeedCounts, type SeedPlan } from './seed/index.js';
import { DEFAULT_SEED_PASSWORD, SEED_ADMIN_EMAIL } from './seed/vocabulary.js';
import { progressBar } from './support/progress.js';

const USAGE = `Usage: npm run seed -- [--jobs N] [--professionals N] [--institutions N] [--seed N] [--today YYYY-MM-DD] [--password P]
Fills the empty database that DATABASE_URL names with institutions, professionals and jobs.
Defaults: 10000 jobs, 1000 professionals, one institution per 100 jobs, seed 1, today in Kampala.`;

/** The embedded database is single-process WASM: fine for a demo's worth of rows, not for a load test. */
const PGLITE_LIMITS = { jobs: 20_000, professionals: 2_000 };

function parsePlanArguments(): Omit<SeedPlan, 'passwordHash'> & { password: string } {
  const { values } = parseArgs({
    options: {
      jobs: { type: 'string', default: '10000' },
      professionals: { type: 'string', default: '1000' },
      institutions: { type: 'string' },
      seed: { type: 'string', default: '1' },
      today: { type: 'string', default: kampalaToday() },
      password: { type: 'string', default: DEFAULT_SEED_PASSWORD },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) usage(0);
  const count = (name: string, value: string, minimum: number) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < minimum || parsed > 100_000_000)
      usage(EXIT_USAGE, `--${name} must be a whole number from ${minimum}`);
    return parsed;
  };
  const jobs = count('jobs', values.jobs, 0);
  const professionals = count('professionals', values.professionals, 1);
  const institutions = count('institutions', values.institutions ?? String(Math.max(5, Math.ceil(jobs / 100))), 1);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.today)) usage(EXIT_USAGE, '--today must be YYYY-MM-DD');
  return {
    jobs,
    professionals,
    institutions,
    seed: count('seed', values.seed, 0) % 1_000_000,
    today: values.today,
    password: values.password,
  };
}

function usage(code: number, problem?: string): never {
  process.stderr.write(`${problem ? `${problem}\n` : ''}${USAGE}\n`);
  process.exit(code);
}

function kampalaToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Kampala' }).format(new Date());
}

const { password, ...sizes } = parsePlanArguments();
const config = configOrExit();
if (!config.databaseUrl && (sizes.jobs > PGLITE_LIMITS.jobs || sizes.professionals > PGLITE_LIMITS.professionals)) {
  usage(
    EXIT_USAGE,
    `The embedded PGlite database takes at most ${PGLITE_LIMITS.jobs} jobs and ${PGLITE_LIMITS.professionals} professionals; set DATABASE_URL to a PostgreSQL database for more.`,
  );
}

await runCommand(async () => {
  const started = performance.now();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
  let session: pg.Client | undefined;
  try {
    await migrateDatabase(database);
    let sql: SqlExecutor = database.sql;
    if (config.databaseUrl) {
      // One connection for the whole load: the transaction, its settings and scratch tables live in it.
      session = new pg.Client({ connectionString: config.databaseUrl, application_name: 'qgig-seed' });
      await session.connect();
      const client = session;
      sql = { executeSql: (text, values) => client.query(text, values) };
    }
    const bar = progressBar();
    const counts = await seedDatabase(sql, { ...sizes, passwordHash: await hashPassword(password) }, ({ step, done, total }) =>
      bar.update(step, done, total),
    );
    bar.finish();
    return report(counts, await sampleLogins(sql), password, (performance.now() - started) / 1000);
  } finally {
    await session?.end();
    await database.close();
  }
});

interface SampleLogins {
  institutions: string[];
  professionals: string[];
}

async function sampleLogins(sql: SqlExecutor): Promise<SampleLogins> {
  const emails = async (query: string) => ((await sql.executeSql(query)).rows as { email: string }[]).map((row) => row.email);
  return {
    institutions: await emails(`
      SELECT u.email FROM users u
      WHERE u.role = 'institution' AND EXISTS (SELECT 1 FROM jobs j WHERE j.institution_id = u.id AND j.status = 'open' AND j.starts_at > now())
      ORDER BY u.email LIMIT 3`),
    professionals: await emails(`
      SELECT u.email FROM users u JOIN professionals p ON p.user_id = u.id
      WHERE p.verified AND u.status = 'active' ORDER BY u.email LIMIT 3`),
  };
}

function report(counts: SeedCounts, logins: SampleLogins, password: string, seconds: number): string {
  const number = (value: number) => value.toLocaleString('en-US');
  return [
    `Seeded in ${seconds.toFixed(1)} s:`,
    `  ${number(counts.users)} users: ${number(counts.institutions)} institutions, ${number(counts.professionals)} professionals (${number(counts.verifiedProfessionals)} verified), 1 admin`,
    `  ${number(counts.availabilitySlots)} weekly availability slots, ${number(counts.blackoutDates)} blackout dates`,
    `  ${number(counts.jobs)} jobs (${number(counts.openFutureJobs)} open and upcoming), ${number(counts.assignees)} assignees`,
    '',
    `Every seeded account's password: ${password}`,
    `  admin:         ${SEED_ADMIN_EMAIL}`,
    `  institutions:  ${logins.institutions.join(', ')}`,
    `  professionals: ${logins.professionals.join(', ')} (verified)`,
  ].join('\n');
}
