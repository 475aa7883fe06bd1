import type { PayoutNetwork } from './provider.js';
import { PayoutError } from './provider.js';

export interface WireCall {
  network: PayoutNetwork;
  operation: string;
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
}

export interface WireAnswer {
  status: number;
  /** Parsed JSON, or undefined for an empty or non-JSON body. */
  body: unknown;
}

/** One HTTP call; a timeout or a broken connection becomes a retryable PayoutError, any HTTP answer is returned. */
export async function callNetwork(call: WireCall): Promise<WireAnswer> {
  let response: Response;
  try {
    response = await fetch(call.url, {
      method: call.method,
      headers: { accept: 'application/json', ...(call.body === undefined ? {} : { 'content-type': 'application/json' }), ...call.headers },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: AbortSignal.timeout(call.timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new PayoutError(
      call.network,
      timedOut ? 'timeout' : 'network',
      call.operation,
      timedOut ? `no answer within ${call.timeoutMs} ms` : 'network error',
    );
  }
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    body = undefined;
  }
  if (response.status >= 500) {
    throw new PayoutError(call.network, 'server', call.operation, `HTTP ${response.status}`, response.status, body);
  }
  return { status: response.status, body };
}

export function fieldOf(body: unknown, ...path: string[]): unknown {
  let value = body;
  for (const key of path) {
    if (!value || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

export function stringField(body: unknown, ...path: string[]): string | null {
  const value = fieldOf(body, ...path);
  return typeof value === 'string' && value !== '' ? value : null;
}

/** A definite answer that is not the one asked for: 401/403 refuse the credentials, anything else the request. */
export function refusal(network: PayoutNetwork, operation: string, answer: WireAnswer, detail: string | null): PayoutError {
  const kind = answer.status === 401 || answer.status === 403 ? 'auth' : 'rejected';
  return new PayoutError(network, kind, operation, `HTTP ${answer.status}${detail ? ` (${detail})` : ''}`, answer.status, answer.body);
}
