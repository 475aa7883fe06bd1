import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { createPool, type PoolOptions } from './postgres-pool.js';

export type Database = PgDatabase<PgQueryResultHKT>;
export type Transaction = PgTransaction<PgQueryResultHKT, Record<string, never>, ExtractTablesWithRelations<Record<string, never>>>;
/** Repositories take either: they run inside the caller's transaction when given one. */
export type Executor = Database | Transaction;

/** The smallest raw-SQL surface, shaped as pg-boss expects it. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface DatabaseHandle {
  driver: 'pglite' | 'postgres';
  db: Database;
  sql: SqlExecutor;
  /** Subscribes to a PostgreSQL NOTIFY channel; resolves to an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /** Embedded only: a gzipped tarball of the whole data directory, taken between two queries. */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  poolSize?: number;
  /** PostgreSQL only: how long a query waits for a connection before it fails (the server is down, or the pool is busy). */
  connectTimeoutMs?: number;
  /** PostgreSQL only: keep the hot reads (`preparedRead`) prepared on each connection (off behind PgBouncer in transaction mode before 1.21). */
  preparedStatements?: boolean;
  /** Embedded only: keep the database in memory (tests, backup verification). */
  inMemory?: boolean;
  /** Embedded only: start from this data-directory tarball (a PGlite backup); the directory must hold no database yet. */
  loadDataDir?: Blob;
}

const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));
const MIGRATION_LOCK_KEY = 7_340_221;
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (!options.databaseUrl) return openPglite(options);
  return openPostgres(
    options.databaseUrl,
    { max: options.poolSize ?? 20, connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS },
    options.preparedStatements ?? true,
  );
}

async function openPostgres(url: string, poolOptions: PoolOptions, preparedStatements: boolean): Promise<DatabaseHandle> {
  const pool = createPool(url, poolOptions);
  const listener = new PostgresListener(url, poolOptions.connectTimeoutMs);
  const db = drizzleNodePg(pool) as unknown as Database;
  if (preparedStatements) preparingDatabases.add(db);
  return {
    driver: 'postgres',
    db,
    sql: { executeSql: (text, values) => pool.query(text, values) },
    listen: (channel, onPayload) => listener.listen(channel, onPayload),
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}

/** Where the embedded database keeps its files inside DATA_DIR. */
export function pgliteDirectory(dataDir: string): string {
  return path.join(dataDir, 'pglite');
}

async function openPglite(options: DatabaseOptions): Promise<DatabaseHandle> {
  let dataDir: string | undefined;
  if (!options.inMemory) {
    dataDir = pgliteDirectory(options.dataDir);
    mkdirSync(dataDir, { recursive: true });
  }
  const client = await PGlite.create({ dataDir, loadDataDir: options.loadDataDir, extensions: { btree_gist, pg_trgm } });
  return {
    driver: 'pglite',
    db: drizzlePglite(client) as unknown as Database,
    sql: {
      async executeSql(text, values) {
        if (values && values.length > 0) return client.query(text, values);
        // Parameterless calls may hold several statements (pg-boss installs its schema this way).
        const results = await client.exec(text);
        return results.at(-1) ?? { rows: [] };
      },
    },
    listen: (channel, onPayload) => client.listen(channel, onPayload),
    dumpDataDir: () => client.dumpDataDir('gzip'),
    close: () => client.close(),
  };
}

/**
 * Applies the committed drizzle migrations; safe when several processes start at once.
 * `thenUnderLock` runs before the lock is released: pg-boss installs its schema on first start and
 * crashes when two processes do that together on a new database.
 */
export async function migrateDatabase(handle: DatabaseHandle, thenUnderLock?: () => Promise<void>): Promise<void> {
  if (handle.driver === 'pglite') {
    await migratePglite(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    await thenUnderLock?.();
    return;
  }
  const pool = (handle.db as unknown as { $client: pg.Pool }).$client;
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migrateNodePg(drizzleNodePg(client), { migrationsFolder: MIGRATIONS_FOLDER });
    await thenUnderLock?.();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}

/** The raw client inside a drizzle transaction, so pg-boss can enqueue as part of it. */
export function sqlExecutorOf(tx: Transaction): SqlExecutor {
  // Both drivers keep the transaction's connection at `session.client` and expose pg's query(text, values).
  const client = (tx as unknown as { session: { client: { query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> } } })
    .session.client;
  return { executeSql: (text, values) => client.query(text, values) };
}

/** Rows of a `db.execute(sql…)` result, whichever driver produced it. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** One LISTEN connection per process, reconnected if the server drops it. */
class PostgresListener {
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private readonly handlers = new Map<string, Set<(payload: string) => void>>();
  /** The LISTEN statements issued so far, one after another: pg refuses a query sent while one runs. */
  private listening: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly connectTimeoutMs: number,
  ) {}

  async listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
    const client = await this.connection();
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      const listened = this.listening.then(() => client.query(`LISTEN ${pg.escapeIdentifier(channel)}`));
      this.listening = listened.catch(() => undefined);
      await listened;
    }
    set.add(onPayload);
    return async () => {
      set.delete(onPayload);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private connection(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.url,
      application_name: 'qgig-listener',
      connectionTimeoutMillis: this.connectTimeoutMs,
    });
    client.on('notification', (message) => {
      for (const handler of this.handlers.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    client.on('error', () => this.reconnect(client));
    client.on('end', () => this.reconnect(client));
    try {
      await client.connect();
      for (const channel of this.handlers.keys()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    return client;
  }

  private reconnect(lost: pg.Client): void {
    if (this.closed || this.client !== lost) return;
    this.client = undefined;
    this.retryConnect(500);
  }

  private retryConnect(delayMs: number): void {
    setTimeout(() => {
      if (!this.closed) this.connection().catch(() => this.retryConnect(2000));
    }, delayMs).unref();
  }
}

/** PostgreSQL databases opened with prepared statements on (DATABASE_PREPARED_STATEMENTS). */
const preparingDatabases = new WeakSet<Executor>();

interface Preparable<Prepared> {
  prepare(name: string): Prepared;
}

/**
 * A hot read, built once per executor instead of on every call: drizzle's query building (its
 * `is()` checks over every selected column) costs more than PostgreSQL takes to run a keyed read.
 * `build` must use `sql.placeholder` for every value, so the text never changes. On a database
 * that prepares statements, it runs as the named statement `name` (pg's `{ name, text, values }`):
 * each connection parses and plans it once, and holds at most one statement per hot read. Anywhere
 * else (prepared statements off, PGlite, inside a transaction) it runs unnamed, preparing nothing.
 */
export function preparedRead<Prepared>(name: string, build: (db: Executor) => Preparable<Prepared>): (db: Executor) => Prepared {
  const built = new WeakMap<Executor, Prepared>();
  return (db) => {
    let prepared = built.get(db);
    if (!prepared) {
      // pg treats an empty name as the unnamed statement, replaced by the next query.
      prepared = build(db).prepare(preparingDatabases.has(db) ? name : '');
      built.set(db, prepared);
    }
    return prepared;
  };
}
