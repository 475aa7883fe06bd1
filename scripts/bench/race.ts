import { Agent, request } from 'node:http';

export interface RaceResult {
  racers: number;
  /** Kept-alive connections the racers shared, or one new connection per racer when equal to `racers`. */
  connections: number;
  statusCodes: Record<string, number>;
  winners: number;
  p50: number;
  p99: number;
  wallMs: number;
}

export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

function send(url: string, agent: Agent, options: { method: 'GET' | 'POST'; token?: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = { 'content-length': 0, ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) };
    const outgoing = request(url, { method: options.method, agent, headers }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/**
 * Every racer sends POST /jobs/{id}/accept for the same job once, each timed from its send to its
 * answer. With fewer `connections` than racers, the connections are opened (and kept alive) before
 * the race, and each sends its next racer's accept as soon as its last is answered; with one per
 * racer, every accept leaves at once on a new connection of its own.
 */
export async function race(apiOrigin: string, jobId: string, tokens: string[], connections: number): Promise<RaceResult> {
  const burst = connections >= tokens.length;
  const agent = new Agent({ keepAlive: !burst, maxSockets: burst ? Infinity : connections });
  const acceptUrl = `${apiOrigin}/api/v1/jobs/${jobId}/accept`;
  try {
    if (!burst) await Promise.all(Array.from({ length: connections }, () => send(`${apiOrigin}/healthz`, agent, { method: 'GET' })));
    const outcomes: { status: number; ms: number }[] = [];
    let next = 0;
    const racer = async () => {
      while (next < tokens.length) {
        const token = tokens[next++]!;
        const sent = performance.now();
        const status = await send(acceptUrl, agent, { method: 'POST', token });
        outcomes.push({ status, ms: performance.now() - sent });
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: Math.min(connections, tokens.length) }, racer));
    const wallMs = performance.now() - started;
    const statusCodes: Record<string, number> = {};
    for (const { status } of outcomes) statusCodes[status] = (statusCodes[status] ?? 0) + 1;
    const latencies = outcomes.map((outcome) => outcome.ms).sort((a, b) => a - b);
    return {
      racers: tokens.length,
      connections: Math.min(connections, tokens.length),
      statusCodes,
      winners: statusCodes[200] ?? 0,
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      wallMs,
    };
  } finally {
    agent.destroy();
  }
}
