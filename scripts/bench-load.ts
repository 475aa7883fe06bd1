/**
 * npm run bench:load -- [--rate 300[,450,…]] [--duration 60] [--apis 2] [--warmup 10]
 * Qgig as it is scaled out (`--apis` API processes and a worker on the PostgreSQL DATABASE_URL
 * names, the PesaPal simulator on its own port) under a realistic mix of traffic at fixed rates:
 * per route throughput, p50/p95/p99, errors and the database connections in use. Seeds the
 * database first (1M jobs, 100k professionals) when it holds no seeded data.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT_USAGE } from '../src/cli/command.js';
import { configOrExit } from '../src/main.js';
import { openDatabase, type SqlExecutor } from '../src/platform/db.js';
import { mixRoutes, prepareMix } from './bench/mix.js';
import { runOpenLoop, summarise, type OpenLoopResult } from './bench/open-loop.js';
import { startSimulator } from './bench/payments.js';
import { benchServerEnv, startQuietProcess, startServerProcess } from './bench/processes.js';
import { countSeededJobs, settle } from './bench/subjects.js';
import { DEFAULT_SEED_PASSWORD } from './seed/vocabulary.js';
import { freePort } from './support/ports.js';

const ROOT = path.resolve(import.meta.dirname, '..');
/** Extra Node options for the Qgig processes, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile them under the load. */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
/** Every route but login (argon2 on purpose) must answer within this at the reported rate. */
const P99_TARGET_MS = 100;
const SLOW_BY_DESIGN = ['login POST /auth/login'];

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '300' },
    duration: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '10' },
    apis: { type: 'string', default: '2' },
    password: { type: 'string', default: DEFAULT_SEED_PASSWORD },
  },
});
const rates = values.rate.split(',').map(Number);
const durationSeconds = Number(values.duration);
const warmupSeconds = Number(values.warmup);
const apis = Number(values.apis);
if (!rates.every((rate) => rate > 0) || !(durationSeconds > 0) || !(warmupSeconds >= 0) || !Number.isInteger(apis) || apis < 1) {
  process.stderr.write(
    '--rate takes positive numbers (comma-separated), --duration a positive number of seconds, --warmup zero or more, --apis a whole number from 1\n',
  );
  process.exit(EXIT_USAGE);
}
const config = configOrExit();
if (!config.databaseUrl) {
  process.stderr.write('Set DATABASE_URL to a PostgreSQL database (empty, or seeded by npm run seed).\n');
  process.exit(EXIT_USAGE);
}

const note = (message: string) => process.stderr.write(`${message}\n`);
const print = (text: string) => process.stdout.write(`${text}\n`);

function seedIfEmpty(seeded: { jobs: number; admin: boolean }): void {
  if (seeded.jobs > 0 && seeded.admin) return;
  note('The database holds no seeded jobs: seeding 1,000,000 jobs and 100,000 professionals first…');
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(ROOT, 'scripts/seed.ts'),
      '--jobs',
      '1000000',
      '--professionals',
      '100000',
      '--password',
      values.password,
    ],
    {
      stdio: 'inherit',
      env: process.env,
    },
  );
  if (result.status !== 0) throw new Error(`seeding failed (exit ${result.status})`);
}

/** Samples the server connections of Qgig's processes once a second while a run lasts. */
function samplePool(sql: SqlExecutor) {
  const samples: { open: number; active: number }[] = [];
  const timer = setInterval(() => {
    void sql
      .executeSql(
        `SELECT count(*)::int AS open, (count(*) FILTER (WHERE state = 'active'))::int AS active
         FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'qgig%'`,
      )
      .then(
        ({ rows }) => samples.push(rows[0] as { open: number; active: number }),
        () => undefined,
      );
  }, 1000);
  return {
    stop() {
      clearInterval(timer);
      const active = samples.map((sample) => sample.active).sort((a, b) => a - b);
      return {
        open: Math.max(0, ...samples.map((sample) => sample.open)),
        activeMedian: active[Math.floor(active.length / 2)] ?? 0,
        activePeak: active.at(-1) ?? 0,
      };
    },
  };
}

function formatRun(
  rate: number,
  { routes: stats, generatorDelayP99Ms }: OpenLoopResult,
  pool: ReturnType<ReturnType<typeof samplePool>['stop']>,
  poolSize: number,
): { text: string; ok: boolean } {
  const widths = [40, 6, 7, 7, 8, 8, 8, 8, 12, 7];
  const row = (cells: string[]) =>
    cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[index]!))).join('  ');
  const lines = [
    row(['route', 'share', 'sent', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'by design', 'errors']),
    '-'.repeat(widths.reduce((sum, width) => sum + width + 2, -2)),
  ];
  let ok = true;
  let total = 0;
  for (const record of stats) {
    const { p50, p95, p99, max } = summarise(record);
    const byDesign = [...record.statuses].filter(([status]) => status >= 300).map(([status, count]) => `${count}×${status}`);
    total += record.sent;
    const slow = p99 > P99_TARGET_MS && !SLOW_BY_DESIGN.includes(record.name);
    ok &&= record.errors === 0 && !slow;
    lines.push(
      row([
        record.name,
        `${record.share}%`,
        String(record.sent),
        (record.sent / durationSeconds).toFixed(1),
        p50.toFixed(1),
        p95.toFixed(1),
        `${p99.toFixed(1)}${slow ? '!' : ''}`,
        max.toFixed(0),
        byDesign.join(' ') || '-',
        String(record.errors),
      ]),
    );
    if (record.exhausted) lines.push(`  (${record.name} ran out of subjects during the run)`);
  }
  lines.push(
    `all routes: ${total} requests, ${(total / durationSeconds).toFixed(1)} req/s of ${rate} asked for; the load generator's own event-loop delay p99 ${generatorDelayP99Ms.toFixed(1)} ms`,
    `database connections of the ${apis + 1} processes: ${pool.open} open (pools of ${poolSize} each), ${pool.activeMedian} active at the median second, ${pool.activePeak} at the busiest`,
    ok
      ? `PASS: no errors, p99 ≤ ${P99_TARGET_MS} ms on every route but login`
      : `FAIL: errors, or a p99 over ${P99_TARGET_MS} ms (marked !)`,
  );
  return { text: lines.join('\n'), ok };
}

async function main(databaseUrl: string): Promise<number> {
  const database = await openDatabase({ databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'qgig-load-'));
  const simulator = await startSimulator();
  const stops: (() => Promise<void>)[] = [];
  try {
    seedIfEmpty(await countSeededJobs(database.sql).catch(() => ({ jobs: 0, admin: false })));
    const poolSize = config.databasePoolSize;
    const ports = await Promise.all(Array.from({ length: apis }, () => freePort()));
    // Links and PesaPal's callbacks go to the first API process (a load balancer's address in production).
    const env = {
      ...benchServerEnv({ databaseUrl, poolSize: String(poolSize), dataDir, simulator }),
      PUBLIC_URL: `http://127.0.0.1:${ports[0]}`,
    };
    note(`Starting ${apis} API processes and a worker…`);
    const origins: string[] = [];
    for (const port of ports) {
      const server = await startServerProcess(
        `api on ${port}`,
        [...NODE_ARGS, '--enable-source-maps', path.join(ROOT, 'dist/server.js')],
        { ...env, PORT: String(port), RUN_WORKERS: 'false' },
        { port, readyPath: '/readyz' },
      );
      stops.push(server.stop);
      origins.push(server.baseUrl);
    }
    // At info, so it says when it is ready (it serves no requests, so its log stays short).
    const worker = await startQuietProcess(
      'worker',
      [...NODE_ARGS, '--enable-source-maps', path.join(ROOT, 'dist/worker.js')],
      { ...env, LOG_LEVEL: 'info' },
      /Qgig workers running/,
    );
    stops.push(worker.stop);

    let failed = false;
    for (const [index, rate] of rates.entries()) {
      const seconds = (index === 0 ? warmupSeconds : 0) + durationSeconds;
      note(`Rate ${rate} req/s: signing in and choosing jobs for ${Math.ceil(rate * seconds)} requests…`);
      const subjects = await prepareMix(database.sql, `${origins[0]}/api/v1`, values.password, Math.ceil(rate * seconds));
      const routes = mixRoutes(subjects, origins, simulator, values.password);
      if (index === 0 && warmupSeconds > 0) {
        note(`  warming up for ${warmupSeconds} s…`);
        await runOpenLoop(routes, rate, warmupSeconds);
        await settle(database.sql);
      }
      note(`  driving the mix for ${durationSeconds} s…`);
      const pool = samplePool(database.sql);
      const run = formatRun(rate, await runOpenLoop(routes, rate, durationSeconds), pool.stop(), poolSize);
      print(`\n${rate} req/s asked for, ${durationSeconds} s, ${apis} API processes + 1 worker, ${origins.join(' ')}\n${run.text}`);
      failed ||= !run.ok;
      await settle(database.sql);
    }
    return failed ? 1 : 0;
  } finally {
    for (const stop of stops.reverse()) await stop();
    await simulator.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

process.exitCode = await main(config.databaseUrl);
