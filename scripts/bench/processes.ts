import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import webPush from 'web-push';
import { SIMULATOR_CREDENTIALS } from '../../src/modules/payments/pesapal/settings.js';
import { AT_SIMULATOR_ACCOUNT } from '../../src/modules/sms/client.js';
import type { RunningSimulator } from './payments.js';

export interface ServerProcess {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Last lines a child wrote, shown when it fails to start. */
const OUTPUT_TAIL = 40;

/**
 * Starts a Node process (so it never shares an event loop with the load generator) and waits until
 * `isReady` says so, given the output so far.
 */
async function startProcess(
  name: string,
  args: string[],
  env: Record<string, string>,
  isReady: (output: string[]) => Promise<boolean> | boolean,
  timeoutMs = 60_000,
): Promise<{ output: string[]; stop(): Promise<void> }> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    output.splice(0, Math.max(0, output.length - OUTPUT_TAIL));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const deadline = Date.now() + timeoutMs;
  while (!(await isReady(output))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not start (exit code ${child.exitCode}). Its last output:\n${output.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { output, stop: () => stopChild(child, exited) };
}

/** A server process, ready once `readyPath` answers 200 on `port`. */
export async function startServerProcess(
  name: string,
  args: string[],
  env: Record<string, string>,
  options: { port: number; readyPath: string; timeoutMs?: number },
): Promise<ServerProcess> {
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const ready = () =>
    fetch(`${baseUrl}${options.readyPath}`).then(
      (response) => response.ok,
      () => false,
    );
  const started = await startProcess(name, args, env, ready, options.timeoutMs);
  return { baseUrl, stop: started.stop };
}

/** A process without a port (the worker), ready once it prints a line matching `readyLine`. */
export async function startQuietProcess(
  name: string,
  args: string[],
  env: Record<string, string>,
  readyLine: RegExp,
): Promise<{ stop(): Promise<void> }> {
  return startProcess(name, args, env, (output) => output.some((line) => readyLine.test(line)));
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

const vapidKeys = webPush.generateVAPIDKeys();
/** The key Africa's Talking's callbacks carry (`?key=`), for the bench's own USSD requests. */
export const AT_CALLBACK_KEY = randomBytes(16).toString('hex');
/** Generated once per run, so every process of a run accepts the others' tokens. */
const RUN_SECRETS = {
  JWT_SECRET: randomBytes(32).toString('hex'),
  ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  AT_CALLBACK_KEY,
  // Production requires web push's key pair and contact.
  VAPID_PUBLIC_KEY: vapidKeys.publicKey,
  VAPID_PRIVATE_KEY: vapidKeys.privateKey,
  VAPID_SUBJECT: 'mailto:bench@seed.qgig.test',
};

/** The environment of a Qgig process under test: production mode, the simulator over HTTP, quiet logs. */
export function benchServerEnv(options: {
  databaseUrl: string;
  poolSize: string;
  dataDir: string;
  simulator: RunningSimulator;
}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATABASE_URL: options.databaseUrl,
    DATABASE_POOL_SIZE: options.poolSize,
    DATA_DIR: options.dataDir,
    ...RUN_SECRETS,
    // The PesaPal simulator on its own port, spoken to over HTTP like the real API.
    PESAPAL_BASE_URL: options.simulator.baseUrl,
    PESAPAL_CONSUMER_KEY: SIMULATOR_CREDENTIALS.consumerKey,
    PESAPAL_CONSUMER_SECRET: SIMULATOR_CREDENTIALS.consumerSecret,
    AT_BASE_URL: options.simulator.atBaseUrl,
    AT_USERNAME: AT_SIMULATOR_ACCOUNT.username,
    AT_API_KEY: AT_SIMULATOR_ACCOUNT.apiKey,
    AT_SHORTCODE: AT_SIMULATOR_ACCOUNT.shortcode,
    // Production requires both payout networks: their simulators, on the same port.
    ...options.simulator.payoutEnv,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    // Hundreds of sign-ins from one address: the per-address auth limit is lifted for the bench only.
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    TRUST_PROXY: 'false',
  };
}
