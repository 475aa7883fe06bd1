import { createHash } from 'node:crypto';
import { DrizzleQueryError } from 'drizzle-orm';

/** PostgreSQL's error fields, found on the error itself or on the driver error drizzle wraps. */
interface PgErrorFields {
  code?: string;
  constraint?: string;
}

function pgErrorOf(error: unknown): PgErrorFields | undefined {
  return findInChain(error, (link): link is PgErrorFields => {
    const code = (link as PgErrorFields).code;
    return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
  });
}

/** The first of `error` and its causes (a few deep) that `matches`. */
function findInChain<Found>(error: unknown, matches: (link: unknown) => link is Found): Found | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    if (matches(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** PostgreSQL's identifying fields of an error: names of things, never the values involved. */
interface PgErrorNames extends PgErrorFields {
  severity?: string;
  table?: string;
  column?: string;
  dataType?: string;
}

/** What a log line may say about a failed statement. */
export interface FailedStatement {
  type: 'DatabaseError';
  message: string;
  code: string;
  constraint?: string;
  table?: string;
  column?: string;
  dataType?: string;
  /** A name derived from the statement's text (which holds placeholders, never values), to find it in the code. */
  statement?: string;
  stack?: string;
}

/**
 * A failed statement reduced to its error code, constraint, table, column and name, or undefined
 * when `error` is not a database error. The messages are left out on purpose: drizzle writes the
 * parameters into its own ("params: …"), and PostgreSQL quotes values into its message and detail
 * (`invalid input syntax for type integer: "…"`, `Key (email)=(…) already exists`).
 */
export function failedStatementOf(error: unknown): FailedStatement | undefined {
  const query = findInChain(error, (link): link is DrizzleQueryError => link instanceof DrizzleQueryError);
  const pgError = pgErrorOf(error) as PgErrorNames | undefined;
  if (!query && typeof pgError?.severity !== 'string') return undefined;
  const code = pgError?.code ?? 'unknown';
  const frames = error instanceof Error ? error.stack?.split('\n').filter((line) => /^\s+at /.test(line)) : undefined;
  return {
    type: 'DatabaseError',
    message: `database statement failed (${code}${pgError?.constraint ? ` on ${pgError.constraint}` : ''})`,
    code,
    constraint: pgError?.constraint,
    table: pgError?.table,
    column: pgError?.column,
    dataType: pgError?.dataType,
    statement: query ? statementNameOf(query.query) : undefined,
    stack: frames?.join('\n'),
  };
}

/** The constraint a unique violation (23505) broke, or undefined for any other error. */
export const violatedUniqueConstraint = (error: unknown): string | undefined => violatedConstraint(error, '23505');

/** The constraint an exclusion violation (23P01) broke, or undefined for any other error. */
export const violatedExclusionConstraint = (error: unknown): string | undefined => violatedConstraint(error, '23P01');

function violatedConstraint(error: unknown, code: string): string | undefined {
  const pgError = pgErrorOf(error);
  return pgError?.code === code ? (pgError.constraint ?? '') : undefined;
}

/** The server is shutting down (57P01 fast/smart stop, 57P02 crash), not taking connections yet (57P03 starting, recovering) or has none left (53300). */
const SERVER_GOING_AWAY = new Set(['57P01', '57P02', '57P03', '53300']);
/** Node's socket errors for a server that is not there or dropped the connection (also the code of the AggregateError of a host with several addresses). */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** node-postgres and pg-pool say a connection is gone, or none came within connectionTimeoutMillis, only in words. */
const LOST_CONNECTION =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable)/;

/**
 * The driver error behind `error` when it says the database cannot be reached right now (down,
 * restarting, or no connection within the pool's timeout), or undefined for any other failure.
 * Only the error itself is read, or the driver error a drizzle query wraps: an HTTP call or an SMTP
 * send failing the same way (ECONNREFUSED) is not the database.
 */
export function databaseUnavailableCause(error: unknown): Error | undefined {
  const driverError = error instanceof DrizzleQueryError ? error.cause : error;
  return driverError instanceof Error && isConnectionFailure(driverError) ? driverError : undefined;
}

function isConnectionFailure(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (code.startsWith('08') || SERVER_GOING_AWAY.has(code) || UNREACHABLE.has(code))) return true;
  return LOST_CONNECTION.test(error.message);
}

function statementNameOf(text: string): string {
  return `q_${createHash('sha256').update(text).digest('base64url').slice(0, 16)}`;
}
