import type { z } from 'zod';
import type { ProblemSchema } from '@contracts/common';
import { isErrorCode, type ErrorCode } from '@contracts/errors';

export type Problem = z.output<typeof ProblemSchema>;

/** Field path (as the API names it, e.g. `email` or `availability.0.start`) → first message for it. */
export type FieldErrors = Record<string, string>;

/** Every failed call to the API, as RFC 9457 problem details; the UI shows `message` and `fieldErrors`. */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(readonly problem: Problem) {
    super(problem.detail);
  }

  get status(): number {
    return this.problem.status;
  }

  /** The problem type's slug, e.g. `email-taken`, for the few places that branch on it; undefined for a problem the server did not name. */
  get code(): ErrorCode | undefined {
    const slug = this.problem.type.slice(this.problem.type.lastIndexOf('/') + 1);
    return isErrorCode(slug) ? slug : undefined;
  }

  get fieldErrors(): FieldErrors {
    const fields: FieldErrors = {};
    for (const { path, message } of this.problem.errors ?? []) fields[path] ??= message;
    return fields;
  }
}

const STATUS_MESSAGES: Record<number, string> = {
  0: 'Qgig cannot be reached. Check your internet connection and try again.',
  401: 'Your session has ended. Sign in again.',
  403: 'Your account may not do this.',
  404: 'This was not found. It may have been removed.',
  413: 'This is too large to send.',
  429: 'Too many attempts. Wait a minute and try again.',
  503: 'Qgig is briefly unavailable. Try again in a minute.',
};

/** A problem the client makes up when the server's answer is not problem+json (proxy errors, no network). */
export function localProblem(status: number, detail?: string): Problem {
  return {
    type: 'about:blank',
    title: 'Request failed',
    status,
    detail:
      detail ?? STATUS_MESSAGES[status] ?? (status >= 500 ? 'Something went wrong on our side. Try again shortly.' : 'The request failed.'),
  };
}

export async function problemOf(response: Response): Promise<Problem> {
  const contentType = response.headers.get('content-type') ?? '';
  if (contentType.includes('json')) {
    const body = (await response.json().catch(() => undefined)) as Partial<Problem> | undefined;
    if (body && typeof body.detail === 'string' && typeof body.type === 'string') {
      return { ...localProblem(response.status), ...body, status: response.status } as Problem;
    }
  }
  return localProblem(response.status);
}

/** Whatever was thrown, as an ApiError the UI can show. */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(
    localProblem(0, error instanceof Error && error.message ? `Something went wrong: ${error.message}` : 'Something went wrong.'),
  );
}
