/**
 * npm run bench -- [--duration 10] [--warmup 5] [--connections 64] [--racers 500] [--payments 200] [--payouts 200] [--only browse,matches]
 * Starts the built Qgig server on the seeded database DATABASE_URL names (and a bare Fastify
 * ceiling beside it), drives both over real HTTP with autocannon, races accepts for one job,
 * times PesaPal IPNs (to the simulator on its own port) until their jobs are paid, and completions
 * until their payouts (by a worker process, to the MTN and Airtel simulators) are successful.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT_USAGE } from '../src/cli/command.js';
import { configOrExit } from '../src/main.js';
import { openDatabase, type DatabaseHandle } from '../src/platform/db.js';
import { API_PREFIX, LOAD_CASES, type BenchContext } from './bench/cases.js';
import { explainBrowse } from './bench/explain.js';
import { runLoadCase, type CaseResult } from './bench/load.js';
import { formatIpn, runIpnCase, startSimulator, type RunningSimulator } from './bench/payments.js';
import { formatPayouts, payoutsMet, runPayoutCase } from './bench/payouts.js';
import { benchServerEnv, startQuietProcess, startServerProcess, type ServerProcess } from './bench/processes.js';
import { freePort } from './support/ports.js';
import { race } from './bench/race.js';
import { formatLoadResults, formatRace, missedTarget } from './bench/report.js';
import { signIn, signInAll } from './bench/sign-in.js';
import { chooseRace, chooseSubjects, countSeededJobs, jobOutcome, nextRaceJob, settle } from './bench/subjects.js';
import { DEFAULT_SEED_PASSWORD } from './seed/vocabulary.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SERVER_ENTRY = path.join(ROOT, 'dist/server.js');
const WORKER_ENTRY = path.join(ROOT, 'dist/worker.js');
const CEILING_ENTRY = path.join(ROOT, 'scripts/bench/ceiling-server.ts');
/** Distinct professionals whose tokens the recommendation case cycles through. */
const RECOMMENDATION_USERS = 20;
const SAMPLED_JOBS = 2_000;

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '5' },
    connections: { type: 'string', default: '64' },
    racers: { type: 'string', default: '500' },
    payments: { type: 'string', default: '200' },
    payouts: { type: 'string', default: '200' },
    only: { type: 'string' },
    password: { type: 'string', default: DEFAULT_SEED_PASSWORD },
  },
});
const options = {
  durationSeconds: Number(values.duration),
  warmupSeconds: Number(values.warmup),
  connections: Number(values.connections),
  racers: Number(values.racers),
  payments: Number(values.payments),
  payouts: Number(values.payouts),
  only: values.only
    ?.split(',')
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean),
};
if (
  ![options.durationSeconds, options.connections].every((value) => Number.isInteger(value) && value > 0) ||
  !(options.racers >= 0 && options.payments >= 0 && options.payouts >= 0 && options.warmupSeconds >= 0)
) {
  fail('--duration, --connections must be positive whole numbers; --warmup, --racers, --payments and --payouts zero or more', EXIT_USAGE);
}
/** Whether --only names the case (every case runs without it). */
const wanted = (name: string) => !options.only || options.only.some((part) => name.toLowerCase().includes(part));

const config = configOrExit();
if (!config.databaseUrl)
  fail('Set DATABASE_URL to a seeded PostgreSQL database (npm run seed -- --jobs 1000000 --professionals 100000).', EXIT_USAGE);
if (!existsSync(SERVER_ENTRY)) fail(`${SERVER_ENTRY} is missing: npm run build:server first (npm run bench does).`, EXIT_USAGE);

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

const note = (message: string) => process.stderr.write(`${message}\n`);
const print = (text: string) => process.stdout.write(`${text}\n`);

/** The environment of the API process on `apiPort` and of the worker beside it (links and MTN's callbacks go to the API). */
const qgigEnv = (databaseUrl: string, dataDir: string, simulator: RunningSimulator, apiPort: number) => ({
  ...benchServerEnv({ databaseUrl, poolSize: String(config.databasePoolSize), dataDir, simulator }),
  PUBLIC_URL: `http://127.0.0.1:${apiPort}`,
});

async function startServers(
  databaseUrl: string,
  dataDir: string,
  simulator: RunningSimulator,
): Promise<{ api: ServerProcess; ceiling: ServerProcess }> {
  const [apiPort, ceilingPort] = [await freePort(), await freePort()];
  const poolSize = String(config.databasePoolSize);
  const api = await startServerProcess(
    'Qgig',
    ['--enable-source-maps', SERVER_ENTRY],
    { ...qgigEnv(databaseUrl, dataDir, simulator, apiPort), PORT: String(apiPort), RUN_WORKERS: 'false' },
    { port: apiPort, readyPath: '/readyz' },
  );
  const ceiling = await startServerProcess(
    'ceiling server',
    ['--import', 'tsx', CEILING_ENTRY],
    { DATABASE_URL: databaseUrl, PORT: String(ceilingPort), DATABASE_POOL_SIZE: poolSize },
    {
      port: ceilingPort,
      readyPath: '/ready',
    },
  ).catch(async (error: unknown) => {
    await api.stop();
    throw error;
  });
  return { api, ceiling };
}

async function describeSetup(database: DatabaseHandle): Promise<string> {
  const { rows } = await database.sql.executeSql(
    `SELECT current_setting('server_version') AS version,
            (SELECT reltuples::bigint FROM pg_class WHERE relname = 'jobs') AS jobs,
            (SELECT reltuples::bigint FROM pg_class WHERE relname = 'professionals') AS professionals`,
  );
  const row = rows[0] as { version: string; jobs: string; professionals: string };
  const cpu = cpus();
  return [
    `Qgig bench: ${Number(row.jobs).toLocaleString('en-US')} jobs, ${Number(row.professionals).toLocaleString('en-US')} professionals (estimates)`,
    `  PostgreSQL ${row.version}, Node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}`,
    `  ${options.connections} connections, ${options.durationSeconds} s per case after ${options.warmupSeconds} s warm-up; server pool ${config.databasePoolSize}, NODE_ENV=production, LOG_LEVEL=${process.env.BENCH_LOG_LEVEL ?? 'warn'}`,
  ].join('\n');
}

async function main(databaseUrl: string): Promise<number> {
  const database = await openDatabase({ databaseUrl, dataDir: config.dataDir, poolSize: 4 });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'qgig-bench-'));
  let servers: { api: ServerProcess; ceiling: ServerProcess } | undefined;
  const simulator = await startSimulator();
  try {
    const seeded = await countSeededJobs(database.sql).catch(() => ({ jobs: 0, admin: false }));
    if (seeded.jobs === 0 || !seeded.admin) {
      note(
        'This database holds no seeded open jobs. Seed it first, into an empty database:\n  npm run seed -- --jobs 1000000 --professionals 100000',
      );
      return EXIT_USAGE;
    }
    note('Starting the Qgig server and the ceiling server…');
    servers = await startServers(databaseUrl, dataDir, simulator);
    print(await describeSetup(database));

    print('\nEXPLAIN of the browse query (the repository’s own SQL):');
    let seqScans = 0;
    for (const { label, plan, seqScanOnJobs } of await explainBrowse(database.db, database.sql)) {
      if (seqScanOnJobs) seqScans += 1;
      print(`\n-- ${label}${seqScanOnJobs ? '   <-- Seq Scan on jobs!' : ''}\n${plan}`);
    }

    const apiUrl = `${servers.api.baseUrl}${API_PREFIX}`;
    const subjects = await chooseSubjects(database.sql, { professionals: RECOMMENDATION_USERS, jobs: SAMPLED_JOBS });
    note('Signing in the admin, the busiest institution and the professionals…');
    const context: BenchContext = {
      apiOrigin: servers.api.baseUrl,
      ceilingUrl: servers.ceiling.baseUrl,
      subjects,
      ussdServiceCode: config.ussdServiceCode,
      tokens: {
        admin: await signIn(apiUrl, subjects.adminEmail, values.password),
        owner: await signIn(apiUrl, subjects.owner.email, values.password),
        professionals: await signInAll(apiUrl, subjects.professionalEmails, values.password),
      },
    };

    const results: CaseResult[] = [];
    for (const loadCase of LOAD_CASES.filter((candidate) => wanted(candidate.name))) {
      note(`  ${loadCase.name}…`);
      const result = await runLoadCase(loadCase, context, options);
      results.push(result.skipped ? result : { ...result, drainSeconds: await settle(database.sql) });
    }
    if (results.length > 0) print(`\n${formatLoadResults(results)}`);

    let failed = results.some(missedTarget);
    if (options.racers > 0 && wanted('accept race')) {
      const signInRacers = async (emails: string[]) => {
        const started = performance.now();
        const tokens = await signInAll(apiUrl, emails, values.password);
        note(`  signed in ${tokens.length} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        return tokens;
      };
      const targetConnections = Math.min(options.connections, options.racers);
      if (options.warmupSeconds > 0) {
        // Like each load case's warm-up: the accept path's code and statements are cold until it has
        // run for a while. The same racers race for one job after another (some clash with a shift won before).
        const subject = await chooseRace(database.sql, options.racers);
        note(
          `Warming up the accept path for ${options.warmupSeconds} s: ${options.racers} professionals (${subject.role}) race for one job after another…`,
        );
        const tokens = await signInRacers(subject.racerEmails);
        const until = performance.now() + options.warmupSeconds * 1000;
        let races = 0;
        for (let jobId = subject.jobId; performance.now() < until; jobId = (await nextRaceJob(database.sql)).id, races++) {
          await race(context.apiOrigin, jobId, tokens, targetConnections);
        }
        note(`  ${races} warm-up races`);
      }
      // The target is set at the bench's connection count; the burst, one new connection per racer, is shown beside it.
      for (const connections of new Set([targetConnections, options.racers])) {
        const subject = await chooseRace(database.sql, options.racers);
        note(`Signing in ${options.racers} professionals (${subject.role}) for the accept race…`);
        const result = await race(context.apiOrigin, subject.jobId, await signInRacers(subject.racerEmails), connections);
        const outcome = await jobOutcome(database.sql, subject.jobId);
        failed ||= result.winners !== 1 || outcome.assignees !== 1 || outcome.status !== 'assigned';
        print(`\n${formatRace(result, outcome)}`);
      }
    }
    if (options.payments > 0 && wanted('payment IPN')) {
      note(`Paying ${options.payments} assigned jobs through the simulator, then sending their IPNs…`);
      const ipn = await runIpnCase({
        apiOrigin: servers.api.baseUrl,
        simulator,
        sql: database.sql,
        password: values.password,
        payments: options.payments,
        concurrency: 8,
      });
      print(`\n${formatIpn(ipn)}`);
      failed ||= ipn.paid !== ipn.payments;
    }
    if (options.payouts > 0 && wanted('payouts')) {
      // Workers are off in the API process: payouts are sent by a worker process, as when scaled out.
      // At info, so it says when it is ready (it serves no requests, so its log stays short).
      const worker = await startQuietProcess(
        'worker',
        ['--enable-source-maps', WORKER_ENTRY],
        { ...qgigEnv(databaseUrl, dataDir, simulator, Number(new URL(servers.api.baseUrl).port)), LOG_LEVEL: 'info' },
        /Qgig workers running/,
      );
      try {
        note(
          `Paying ${options.payouts} assigned jobs, ending their shifts, setting their professionals' payout methods, then completing them…`,
        );
        const payouts = await runPayoutCase({
          apiOrigin: servers.api.baseUrl,
          simulator,
          sql: database.sql,
          password: values.password,
          completions: options.payouts,
          concurrency: 8,
        });
        print(`\n${formatPayouts(payouts)}`);
        failed ||= !payoutsMet(payouts);
      } finally {
        await worker.stop();
      }
    }
    if (seqScans > 0) print(`\n${seqScans} browse plan(s) read jobs sequentially.`);
    return failed || seqScans > 0 ? 1 : 0;
  } finally {
    await servers?.ceiling.stop();
    await servers?.api.stop();
    await simulator.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

process.exitCode = await main(config.databaseUrl);
