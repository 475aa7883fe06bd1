import autocannon, { type AutocannonRequest } from 'autocannon';
import type { BenchContext, BenchRequest, LoadCase } from './cases.js';

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
  /** Seconds of the same load first, discarded: JIT, pools and PostgreSQL's cache warm up. */
  warmupSeconds: number;
}

export type CaseResult =
  | {
      name: string;
      skipped: false;
      requestsPerSecond: number;
      p50: number;
      p99: number;
      total: number;
      failures: number;
      p99TargetMs?: number;
      statusCodes: Record<string, number>;
      /** Seconds the server still ran queries after the clients stopped (requests queued past the end). */
      drainSeconds?: number;
    }
  | { name: string; skipped: true; reason: string };

function headersOf(request: BenchRequest): Record<string, string> {
  return {
    ...(request.token ? { authorization: `Bearer ${request.token}` } : {}),
    ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...(request.form !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
  };
}

function bodyOf(request: BenchRequest): string | undefined {
  if (request.form !== undefined) return new URLSearchParams(request.form).toString();
  return request.body === undefined ? undefined : JSON.stringify(request.body);
}

/** One request first: a route that is missing or failing is reported, not benchmarked. */
async function probe(origin: string, request: BenchRequest): Promise<string | undefined> {
  const response = await fetch(`${origin}${request.path}`, {
    method: request.method ?? 'GET',
    headers: headersOf(request),
    body: bodyOf(request),
  });
  if (response.ok) {
    await response.arrayBuffer();
    return undefined;
  }
  const text = await response.text();
  const detail = /"detail":"([^"]*)"/.exec(text)?.[1] ?? text.slice(0, 120);
  return `${request.method ?? 'GET'} ${request.path.split('?')[0]} answered ${response.status}: ${detail}`;
}

function asSent(request: BenchRequest): AutocannonRequest {
  const body = bodyOf(request);
  return {
    method: request.method ?? 'GET',
    path: request.path,
    headers: headersOf(request),
    ...(body === undefined ? {} : { body }),
  };
}

/**
 * Every connection takes the next request of the one shared list, so ids and tokens spread evenly.
 * A single request is given to autocannon as it is: cycling builds every request anew, CPU the
 * client takes from the server on this shared machine.
 */
function requestsOption(requests: BenchRequest[]): AutocannonRequest[] {
  const prepared = requests.map(asSent);
  if (prepared.length === 1) return prepared;
  let next = 0;
  return [{ setupRequest: () => prepared[next++ % prepared.length]! }];
}

export async function runLoadCase(loadCase: LoadCase, context: BenchContext, options: LoadOptions): Promise<CaseResult> {
  const { origin, requests } = await loadCase.build(context);
  if (requests.length === 0) return { name: loadCase.name, skipped: true, reason: 'nothing to request' };
  const problem = await probe(origin, requests[0]!);
  if (problem) return { name: loadCase.name, skipped: true, reason: problem };

  const run = (duration: number) =>
    autocannon({ url: origin, connections: options.connections, duration, timeout: 30, requests: requestsOption(requests) });
  const stopAlongside = loadCase.alongside?.(context);
  if (options.warmupSeconds > 0) await run(options.warmupSeconds);
  const result = await run(options.durationSeconds);
  const failedAlongside = (await stopAlongside?.()) ?? 0;
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
  return {
    name: loadCase.name,
    skipped: false,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts + failedAlongside,
    p99TargetMs: loadCase.p99TargetMs,
    statusCodes,
  };
}
