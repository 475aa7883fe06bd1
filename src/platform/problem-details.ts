import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorCode } from '../contracts/errors.js';
import { databaseUnavailableCause } from './db-errors.js';
import { AppError, PROBLEM_TYPE_BASE, type FieldError } from './errors.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

const SLUGS: Record<number, ErrorCode> = {
  400: 'bad-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'validation-failed',
  429: 'rate-limited',
  500: 'internal',
  503: 'unavailable',
};

export function problem(
  status: number,
  detail: string,
  code: ErrorCode = SLUGS[status] ?? 'error',
  extra: Record<string, unknown> = {},
): Problem {
  return { type: PROBLEM_TYPE_BASE + code, title: TITLES[status] ?? 'Error', status, detail, ...extra };
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type('application/problem+json; charset=utf-8').send(body);
}

/**
 * Fastify's `frameworkErrors`: what the router refuses before any hook runs (a malformed URL, a path
 * segment over `maxParamLength`) is problem+json too, without echoing the address back.
 */
export function sendRouterProblem(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 400;
  void sendProblem(reply, problem(status, status === 414 ? 'A part of the address is too long' : 'The address is malformed'));
}

/** How long a client is asked to wait (Retry-After) when the database is unreachable; a restart takes seconds. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/** One place turns every error into RFC 9457 problem+json; internals never reach the client. */
export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((thrown: FastifyError, request, reply) => {
    const databaseCause = databaseUnavailableCause(thrown);
    const error = databaseCause ? databaseUnavailable() : thrown;
    const body = toProblem(error, request);
    // The cause alone: drizzle's wrapper carries the query and its parameters.
    if (databaseCause) request.log.warn({ err: databaseCause }, 'database unavailable');
    else if (body.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ status: body.status, code: body.type }, 'request rejected');
    if (error instanceof AppError && error.extra.retryAfterSeconds !== undefined) {
      reply.header('retry-after', String(error.extra.retryAfterSeconds));
    }
    return sendProblem(reply, body);
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problem(404, `No route for ${request.method} ${request.url.split('?')[0]}`)),
  );
}

function databaseUnavailable(): AppError {
  return new AppError('unavailable', 'unavailable', 'The service is briefly unavailable; try again in a few seconds', {
    retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
  });
}

function toProblem(error: FastifyError | AppError, request: FastifyRequest): Problem {
  if (error instanceof AppError) {
    const { retryAfterSeconds: _retryAfter, ...extensions } = error.extra;
    return problem(error.status, error.message, error.code, extensions);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((issue) => ({
      path: issue.instancePath.replace(/^\//, '').replaceAll('/', '.'),
      message: issue.message ?? 'invalid',
    }));
    // A malformed id in the path names nothing that exists.
    if (error.validationContext === 'params') return problem(404, 'Not found');
    return problem(422, `The ${error.validationContext ?? 'request'} is invalid`, 'validation-failed', { errors });
  }
  const status = error.statusCode ?? 500;
  if (status === 429) return problem(429, 'Too many requests; try again later');
  if (status >= 400 && status < 500) return problem(status, clientMessage(error, request));
  return problem(500, 'Something went wrong on our side; it has been logged');
}

function clientMessage(error: FastifyError, request: FastifyRequest): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is not valid JSON';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return `Content-Type ${request.headers['content-type'] ?? '(none)'} is not accepted here`;
    default:
      // Fastify's own 4xx messages describe the request, never server internals.
      return error.message;
  }
}
