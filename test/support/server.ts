import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A Qgig server as its own Node process (src/server.ts through tsx), its stdout read line by line. */
export interface Started {
  child: ChildProcessWithoutNullStreams;
  baseUrl: string;
  lines: string[];
  /** Resolves with the first line matching `pattern` among those from `fromLine` on. */
  waitForLine(pattern: RegExp, fromLine?: number): Promise<string>;
}

export function startServer(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env: { ...process.env, ...env }, cwd: process.cwd() });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(line)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const waitForLine = (pattern: RegExp, fromLine = 0) =>
    new Promise<string>((resolve, reject) => {
      const seen = lines.slice(fromLine).find((line) => pattern.test(line));
      if (seen) return resolve(seen);
      waiters.push({ pattern, resolve });
      child.once('exit', (code) => reject(new Error(`server exited (${code}) before logging ${pattern}: ${lines.join('\n')}`)));
    });
  return waitForLine(/Qgig is serving/).then((line) => ({
    child,
    lines,
    waitForLine,
    baseUrl: (JSON.parse(line) as { address: string }).address,
  }));
}

export const exitOf = (child: ChildProcessWithoutNullStreams) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));
