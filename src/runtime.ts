import type { DestinationStream } from 'pino';
import type { Config } from './config.js';
import { createAccessTokens } from './platform/auth.js';
import type { AppContext } from './platform/context.js';
import { migrateDatabase, openDatabase } from './platform/db.js';
import { createLogger } from './platform/logger.js';
import { createQueue } from './platform/queue.js';
import { createFileStore } from './platform/storage.js';
import { ensureFirstAdmin } from './modules/accounts/service.js';
import { taskCatalogue } from './modules/task-catalogue.js';
import { syncMatchBase } from './modules/matching/candidates.js';
import { createResponseCache } from './platform/response-cache.js';
import { registerWorkers } from './modules/workers.js';

export interface RuntimeOptions {
  /** Where log lines go (tests capture them); stdout by default. */
  logDestination?: DestinationStream;
  /** Start the background workers in this process. */
  workers?: boolean;
  /** Embedded database only: keep it in memory. */
  inMemory?: boolean;
}

export interface Runtime {
  ctx: AppContext;
  close(): Promise<void>;
}

/** Opens everything a process needs, in order: database, migrations, queue, first admin, workers. */
export async function startRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const log = createLogger(config.logLevel, options.logDestination);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
    preparedStatements: config.databasePreparedStatements,
    inMemory: options.inMemory,
  });
  try {
    const queue = createQueue(database, log, config.queue);
    await migrateDatabase(database, async () => {
      await queue.start(taskCatalogue);
      await syncMatchBase(database.db);
    });
    const files = createFileStore(config);
    const ctx: AppContext = {
      config,
      database,
      db: database.db,
      queue,
      files,
      tokens: createAccessTokens(config.jwtSecret),
      responses: createResponseCache(config.responseCacheBytes),
      log,
    };
    await ensureFirstAdmin(ctx);
    if (options.workers ?? config.runWorkers) await registerWorkers(ctx);
    return {
      ctx,
      async close() {
        await queue.stop();
        await database.close();
        files.close();
      },
    };
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}
