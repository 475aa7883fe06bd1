import autocannon, { type AutocannonRequest } from 'autocannon';
import type { BenchContext, BenchRequest, CaseRequests, LoadCase } from './cases.js';

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
function requestsOption({ requests, stepsPerSession }: CaseRequests): AutocannonRequest[] {
  const prepared = requests.map(asSent);
  if (stepsPerSession !== undefined) return sessionSteps(prepared, stepsPerSession);
  if (prepared.length === 1) return prepared;
  let next = 0;
  return [{ setupRequest: () => prepared[next++ % prepared.length]! }];
}

/**
 * Sessions of `steps` requests each: every connection sends one session's steps in order, each after
 * the last one's answer (as a handset does), then takes the next session. autocannon gives a
 * connection's requests one context, cleared each time they start over.
 */
function sessionSteps(prepared: AutocannonRequest[], steps: number): AutocannonRequest[] {
  const sessions = prepared.length / steps;
  let next = 0;
  return Array.from({ length: steps }, (_, step) => ({
    setupRequest: (_request: AutocannonRequest, context: Record<string, unknown>) => {
      if (step === 0) context.session = next++ % sessions;
      return prepared[(context.session as number) * steps + step]!;
    },
  }));
}

export async function runLoadCase(loadCase: LoadCase, context: BenchContext, options: LoadOptions): Promise<CaseResult> {
  const caseRequests = await loadCase.build(context);
  const { origin, requests } = caseRequests;
  if (requests.length === 0) return { name: loadCase.name, skipped: true, reason: 'nothing to request' };
  const problem = await probe(origin, requests[0]!);
  if (problem) return { name: loadCase.name, skipped: true, reason: problem };

  // One option for the warm-up and the run, so the run goes on down the list instead of repeating it.
  const sent = requestsOption(caseRequests);
  const run = (duration: number) => autocannon({ url: origin, connections: options.connections, duration, timeout: 30, requests: sent });
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
