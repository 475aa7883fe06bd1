import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { AccessTokens } from './auth.js';
import type { Database, DatabaseHandle } from './db.js';
import type { Queue } from './queue.js';
import type { ResponseCache } from './response-cache.js';
import type { FileStore } from './storage.js';

/** What every service function receives: the process's configuration and shared resources. */
export interface AppContext {
  config: Config;
  database: DatabaseHandle;
  db: Database;
  queue: Queue;
  /** Encrypted file storage (credential documents). */
  files: FileStore;
  tokens: AccessTokens;
  /** Serialised answers of the busiest reads, kept per process under the cache version. */
  responses: ResponseCache;
  log: Logger;
}

/** Who is asking and from where, for audit entries and session records. */
export interface RequestMeta {
  ip: string;
  userAgent: string | undefined;
}
