import { createHash } from 'node:crypto';
import pg from 'pg';

interface QueryText {
  text: string;
  name?: string;
  values?: unknown[];
  submit?: unknown;
}

/** Names already worked out: the same few hundred texts come back on every request. */
const namesByText = new Map<string, string>();

/** A statement name PostgreSQL accepts (under 63 bytes) that only this text maps to. */
export function statementNameOf(text: string): string {
  let name = namesByText.get(text);
  if (name === undefined) {
    name = `q_${createHash('sha256').update(text).digest('base64url').slice(0, 32)}`;
    namesByText.set(text, name);
  }
  return name;
}

/**
 * Names a parameterised query after its text, so the connection parses and plans it once and binds
 * it after that. Parameterless text stays on the simple protocol: it may hold several statements.
 */
function named(config: unknown, values: unknown): unknown {
  if (typeof config === 'string') {
    return Array.isArray(values) && values.length > 0 ? { text: config, name: statementNameOf(config) } : config;
  }
  const query = config as QueryText;
  if (typeof query.text !== 'string' || query.name || typeof query.submit === 'function') return config;
  const parameters = Array.isArray(values) ? values : query.values;
  return parameters && parameters.length > 0 ? { ...query, name: statementNameOf(query.text) } : config;
}

/** Drops a statement name (drizzle's prepared queries carry one), so nothing stays prepared on the connection. */
function unnamed(config: unknown): unknown {
  const query = config as QueryText;
  return typeof config === 'object' && config !== null && query.name && typeof query.submit !== 'function' ? { ...query, name: undefined } : config;
}

/**
 * The pg client class for the pool. Prepared (the default), it keeps a prepared statement per
 * distinct query text on each pooled connection, as pgx does by default: planning the app's joins
 * costs more than running them (about 2 ms against 0.2 ms for one job); after a few executions
 * PostgreSQL switches a statement to its generic plan when that is no worse, and the planning cost
 * is gone. The query texts are fixed by the code (every value is a parameter), so the statements
 * per connection stay bounded. Unprepared, it prepares nothing: for a pooler in transaction mode
 * that cannot carry prepared statements between transactions (PgBouncer before 1.21).
 */
export function statementClient(prepare: boolean): typeof pg.Client {
  class StatementClient extends pg.Client {}
  const plainQuery = pg.Client.prototype.query as (this: pg.Client, ...args: unknown[]) => unknown;
  StatementClient.prototype.query = function query(this: pg.Client, config: unknown, values?: unknown, callback?: unknown) {
    return plainQuery.call(this, prepare ? named(config, values) : unnamed(config), values, callback);
  } as pg.Client['query'];
  return StatementClient;
}
