import type { z } from 'zod';

/** The one error family domain code throws; the HTTP layer maps `kind` to a status. */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid: 422,
  rate_limited: 429,
  unavailable: 503,
} as const;

export type ErrorKind = keyof typeof ERROR_STATUS;

export interface FieldError {
  path: string;
  message: string;
}

/**
 * A refusal the client is told about, not a fault: it carries no stack trace, which is never logged
 * and would be captured at every 409 a burst of losing accepts gets (about 7% of their CPU).
 */
export class AppError extends Error {
  override name = 'AppError';

  constructor(
    readonly kind: ErrorKind,
    /** A stable slug clients can branch on, e.g. `email-taken`; becomes the problem `type`. */
    readonly code: string,
    message: string,
    readonly extra: { errors?: FieldError[]; retryAfterSeconds?: number; [key: string]: unknown } = {},
  ) {
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = stackTraceLimit;
  }

  get status(): number {
    return ERROR_STATUS[this.kind];
  }
}

export const notFound = (what: string) => new AppError('not_found', 'not-found', `${what} not found`);

export const invalidField = (path: string, message: string, code = 'validation-failed') =>
  new AppError('invalid', code, message, { errors: [{ path, message }] });

/** `value` parsed by `schema`, or a 422 naming each field that does not fit (for input read outside a route's schema). */
export function parseOrRefuse<Schema extends z.ZodType>(schema: Schema, value: unknown, what: string): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  throw new AppError('invalid', 'validation-failed', `The ${what} is invalid`, { errors });
}

export const PROBLEM_TYPE_BASE = 'https://qgig.ug/problems/';

/** The message of anything thrown, for records of what went wrong (delivery failures, payment events). */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
