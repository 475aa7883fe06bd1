import pg from 'pg';

export interface PoolOptions {
  max: number;
  /** How long a query waits for a connection (a new one, or a free one from a busy pool) before it fails. */
  connectTimeoutMs: number;
}

/**
 * The connection pool, made to ride out a database restart: while the server is down a query fails
 * within `connectTimeoutMs` instead of waiting, and once it is back new connections replace the lost ones.
 */
export function createPool(url: string, options: PoolOptions): pg.Pool {
  const pool = new CheckoutSafePool({
    connectionString: url,
    max: options.max,
    connectionTimeoutMillis: options.connectTimeoutMs,
    application_name: 'qgig',
    // The app's queries are short, indexed reads; JIT compilation (triggered by the planner's row
    // estimates on large tables) costs tens of milliseconds and never pays back for them.
    options: '-c jit=off',
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return pool;
}

type ConnectCallback = (error: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void;

/**
 * A client checked out with `connect()` (drizzle's transactions, the migration lock) is on its own
 * in pg-pool: it has no 'error' listener, so losing its connection would throw an unhandled 'error'
 * event and end the process; and drizzle never releases a client whose BEGIN failed, which would
 * hold a pool slot for good. Here such a client goes back to the pool (and out of it) the moment its
 * connection fails, and releasing it again later does nothing.
 */
class CheckoutSafePool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    // pool.query() checks out with a callback and already listens for errors while it runs.
    if (callback) return super.connect(callback);
    return super.connect().then(releasedOnConnectionLoss);
  }
}

function releasedOnConnectionLoss(client: pg.PoolClient): pg.PoolClient {
  const releaseToPool = client.release.bind(client);
  let released = false;
  const release = (error?: Error | boolean) => {
    if (released) return;
    released = true;
    client.removeListener('error', release);
    releaseToPool(error);
  };
  client.on('error', release);
  client.release = release;
  return client;
}
