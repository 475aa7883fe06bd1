import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { tsxCommand } from './process.js';

/** A Qgig entry point (src/server.ts, src/worker.ts) as its own Node process through tsx, its stdout read line by line. */
export interface StartedProcess {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
  /**
   * Resolves with the first line matching `pattern` among those from `fromLine` on; rejects naming the
   * pattern if none comes within LINE_PATIENCE_MS, so a log line since reworded fails fast and says which.
   */
  waitForLine(pattern: RegExp, fromLine?: number): Promise<string>;
}

export interface Started extends StartedProcess {
  baseUrl: string;
}

export async function startServer(env: Record<string, string>, cwd?: string): Promise<Started> {
  const started = startProcess('src/server.ts', env, cwd);
  const line = await started.waitForLine(/Qgig is serving/);
  return { ...started, baseUrl: (JSON.parse(line) as { address: string }).address };
}

/** Background workers only, whatever RUN_WORKERS says. */
export async function startWorker(env: Record<string, string>): Promise<StartedProcess> {
  const started = startProcess('src/worker.ts', env);
  await started.waitForLine(/Qgig workers running/);
  return started;
}

const LINE_PATIENCE_MS = 90_000;

function startProcess(script: string, env: Record<string, string>, cwd?: string): StartedProcess {
  const command = tsxCommand(script, [], env, cwd);
  const child = spawn(process.execPath, command.args, command.options);
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
      const waiter = {
        pattern,
        resolve: (line: string) => {
          clearTimeout(timer);
          resolve(line);
        },
      };
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`${script} logged no line matching ${pattern} within ${LINE_PATIENCE_MS / 1000} s`));
      }, LINE_PATIENCE_MS);
      waiters.push(waiter);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${script} exited (${code}) before logging ${pattern}: ${lines.join('\n')}`));
      });
    });
  return { child, lines, waitForLine };
}

export const exitOf = (child: ChildProcessWithoutNullStreams) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));
