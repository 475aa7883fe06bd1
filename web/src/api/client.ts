import type { AuthResult } from '@contracts/accounts';
import { ApiError, localProblem, problemOf } from './problem';
import { endSession, getAccessToken, startSession } from './session';

export const API_BASE = '/api/v1';

export interface RequestOptions {
  /** JSON-serialisable, or FormData for uploads. */
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * Calls the API under /api/v1 with the in-memory access token. A 401 triggers one refresh through
 * the refresh cookie and one retry. Resolves to the parsed JSON (undefined for an empty body); rejects with ApiError.
 */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await authorizedResponse(method, path, options);
  // 204, and the 202 of a request only accepted, carry no body.
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A successful response with the session's token (refreshed once on a 401); rejects with ApiError. */
async function authorizedResponse(method: string, path: string, options: RequestOptions): Promise<Response> {
  const hadToken = getAccessToken() !== undefined;
  let response = await send(method, path, options);
  if (response.status === 401 && hadToken && !path.startsWith('/auth/') && (await refreshSession())) {
    response = await send(method, path, options);
  }
  if (!response.ok) throw new ApiError(await problemOf(response));
  return response;
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, { ...options, body: body ?? {} }),
  put: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PATCH', path, { ...options, body }),
  delete: <T = void>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
  /** The body as it came (a document's file, an export to save), for signed-in downloads. */
  blob: async (path: string, options?: Omit<RequestOptions, 'body'>) => (await authorizedResponse('GET', path, options ?? {})).blob(),
  /** A signed-in download with the file name the server gives it (Content-Disposition), if any. */
  file: async (path: string): Promise<{ blob: Blob; filename: string | undefined }> => {
    const response = await authorizedResponse('GET', path, {});
    const filename = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
    return { blob: await response.blob(), filename };
  },
};

async function send(method: string, path: string, { body, signal }: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = getAccessToken();
  if (token) headers.authorization = `Bearer ${token}`;
  const isForm = body instanceof FormData;
  if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
  try {
    return await fetch(API_BASE + path, {
      method,
      headers,
      signal,
      credentials: 'same-origin',
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(localProblem(0));
  }
}

let refreshing: Promise<boolean> | undefined;

/**
 * Trades the refresh cookie for a new access token. Resolves false when there is no session (the
 * session store is then signed out); rejects with ApiError when the server could not answer.
 * Calls in flight share one request, and tabs take turns, because the server treats a refresh token
 * presented twice as stolen and ends the session.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= inTurnAcrossTabs(postRefresh).finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

async function postRefresh(): Promise<boolean> {
  const response = await send('POST', '/auth/refresh', { body: {} });
  if (response.ok) {
    startSession((await response.json()) as AuthResult);
    return true;
  }
  if (response.status === 401 || response.status === 403) {
    endSession();
    return false;
  }
  throw new ApiError(await problemOf(response));
}

async function inTurnAcrossTabs<T>(work: () => Promise<T>): Promise<T> {
  // navigator.locks is missing outside secure contexts; a single tab still works without it.
  if (!('locks' in navigator)) return work();
  return await navigator.locks.request('qgig-refresh', work);
}
