import type { BaseLogger } from 'pino';

/**
 * Runs `close` once on SIGTERM or SIGINT, then exits; a second signal or a close that outlives
 * `timeoutMs` exits at once with code 1.
 */
export function onShutdownSignal(log: Pick<BaseLogger, 'info'>, close: () => Promise<void>, timeoutMs = 30_000): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) exitNow(1);
    closing = true;
    // Armed before anything else, and kept referenced: the exit code is 1 however close() hangs.
    setTimeout(() => exitNow(1), timeoutMs);
    log.info({ signal }, 'shutting down');
    close().then(
      () => exitNow(0),
      () => exitNow(1),
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

/**
 * Exits without running the 'exit' listeners and without logging: pino's listener flushes stdout
 * synchronously and retries for as long as the pipe is full, so a stdout nobody reads would hold
 * the process forever. Log lines still buffered are lost; the exit code says how it ended.
 */
function exitNow(code: number): never {
  process.removeAllListeners('exit');
  process.exit(code);
}
