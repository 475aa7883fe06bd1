import type { BaseLogger } from 'pino';

/** Runs `close` once on SIGTERM or SIGINT, then exits; a second signal or a stuck close forces the exit. */
export function onShutdownSignal(log: Pick<BaseLogger, 'info' | 'warn' | 'error'>, close: () => Promise<void>, timeoutMs = 30_000): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    closing = true;
    log.info({ signal }, 'shutting down');
    setTimeout(() => {
      log.error('shutdown took too long: exiting');
      process.exit(1);
    }, timeoutMs).unref();
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
