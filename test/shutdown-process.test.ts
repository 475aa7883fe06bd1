import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { exitOf } from './support/server.js';

const GUARD_MS = 2_000;

/** test/support/stuck-shutdown.ts as its own process, ready for signals; `stdout` says what becomes of its output. */
async function startStuckProcess(guardMs: number, stdout: 'closed' | 'never-read') {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/support/stuck-shutdown.ts', String(guardMs), stdout === 'never-read' ? '2000' : '0'],
    { cwd: process.cwd() },
  );
  if (stdout === 'closed') child.stdout.destroy();
  else child.stdout.pause();
  await once(child.stderr, 'data');
  return child;
}

async function timedExit(child: Awaited<ReturnType<typeof startStuckProcess>>, signals: number) {
  const started = Date.now();
  for (let sent = 0; sent < signals; sent += 1) child.kill('SIGTERM');
  const exited = exitOf(child);
  const code = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve('still running'), GUARD_MS + 8_000))]);
  if (code === 'still running') child.kill('SIGKILL');
  return { code, afterMs: Date.now() - started };
}

describe('a stopped process whose close() never settles', () => {
  it('exits 1 within the guard time when nobody reads its stdout any more', async () => {
    const { code, afterMs } = await timedExit(await startStuckProcess(GUARD_MS, 'closed'), 1);
    expect(code).toBe(1);
    expect(afterMs).toBeLessThan(GUARD_MS + 2_000);
  }, 30_000);

  it('exits 1 within the guard time when its stdout pipe is full and never read', async () => {
    const { code, afterMs } = await timedExit(await startStuckProcess(GUARD_MS, 'never-read'), 1);
    expect(code).toBe(1);
    expect(afterMs).toBeLessThan(GUARD_MS + 2_000);
  }, 30_000);

  it('exits 1 at once on a second SIGTERM, long before the guard time', async () => {
    const child = await startStuckProcess(60_000, 'never-read');
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { code, afterMs } = await timedExit(child, 1);
    expect(code).toBe(1);
    expect(afterMs).toBeLessThan(2_000);
  }, 30_000);
});
