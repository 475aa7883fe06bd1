import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { inject } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { AppContext } from '../../src/platform/context.js';
import type { Api } from '../../src/platform/http.js';
import { startRuntime } from '../../src/runtime.js';
import { freePort } from '../../scripts/support/ports.js';
import { testEnv } from './env.js';
import { createDatabase, dropDatabase, uniqueDatabaseName } from './postgres.js';

export { freePort, testEnv };

export interface TestApp {
  app: Api;
  ctx: AppContext;
  databaseName: string;
  dataDir: string;
  /** Every JSON log line written so far (only with `captureLogs`). */
  logs: string[];
  /** Listens on a free loopback port (once) and returns the base URL, for tests over real HTTP. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  workers?: boolean;
  captureLogs?: boolean;
  /** Reuse an existing test database (a second app instance on the same data). */
  databaseName?: string;
  /**
   * Listen at start on a free port that PUBLIC_URL names, so what calls back over HTTP (the
   * in-process PesaPal simulator, IPNs, links) reaches this app.
   */
  listen?: boolean;
  /** The built web app to serve (default: dist/web when built). */
  webRoot?: string;
}

/** A fresh PostgreSQL database copied from the migrated template, and the app built on it. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const ownsDatabase = options.databaseName === undefined;
  const databaseName = options.databaseName ?? uniqueDatabaseName('qgig_test');
  if (ownsDatabase) await createDatabase(databaseName, inject('templateDatabase'));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'qgig-test-'));
  const logs: string[] = [];
  const port = options.listen ? await freePort() : undefined;
  const env = testEnv(dataDir, databaseName, {
    ...(options.captureLogs ? { LOG_LEVEL: 'info' } : {}),
    ...(port ? { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` } : {}),
    ...options.env,
  });
  const runtime = await startRuntime(loadConfig(env), {
    workers: options.workers ?? false,
    logDestination: options.captureLogs ? lineCollector(logs) : undefined,
  });
  const app = await buildApp(runtime.ctx, { webRoot: options.webRoot });
  await app.ready();
  let baseUrl: Promise<string> | undefined = port ? app.listen({ port, host: '127.0.0.1' }) : undefined;
  await baseUrl;

  return {
    app,
    ctx: runtime.ctx,
    databaseName,
    dataDir,
    logs,
    listen() {
      baseUrl ??= app.listen({ port: 0, host: '127.0.0.1' });
      return baseUrl;
    },
    async close() {
      await app.close();
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (ownsDatabase) await dropDatabase(databaseName);
    },
  };
}

function lineCollector(lines: string[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
}
