import { spawn, type ChildProcess } from 'node:child_process';

export interface ServerProcess {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Last lines a child wrote, shown when it fails to start. */
const OUTPUT_TAIL = 40;

/**
 * Starts a server as its own Node process (so it never shares an event loop with the load
 * generator) and waits until `readyPath` answers 200.
 */
export async function startServerProcess(
  name: string,
  args: string[],
  env: Record<string, string>,
  options: { port: number; readyPath: string; timeoutMs?: number },
): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    output.splice(0, Math.max(0, output.length - OUTPUT_TAIL));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const baseUrl = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const ready = await fetch(`${baseUrl}${options.readyPath}`).then((response) => response.ok, () => false);
    if (ready) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not start (exit code ${child.exitCode}). Its last output:\n${output.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { baseUrl, stop: () => stopChild(child, exited) };
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

