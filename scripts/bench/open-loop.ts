/**
 * An open-loop load generator: every route sends at its own fixed rate whether or not earlier
 * answers have come back (as real users do), so a slow server shows as latency rather than as a
 * politely lowered rate. Latency is measured from the moment each request was due.
 */
import { Agent, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { percentile } from './race.js';

export interface Shot {
  method: 'GET' | 'POST';
  /** Absolute URL. */
  url: string;
  token?: string;
  body?: unknown;
}

export interface Answer {
  status: number;
  body: string;
}

/** Sends a request on another route as a consequence of an answer (an IPN after a payment started). */
export type FollowUp = (routeName: string, shot: Shot) => void;

export interface Route {
  name: string;
  /** Share of the whole mix, in percent. */
  share: number;
  /** Statuses other than 2xx this route answers by design (a lost accept race is a 409). */
  byDesign: number[];
  /** The next request, or undefined when this route has run out of subjects. */
  next(): Shot | undefined;
  onAnswer?(answer: Answer, followUp: FollowUp): void;
}

export interface RouteStats {
  name: string;
  share: number;
  sent: number;
  latencies: number[];
  statuses: Map<number, number>;
  /** Unexpected statuses, network errors and timeouts. */
  errors: number;
  exhausted: boolean;
}

const TICK_MS = 5;
const TIMEOUT_MS = 10_000;

function send(agent: Agent, shot: Shot): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = shot.body === undefined ? undefined : JSON.stringify(shot.body);
    const headers: Record<string, string | number> = { 'content-length': body ? Buffer.byteLength(body) : 0 };
    if (body) headers['content-type'] = 'application/json';
    if (shot.token) headers.authorization = `Bearer ${shot.token}`;
    const outgoing = request(shot.url, { method: shot.method, agent, headers, timeout: TIMEOUT_MS }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

export interface OpenLoopResult {
  routes: RouteStats[];
  /** p99 of this process's event-loop delay: what the generator itself added to the latencies. */
  generatorDelayP99Ms: number;
}

/** Drives `routes` at `rate` requests per second in all for `durationSeconds`, then waits for the answers. */
export async function runOpenLoop(routes: Route[], rate: number, durationSeconds: number): Promise<OpenLoopResult> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const agent = new Agent({ keepAlive: true, maxSockets: 1024 });
  const stats = new Map(
    routes.map((route) => [
      route.name,
      { name: route.name, share: route.share, sent: 0, latencies: [], statuses: new Map(), errors: 0, exhausted: false } as RouteStats,
    ]),
  );
  const inFlight = new Set<Promise<void>>();

  const fire = (route: Route, shot: Shot, dueAt: number) => {
    const record = stats.get(route.name)!;
    record.sent += 1;
    const answered = send(agent, shot).then(
      (answer) => {
        record.latencies.push(performance.now() - dueAt);
        record.statuses.set(answer.status, (record.statuses.get(answer.status) ?? 0) + 1);
        if ((answer.status < 200 || answer.status >= 300) && !route.byDesign.includes(answer.status)) record.errors += 1;
        route.onAnswer?.(answer, followUp);
      },
      () => {
        record.errors += 1;
        record.statuses.set(0, (record.statuses.get(0) ?? 0) + 1);
      },
    );
    const tracked = answered.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };
  const byName = new Map(routes.map((route) => [route.name, route]));
  const followUp: FollowUp = (routeName, shot) => fire(byName.get(routeName)!, shot, performance.now());

  const scheduled = new Map(routes.map((route) => [route.name, 0]));
  const started = performance.now();
  const durationMs = durationSeconds * 1000;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = Math.min(performance.now() - started, durationMs);
      for (const route of routes) {
        const record = stats.get(route.name)!;
        const perMs = (rate * route.share) / 100 / 1000;
        // Requests due by now (request i is due i / perMs after the start) that have not gone out;
        // each is timed from when it was due.
        const due = perMs > 0 ? Math.floor(elapsed * perMs) + 1 : 0;
        for (let index = scheduled.get(route.name)!; index < due && index / perMs < durationMs && !record.exhausted; index++) {
          const shot = route.next();
          if (!shot) record.exhausted = true;
          else fire(route, shot, started + index / perMs);
          scheduled.set(route.name, index + 1);
        }
      }
      if (elapsed >= durationMs) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  agent.destroy();
  delay.disable();
  for (const record of stats.values()) record.latencies.sort((a, b) => a - b);
  return { routes: [...stats.values()], generatorDelayP99Ms: delay.percentile(99) / 1e6 };
}

export function summarise(record: RouteStats) {
  return {
    p50: percentile(record.latencies, 0.5),
    p95: percentile(record.latencies, 0.95),
    p99: percentile(record.latencies, 0.99),
    max: record.latencies.at(-1) ?? 0,
  };
}
