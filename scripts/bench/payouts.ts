/**
 * Completion → payout successful. Assigned jobs are paid through the API (PesaPal simulator and
 * IPN), their shifts moved to have ended an hour ago (as the tests' endShift does: jobs cannot be
 * posted in the past), and their professionals given a payout method through PUT /me/payout-method,
 * MTN and Airtel in turn. Then each owner completes its job over HTTP while a worker process sends
 * the payouts to the MTN and Airtel simulators (settling at once, over HTTP). Both ends of each
 * latency are the database's clock: the job's completed_at (its completion transaction) to its
 * payout's settled_at.
 */
import type { SqlExecutor } from '../../src/platform/db.js';
import { QUEUE_SCHEMA } from '../../src/platform/queue-outcomes.js';
import { type RunningSimulator, sendIpn, settledOrders, timedInParallel } from './payments.js';
import { percentile } from './race.js';
import { signInAll } from './sign-in.js';
import { rows } from './subjects.js';

export const PAYOUT_P99_TARGET_MS = 2_000;
/** How long the payouts may take to settle before the case gives up on the rest. */
const SETTLE_TIMEOUT_MS = 120_000;

export interface PayoutResult {
  completions: number;
  /** Completions answered 200. */
  completed: number;
  concurrency: number;
  completeWallMs: number;
  statuses: Record<string, number>;
  /** completed_at → settled_at of each successful payout, ascending. */
  latencies: number[];
}

interface ReadyJob {
  jobId: string;
  ownerToken: string;
  professionalEmail: string;
}

/** `count` paid jobs whose shift ended an hour ago, each professional with a payout method. */
async function readyJobs(options: {
  apiOrigin: string;
  simulator: RunningSimulator;
  sql: SqlExecutor;
  password: string;
  count: number;
}): Promise<ReadyJob[]> {
  const orders = await settledOrders(options);
  await timedInParallel(orders, 8, (order) => sendIpn(options.apiOrigin, order));
  const jobIds = orders.map((order) => order.jobId);
  const assignees = await rows<{ job_id: string; email: string }>(
    options.sql,
    `UPDATE jobs j SET starts_at = now() - interval '9 hours', ends_at = now() - interval '1 hour'
     FROM job_assignees a JOIN users u ON u.id = a.professional_id
     WHERE j.id = ANY($1::uuid[]) AND a.job_id = j.id AND j.status = 'paid'
     RETURNING j.id AS job_id, u.email`,
    [jobIds],
  );
  if (assignees.length !== orders.length) throw new Error(`only ${assignees.length} of ${orders.length} jobs were paid`);
  const emailOf = new Map(assignees.map((row) => [row.job_id, row.email]));

  const emails = [...new Set(assignees.map((row) => row.email))];
  const tokens = await signInAll(`${options.apiOrigin}/api/v1`, emails, options.password);
  await timedInParallel([...emails.keys()], 8, async (index) => {
    const body =
      index % 2 === 0 ? { phone: `0772${100000 + index}`, network: 'mtn' } : { phone: `0752${100000 + index}`, network: 'airtel' };
    const response = await fetch(`${options.apiOrigin}/api/v1/me/payout-method`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${tokens[index]}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 200)
      throw new Error(`setting ${emails[index]}'s payout method failed: ${response.status} ${await response.text()}`);
  });
  return orders.map((order) => ({ jobId: order.jobId, ownerToken: order.ownerToken, professionalEmail: emailOf.get(order.jobId)! }));
}

/**
 * Waits (up to a minute) until the worker has taken every task that is due and not a retry: the
 * setup's own (and an earlier run's) notifications would otherwise compete with the payouts measured.
 */
async function drainQueue(sql: SqlExecutor): Promise<void> {
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    const [row] = await rows<{ due: number }>(
      sql,
      `SELECT count(*)::int AS due FROM ${QUEUE_SCHEMA}.job WHERE state = 'created' AND start_after <= now() AND name NOT LIKE '\\_\\_pgboss%'`,
    );
    if (row!.due === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export async function runPayoutCase(options: {
  apiOrigin: string;
  simulator: RunningSimulator;
  sql: SqlExecutor;
  password: string;
  completions: number;
  concurrency: number;
}): Promise<PayoutResult> {
  const jobs = await readyJobs({ ...options, count: options.completions });
  await drainQueue(options.sql);
  const jobIds = jobs.map((job) => job.jobId);
  let completed = 0;
  const started = performance.now();
  await timedInParallel(jobs, options.concurrency, async (job) => {
    const response = await fetch(`${options.apiOrigin}/api/v1/jobs/${job.jobId}/complete`, {
      method: 'POST',
      headers: { authorization: `Bearer ${job.ownerToken}` },
    });
    await response.arrayBuffer();
    if (response.status === 200) completed += 1;
  });
  const completeWallMs = performance.now() - started;

  const payouts = async () =>
    rows<{ status: string; ms: number | null }>(
      options.sql,
      `SELECT p.status, extract(epoch FROM p.settled_at - j.completed_at) * 1000 AS ms
       FROM payouts p JOIN jobs j ON j.id = p.job_id
       WHERE p.job_id = ANY($1::uuid[]) AND p.purpose = 'pay'`,
      [jobIds],
    );
  const deadline = performance.now() + SETTLE_TIMEOUT_MS;
  let settled = await payouts();
  while (settled.filter((row) => row.status !== 'pending').length < completed && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    settled = await payouts();
  }
  const statuses: Record<string, number> = {};
  for (const { status } of settled) statuses[status] = (statuses[status] ?? 0) + 1;
  return {
    completions: jobs.length,
    completed,
    concurrency: options.concurrency,
    completeWallMs,
    statuses,
    latencies: settled
      .filter((row) => row.status === 'successful')
      .map((row) => Number(row.ms))
      .sort((a, b) => a - b),
  };
}

/** Every completion answered 200 and its payout successful, p99 within the target. */
export const payoutsMet = (result: PayoutResult) =>
  result.completed === result.completions &&
  result.latencies.length === result.completions &&
  percentile(result.latencies, 0.99) <= PAYOUT_P99_TARGET_MS;

export function formatPayouts(result: PayoutResult): string {
  const statuses = Object.entries(result.statuses)
    .map(([status, count]) => `${status} × ${count}`)
    .join(', ');
  const at = (fraction: number) => `${percentile(result.latencies, fraction).toFixed(0)} ms`;
  return [
    `payouts: completion → payout successful (MTN and Airtel simulators settling at once, one worker process), ${result.completions} jobs, ${result.concurrency} completions in flight`,
    `  completions answered 200: ${result.completed} of ${result.completions}, in ${result.completeWallMs.toFixed(0)} ms; payouts: ${statuses || 'none'}`,
    `  completed_at → settled_at (database clock), ${result.latencies.length} successful: p50 ${at(0.5)}, p95 ${at(0.95)}, p99 ${at(0.99)}, max ${at(1)}`,
    payoutsMet(result)
      ? `  PASS: every payout successful, p99 ≤ ${PAYOUT_P99_TARGET_MS} ms`
      : `  FAIL: a completion or payout did not succeed, or p99 over ${PAYOUT_P99_TARGET_MS} ms`,
  ].join('\n');
}
