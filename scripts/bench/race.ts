import { Agent, request } from 'node:http';
import autocannon from 'autocannon';

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

const acceptPath = (jobId: string) => `/api/v1/jobs/${jobId}/accept`;

/**
 * Every racer sends POST /jobs/{id}/accept for the same job once, over `connections` connections
 * that autocannon opens first; each connection sends its next racer's accept as soon as its last is
 * answered, and latency is timed from the send, as in the load cases.
 */
export async function raceOverConnections(apiOrigin: string, jobId: string, tokens: string[], connections: number): Promise<RaceResult> {
  let next = 0;
  const started = performance.now();
  const result = await autocannon({
    url: apiOrigin,
    connections: Math.min(connections, tokens.length),
    amount: tokens.length,
    timeout: 30,
    requests: [{ method: 'POST', path: acceptPath(jobId), setupRequest: (sent) => ({ ...sent, headers: { authorization: `Bearer ${tokens[next++ % tokens.length]}` } }) }],
  });
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
  return {
    racers: tokens.length,
    connections: Math.min(connections, tokens.length),
    statusCodes,
    winners: statusCodes[200] ?? 0,
    p50: result.latency.p50,
    p99: result.latency.p99,
    wallMs: performance.now() - started,
  };
}

function post(url: string, token: string, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-length': 0 } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** Every racer sends POST /jobs/{id}/accept at once, each over a new connection of its own. */
export async function raceInOneBurst(apiOrigin: string, jobId: string, tokens: string[]): Promise<RaceResult> {
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const url = `${apiOrigin}${acceptPath(jobId)}`;
  const started = performance.now();
  try {
    const outcomes = await Promise.all(
      tokens.map(async (token) => {
        const sent = performance.now();
        const status = await post(url, token, agent);
        return { status, ms: performance.now() - sent };
      }),
    );
    const statusCodes: Record<string, number> = {};
    for (const { status } of outcomes) statusCodes[status] = (statusCodes[status] ?? 0) + 1;
    const latencies = outcomes.map((outcome) => outcome.ms).sort((a, b) => a - b);
    return {
      racers: tokens.length,
      connections: tokens.length,
      statusCodes,
      winners: statusCodes[200] ?? 0,
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      wallMs: performance.now() - started,
    };
  } finally {
    agent.destroy();
  }
}
