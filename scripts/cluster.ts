/**
 * npm run start:cluster [-- --apis 2] [--source]
 * Runs Qgig as it is scaled out: `--apis` API processes (RUN_WORKERS=false) on PORT, PORT+1, …
 * and one worker process, all on the PostgreSQL server DATABASE_URL names. Each process's output is
 * printed with its name in front; SIGINT or SIGTERM stops them all gracefully. `--source` runs the
 * TypeScript sources through tsx instead of the built `dist/`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { EXIT_USAGE } from '../src/cli/command.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { apis: { type: 'string', default: '2' }, source: { type: 'boolean', default: false } } });
const apis = Number(values.apis);
const basePort = Number(process.env.PORT ?? 3000);

if (!process.env.DATABASE_URL?.startsWith('postgres')) {
  process.stderr.write('start:cluster needs DATABASE_URL=postgres://…: several processes cannot share the embedded database.\n');
  process.exit(EXIT_USAGE);
}
if (!Number.isInteger(apis) || apis < 1 || !Number.isInteger(basePort)) {
  process.stderr.write('--apis must be a whole number of at least 1, and PORT a port number.\n');
  process.exit(EXIT_USAGE);
}

const entry = (name: 'server' | 'worker') =>
  values.source ? ['--import', 'tsx', path.join(ROOT, `src/${name}.ts`)] : ['--enable-source-maps', path.join(ROOT, `dist/${name}.js`)];

function launch(name: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout!, child.stderr!])
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[${name}] ${line}\n`));
  child.on('exit', (code, signal) => {
    process.stdout.write(`[${name}] exited (${signal ?? code})\n`);
    if (!stopping) stopAll(1);
  });
  return child;
}

const children: ChildProcess[] = [
  ...Array.from({ length: apis }, (_, index) =>
    launch(`api-${index + 1}`, entry('server'), {
      PORT: String(basePort + index),
      RUN_WORKERS: 'false',
      // Links and PesaPal's callbacks go to the address clients use (the load balancer's, in production).
      PUBLIC_URL: process.env.PUBLIC_URL ?? `http://${process.env.HOST ?? '127.0.0.1'}:${basePort}`,
    }),
  ),
  launch('worker', entry('worker'), {}),
];

let stopping = false;
function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
