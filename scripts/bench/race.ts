import { Agent, request } from 'node:http';

export interface RaceResult {
  racers: number;
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

/** Every racer sends POST /jobs/{id}/accept at once, each over its own connection. */
export async function raceForJob(apiOrigin: string, jobId: string, tokens: string[]): Promise<RaceResult> {
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const url = `${apiOrigin}/api/v1/jobs/${jobId}/accept`;
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
