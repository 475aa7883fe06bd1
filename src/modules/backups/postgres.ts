import { spawn } from 'node:child_process';
import pg from 'pg';
import { childProcessEnv } from '../../config.js';
import { AppError } from '../../platform/errors.js';

/** libpq's environment variable for each connection parameter a DATABASE_URL query string may carry. */
const LIBPQ_PARAMETERS: Record<string, string> = {
  host: 'PGHOST',
  hostaddr: 'PGHOSTADDR',
  port: 'PGPORT',
  dbname: 'PGDATABASE',
  user: 'PGUSER',
  password: 'PGPASSWORD',
  passfile: 'PGPASSFILE',
  channel_binding: 'PGCHANNELBINDING',
  service: 'PGSERVICE',
  options: 'PGOPTIONS',
  application_name: 'PGAPPNAME',
  sslmode: 'PGSSLMODE',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
  sslrootcert: 'PGSSLROOTCERT',
  sslcrl: 'PGSSLCRL',
  sslcrldir: 'PGSSLCRLDIR',
  sslsni: 'PGSSLSNI',
  requirepeer: 'PGREQUIREPEER',
  ssl_min_protocol_version: 'PGSSLMINPROTOCOLVERSION',
  ssl_max_protocol_version: 'PGSSLMAXPROTOCOLVERSION',
  gssencmode: 'PGGSSENCMODE',
  krbsrvname: 'PGKRBSRVNAME',
  connect_timeout: 'PGCONNECT_TIMEOUT',
  client_encoding: 'PGCLIENTENCODING',
  target_session_attrs: 'PGTARGETSESSIONATTRS',
};

/**
 * DATABASE_URL as libpq environment variables. pg_dump and pg_restore get the connection this way, so
 * neither the URL nor the password ever appears in a process listing.
 */
export function libpqEnvironment(databaseUrl: string): Record<string, string> {
  const url = new URL(databaseUrl);
  const env: Record<string, string> = {};
  if (url.hostname) env.PGHOST = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (url.port) env.PGPORT = url.port;
  if (url.username) env.PGUSER = decodeURIComponent(url.username);
  if (url.password) env.PGPASSWORD = decodeURIComponent(url.password);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database) env.PGDATABASE = database;
  for (const [name, value] of url.searchParams) {
    const variable = LIBPQ_PARAMETERS[name];
    if (variable) env[variable] = value;
  }
  // node-postgres's own `ssl=true` means what libpq calls sslmode=require.
  if (!env.PGSSLMODE && ['true', '1'].includes(url.searchParams.get('ssl') ?? '')) env.PGSSLMODE = 'require';
  return env;
}

export function databaseNameOf(databaseUrl: string): string {
  return libpqEnvironment(databaseUrl).PGDATABASE ?? '(default)';
}

/** A custom-format archive: compressed, and pg_restore can check it and restore it selectively. */
export async function dumpPostgres(databaseUrl: string, file: string): Promise<void> {
  await runClient('pg_dump', ['--format=custom', '--compress=6', `--file=${file}`], libpqEnvironment(databaseUrl));
}

/**
 * Reads the whole archive, decompressing every table's data, and throws unless it is complete.
 * Stronger than `pg_restore --list`, which only reads the table of contents at the front of the file.
 */
export async function verifyPostgresArchive(file: string): Promise<void> {
  try {
    await runClient('pg_restore', ['--file=-', file], {});
  } catch (error) {
    if (!(error instanceof ClientFailed)) throw error;
    throw new AppError('invalid', 'backup-unreadable', `${file} is not a complete PostgreSQL backup: ${error.stderr}`);
  }
}

/** Counts the tables already in the target; a restore only goes into an empty database. */
export async function postgresTableCount(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'qgig-restore' });
  try {
    await client.connect();
  } catch (error) {
    throw new AppError(
      'unavailable',
      'restore-target-unreachable',
      `Cannot connect to the target database ${databaseNameOf(databaseUrl)}: ${(error as Error).message}`,
    );
  }
  try {
    const result = await client.query<{ tables: number }>(
      `SELECT count(*)::int AS tables FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'`,
    );
    return result.rows[0]?.tables ?? 0;
  } finally {
    await client.end();
  }
}

/** Restores in one transaction: a failure part-way leaves the target as empty as it was. */
export async function restorePostgres(databaseUrl: string, file: string): Promise<void> {
  // An empty --dbname makes pg_restore connect with the PG* variables instead of a connection string.
  const args = ['--dbname=', '--single-transaction', '--no-owner', '--no-acl', file];
  try {
    await runClient('pg_restore', args, libpqEnvironment(databaseUrl));
  } catch (error) {
    if (!(error instanceof ClientFailed)) throw error;
    throw new AppError('unavailable', 'restore-failed', `pg_restore failed, and nothing was restored: ${error.stderr}`);
  }
}

class ClientFailed extends AppError {
  constructor(
    program: string,
    readonly stderr: string,
  ) {
    super('unavailable', 'postgres-client-failed', `${program} failed: ${stderr}`);
  }
}

const STDERR_LIMIT = 4000;

/** Runs a PostgreSQL client program (found on PATH), discarding its output and keeping its error text. */
function runClient(program: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env: childProcessEnv(env), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < STDERR_LIMIT) stderr += chunk.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new AppError(
              'unavailable',
              'postgres-client-missing',
              `${program} was not found on PATH: install the PostgreSQL client tools, at least the server's major version (Debian/Ubuntu: apt-get install postgresql-client)`,
            )
          : error,
      );
    });
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new ClientFailed(program, stderr.trim().slice(0, STDERR_LIMIT) || `exited with ${signal ?? `code ${code}`}`));
    });
  });
}
