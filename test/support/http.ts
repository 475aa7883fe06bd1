import type { Api } from '../../src/platform/http.js';

export interface JsonResponse<T = any> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Injects a JSON request under /api/v1 and parses the answer. */
export async function call<T = any>(app: Api, method: string, url: string, options: CallOptions = {}): Promise<JsonResponse<T>> {
  const response = await app.inject({
    method: method as 'GET',
    url: `/api/v1${url}`,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { payload: options.body as object } : {}),
  });
  const text = response.body;
  return {
    status: response.statusCode,
    headers: response.headers as JsonResponse['headers'],
    body: (text ? safeJson(text) : undefined) as T,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The same call over real HTTP, for a server running in its own process. */
export async function fetchApi<T = any>(
  baseUrl: string,
  method: string,
  url: string,
  options: CallOptions & { signal?: AbortSignal } = {},
): Promise<JsonResponse<T>> {
  const response = await fetch(`${baseUrl}/api/v1${url}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    signal: options.signal,
  });
  const text = await response.text();
  return { status: response.status, headers: Object.fromEntries(response.headers), body: (text ? safeJson(text) : undefined) as T };
}
