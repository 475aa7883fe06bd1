import type { CaseResult } from './load.js';
import type { RaceResult } from './race.js';

const milliseconds = (value: number) => value.toFixed(value < 10 ? 2 : 1);
const columns = (cells: string[], widths: number[]) =>
  cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[index]!))).join('  ');

export function formatLoadResults(results: CaseResult[]): string {
  const widths = [36, 8, 9, 9, 9, 8, 8];
  const lines = [
    columns(['case', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'non-2xx', 'drain s'], widths),
    '-'.repeat(widths.reduce((sum, width) => sum + width + 2, -2)),
  ];
  for (const result of results) {
    if (result.skipped) {
      lines.push(`${result.name.padEnd(widths[0]!)}  skipped: ${result.reason}`);
      continue;
    }
    if (result.total === 0) {
      lines.push(
        `${result.name.padEnd(widths[0]!)}  no request completed within the run; the server worked ${(result.drainSeconds ?? 0).toFixed(1)} s more on them`,
      );
      continue;
    }
    lines.push(
      columns(
        [
          result.name,
          result.requestsPerSecond.toFixed(0),
          milliseconds(result.p50),
          milliseconds(result.p99),
          String(result.total),
          String(result.failures),
          (result.drainSeconds ?? 0).toFixed(1),
        ],
        widths,
      ),
    );
  }
  for (const result of results) {
    if (result.skipped || result.p99TargetMs === undefined) continue;
    const verdict = missedTarget(result) ? 'FAIL' : 'PASS';
    lines.push(`${verdict}: ${result.name}, p99 ≤ ${result.p99TargetMs.toLocaleString('en-US')} ms with every answer 2xx`);
  }
  return lines.join('\n');
}

/** A case with a target that answered nothing, answered non-2xx, or took longer at p99. */
export const missedTarget = (result: CaseResult) =>
  !result.skipped && result.p99TargetMs !== undefined && (result.total === 0 || result.failures > 0 || result.p99 > result.p99TargetMs);

export function formatRace(race: RaceResult, outcome: { status: string; assignees: number }): string {
  const codes = Object.entries(race.statusCodes)
    .map(([code, count]) => `${code} × ${count}`)
    .join(', ');
  return [
    race.connections === race.racers
      ? `accept race, burst: ${race.racers} verified professionals, one open job, all at once, each on a new connection`
      : `accept race: ${race.racers} verified professionals, one open job, over ${race.connections} kept-alive connections`,
    `  answers: ${codes}`,
    `  winners: ${race.winners} (must be 1); job now ${outcome.status} with ${outcome.assignees} assignee row(s)`,
    `  latency p50 ${milliseconds(race.p50)} ms, p99 ${milliseconds(race.p99)} ms; all answered in ${milliseconds(race.wallMs)} ms`,
  ].join('\n');
}
