/**
 * IPN received → job paid: assigned jobs are paid through the API (orders at the PesaPal simulator,
 * settled there without sending the IPN), then the bench plays PesaPal and sends each IPN itself,
 * timing the answer. The answer comes after the status query to the simulator over HTTP and the
 * settlement, so its latency is the IPN-to-paid time.
 */
import Fastify from 'fastify';
import type { SqlExecutor } from '../../src/platform/db.js';
import { SIMULATOR_CREDENTIALS } from '../../src/modules/payments/pesapal/settings.js';
import { pesapalSimulator } from '../../src/modules/payments/pesapal/simulator.js';
import { AIRTEL_SIMULATOR_CREDENTIALS, AIRTEL_SIMULATOR_PIN } from '../../src/modules/payouts/airtel/settings.js';
import { airtelMoneySimulator, generateAirtelKeyPair, portalPublicKey } from '../../src/modules/payouts/airtel/simulator.js';
import { MOMO_SIMULATOR_CREDENTIALS, MOMO_SIMULATOR_TARGET_ENVIRONMENT } from '../../src/modules/payouts/mtn/settings.js';
import { mtnMomoSimulator } from '../../src/modules/payouts/mtn/simulator.js';
import { AT_SIMULATOR_ACCOUNT } from '../../src/modules/sms/client.js';
import { africasTalkingSimulator } from '../../src/modules/sms/simulator.js';
import { percentile } from './race.js';
import { signInAll } from './sign-in.js';

export interface RunningSimulator {
  baseUrl: string;
  origin: string;
  /** Africa's Talking's simulator on the same port: production mode runs none in-process. */
  atBaseUrl: string;
  /** The MOMO_* and AIRTEL_* variables pointing Qgig at the payout simulators on the same port (settling every transfer at once). */
  payoutEnv: Record<string, string>;
  close(): Promise<void>;
}

/**
 * The PesaPal simulator on its own port, as `npm run pesapal:sim` runs it, with Africa's Talking's
 * under /at and MTN MoMo's and Airtel Money's (as `npm run momo:sim` and `airtel:sim` run them) under /momo and /airtel.
 */
export async function startSimulator(): Promise<RunningSimulator> {
  const app = Fastify();
  await app.register(pesapalSimulator, { credentials: SIMULATOR_CREDENTIALS });
  await app.register(africasTalkingSimulator, {
    prefix: '/at',
    username: AT_SIMULATOR_ACCOUNT.username,
    apiKey: AT_SIMULATOR_ACCOUNT.apiKey,
  });
  await app.register(mtnMomoSimulator, {
    prefix: '/momo',
    credentials: MOMO_SIMULATOR_CREDENTIALS,
    targetEnvironment: MOMO_SIMULATOR_TARGET_ENVIRONMENT,
  });
  const airtelKeys = generateAirtelKeyPair();
  await app.register(airtelMoneySimulator, {
    prefix: '/airtel',
    credentials: AIRTEL_SIMULATOR_CREDENTIALS,
    pin: AIRTEL_SIMULATOR_PIN,
    keys: () => airtelKeys,
  });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  const payoutEnv = {
    MOMO_BASE_URL: `${origin}/momo`,
    MOMO_SUBSCRIPTION_KEY: MOMO_SIMULATOR_CREDENTIALS.subscriptionKey,
    MOMO_API_USER: MOMO_SIMULATOR_CREDENTIALS.apiUser,
    MOMO_API_KEY: MOMO_SIMULATOR_CREDENTIALS.apiKey,
    MOMO_TARGET_ENVIRONMENT: MOMO_SIMULATOR_TARGET_ENVIRONMENT,
    AIRTEL_BASE_URL: `${origin}/airtel`,
    AIRTEL_CLIENT_ID: AIRTEL_SIMULATOR_CREDENTIALS.clientId,
    AIRTEL_CLIENT_SECRET: AIRTEL_SIMULATOR_CREDENTIALS.clientSecret,
    AIRTEL_PIN: AIRTEL_SIMULATOR_PIN,
    AIRTEL_PUBLIC_KEY: portalPublicKey(airtelKeys),
  };
  return { origin, baseUrl: `${origin}/pesapalv3`, atBaseUrl: `${origin}/at`, payoutEnv, close: () => app.close() };
}

export interface IpnResult {
  payments: number;
  paid: number;
  concurrency: number;
  p50: number;
  p99: number;
  wallMs: number;
}

/**
 * Assigned, never-paid jobs starting a day or more ahead (none is cancelled for starting unpaid
 * while the bench pays for it), of the fewest institutions holding `count` of them or more.
 */
export async function assignedJobs(sql: SqlExecutor, count: number): Promise<{ email: string; jobIds: string[] }[]> {
  const { rows } = await sql.executeSql(
    `SELECT email, "jobIds" FROM (
       SELECT u.email, array_agg(j.id ORDER BY j.starts_at) AS "jobIds",
              sum(count(*)) OVER (ORDER BY count(*) DESC, u.email) - count(*) AS before
       FROM jobs j JOIN users u ON u.id = j.institution_id
       WHERE j.status = 'assigned' AND j.deleted_at IS NULL AND u.status = 'active' AND j.starts_at > now() + interval '1 day'
         AND NOT EXISTS (SELECT 1 FROM transactions t WHERE t.job_id = j.id)
       GROUP BY u.email) owners
     WHERE before < $1 ORDER BY before`,
    [count],
  );
  return rows as { email: string; jobIds: string[] }[];
}

/** PesaPal's IPN for an order, as the simulator would send it. */
export function ipnUrl(apiOrigin: string, order: { orderTrackingId: string; transactionId: string }): string {
  const query = new URLSearchParams({
    OrderTrackingId: order.orderTrackingId,
    OrderMerchantReference: order.transactionId,
    OrderNotificationType: 'IPNCHANGE',
  });
  return `${apiOrigin}/api/v1/payments/pesapal/ipn?${query}`;
}

/** Settles an order at the simulator without its IPN, which the bench then sends itself. */
export async function completeOrder(simulator: RunningSimulator, orderTrackingId: string): Promise<void> {
  const response = await fetch(`${simulator.origin}/__control/orders/${orderTrackingId}/complete`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sendIpn: false }),
  });
  if (!response.ok) throw new Error(`the simulator refused to complete ${orderTrackingId}: ${response.status}`);
}

export interface PaymentOrder {
  jobId: string;
  transactionId: string;
  orderTrackingId: string;
  /** The institution that pays, and its access token. */
  ownerToken: string;
}

/** Starts a mobile-money payment for `count` assigned jobs through the API and settles each order at the simulator, without its IPN. */
export async function settledOrders(options: {
  apiOrigin: string;
  simulator: RunningSimulator;
  sql: SqlExecutor;
  password: string;
  count: number;
}): Promise<PaymentOrder[]> {
  const owners = await assignedJobs(options.sql, options.count);
  const tokens = await signInAll(
    `${options.apiOrigin}/api/v1`,
    owners.map((owner) => owner.email),
    options.password,
  );
  const orders: PaymentOrder[] = [];
  for (const [index, owner] of owners.entries()) {
    for (const jobId of owner.jobIds) {
      if (orders.length >= options.count) break;
      const response = await fetch(`${options.apiOrigin}/api/v1/jobs/${jobId}/payments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[index]}`, 'content-type': 'application/json' },
        body: JSON.stringify({ method: 'mobile_money' }),
      });
      if (response.status !== 201) throw new Error(`starting a payment for ${jobId} failed: ${response.status} ${await response.text()}`);
      const order = (await response.json()) as { transactionId: string; orderTrackingId: string };
      orders.push({ jobId, ownerToken: tokens[index]!, ...order });
    }
  }
  for (const order of orders) await completeOrder(options.simulator, order.orderTrackingId);
  return orders;
}

/** Runs `work` on every item, `concurrency` at a time; resolves to each item's milliseconds, in the order they finished. */
export async function timedInParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const runner = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      const sent = performance.now();
      await work(item);
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, runner));
  return latencies;
}

/** Sends PesaPal's IPN for an order, as the simulator would. */
export async function sendIpn(apiOrigin: string, order: PaymentOrder): Promise<void> {
  const response = await fetch(ipnUrl(apiOrigin, order));
  await response.arrayBuffer();
}

export async function runIpnCase(options: {
  apiOrigin: string;
  simulator: RunningSimulator;
  sql: SqlExecutor;
  password: string;
  payments: number;
  concurrency: number;
}): Promise<IpnResult> {
  const orders = await settledOrders({ ...options, count: options.payments });
  const started = performance.now();
  const latencies = await timedInParallel(orders, options.concurrency, (order) => sendIpn(options.apiOrigin, order));
  const wallMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const { rows } = await options.sql.executeSql(`SELECT count(*)::int AS n FROM jobs WHERE id = ANY($1::uuid[]) AND status = 'paid'`, [
    orders.map((order) => order.jobId),
  ]);
  return {
    payments: orders.length,
    paid: (rows[0] as { n: number }).n,
    concurrency: options.concurrency,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    wallMs,
  };
}

export function formatIpn(result: IpnResult): string {
  return [
    `payment: IPN received → job paid (status query to the simulator over HTTP included), ${result.payments} payments, ${result.concurrency} IPNs in flight`,
    `  jobs paid: ${result.paid} of ${result.payments}`,
    `  latency p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms; all settled in ${result.wallMs.toFixed(0)} ms`,
  ].join('\n');
}
