import type { Logger } from 'pino';
import {
  hasError,
  type IpnNotificationType,
  type RefundRequest,
  type RegisterIpnResponse,
  type SimpleStatusResponse,
  type SubmitOrderRequest,
  type SubmitOrderResponse,
  type TokenResponse,
  type TransactionStatusResponse,
  type WireError,
} from './wire.js';

export interface PesapalClientOptions {
  /** e.g. https://cybqa.pesapal.com/pesapalv3 */
  baseUrl: string;
  consumerKey: string;
  consumerSecret: string;
  timeoutMs?: number;
  /** Renew this long before `expiryDate`. */
  tokenRenewalMarginMs?: number;
  log: Logger;
}

export type PesapalErrorKind = 'timeout' | 'network' | 'http' | 'api' | 'auth';

/** A failed PesaPal call; keeps PesaPal's own error body. Its message never contains a secret. */
export class PesapalError extends Error {
  override name = 'PesapalError';

  constructor(
    readonly kind: PesapalErrorKind,
    readonly operation: string,
    message: string,
    readonly httpStatus?: number,
    readonly body?: unknown,
  ) {
    super(`PesaPal ${operation}: ${message}`);
  }

  get errorCode(): string | undefined {
    return errorOf(this.body)?.code ?? undefined;
  }

  /** Worth retrying later: the network, a timeout, or a 5xx from PesaPal's side. */
  get transient(): boolean {
    return this.kind === 'timeout' || this.kind === 'network' || (this.kind === 'http' && (this.httpStatus ?? 0) >= 500);
  }
}

interface CachedToken {
  token: string;
  renewAt: number;
}

const AUTH_ERROR_CODES = new Set(['invalid_api_credentials_provided', 'invalid_access_token', 'token_expired']);

export class PesapalClient {
  private cached: CachedToken | undefined;
  private inFlight: Promise<CachedToken> | undefined;
  private readonly timeoutMs: number;
  private readonly marginMs: number;

  constructor(private readonly options: PesapalClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.marginMs = options.tokenRenewalMarginMs ?? 30_000;
  }

  registerIpn(url: string, notificationType: IpnNotificationType): Promise<RegisterIpnResponse> {
    return this.authorized<RegisterIpnResponse>('RegisterIPN', 'POST', '/api/URLSetup/RegisterIPN', {
      url,
      ipn_notification_type: notificationType,
    });
  }

  listIpns(): Promise<RegisterIpnResponse[]> {
    return this.authorized<RegisterIpnResponse[]>('GetIpnList', 'GET', '/api/URLSetup/GetIpnList');
  }

  submitOrder(order: SubmitOrderRequest): Promise<SubmitOrderResponse> {
    return this.authorized<SubmitOrderResponse>('SubmitOrderRequest', 'POST', '/api/Transactions/SubmitOrderRequest', order);
  }

  /** A not-yet-paid order answers HTTP 200 with status_code 0 and error payment_details_not_found: that is returned, not thrown. */
  getTransactionStatus(orderTrackingId: string): Promise<TransactionStatusResponse> {
    const query = new URLSearchParams({ orderTrackingId }).toString();
    return this.authorized<TransactionStatusResponse>(
      'GetTransactionStatus',
      'GET',
      `/api/Transactions/GetTransactionStatus?${query}`,
      undefined,
      {
        acceptErrorBody: true,
      },
    );
  }

  refund(request: RefundRequest): Promise<SimpleStatusResponse> {
    return this.authorized<SimpleStatusResponse>('RefundRequest', 'POST', '/api/Transactions/RefundRequest', request, {
      acceptErrorBody: true,
    });
  }

  cancelOrder(orderTrackingId: string): Promise<SimpleStatusResponse> {
    return this.authorized<SimpleStatusResponse>(
      'CancelOrder',
      'POST',
      '/api/Transactions/CancelOrder',
      { order_tracking_id: orderTrackingId },
      {
        acceptErrorBody: true,
      },
    );
  }

  /** Forgets the cached token (tests, and after PesaPal rejects it). */
  invalidateToken(): void {
    this.cached = undefined;
  }

  private async authorized<T>(
    operation: string,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    options: { acceptErrorBody?: boolean } = {},
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const { token } = await this.token();
      try {
        return await this.send<T>(operation, method, path, body, token, options.acceptErrorBody ?? false);
      } catch (error) {
        // A token PesaPal no longer honours (expired early, revoked): renew once and try again.
        if (error instanceof PesapalError && error.kind === 'auth' && attempt === 1) {
          if (this.cached?.token === token) this.cached = undefined;
          this.options.log.info({ operation }, 'PesaPal rejected the access token; renewing');
          continue;
        }
        throw error;
      }
    }
  }

  /** One token request in flight however many callers need a token at once. */
  private token(): Promise<CachedToken> {
    if (this.cached && Date.now() < this.cached.renewAt) return Promise.resolve(this.cached);
    this.inFlight ??= this.requestToken().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async requestToken(): Promise<CachedToken> {
    const response = await this.send<TokenResponse>(
      'RequestToken',
      'POST',
      '/api/Auth/RequestToken',
      { consumer_key: this.options.consumerKey, consumer_secret: this.options.consumerSecret },
      undefined,
      false,
    );
    if (!response.token) throw new PesapalError('api', 'RequestToken', 'no token in the answer', 200, response);
    // The lifetime comes from expiryDate (documented 5 minutes, seen 1 hour), never from a constant.
    const expiresAt = response.expiryDate ? Date.parse(response.expiryDate) : Number.NaN;
    const lifetime = Number.isFinite(expiresAt) ? expiresAt - Date.now() : 0;
    const renewAt = Date.now() + Math.max(0, lifetime - Math.min(this.marginMs, lifetime / 2));
    this.cached = { token: response.token, renewAt };
    return this.cached;
  }

  private async send<T>(
    operation: string,
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    token: string | undefined,
    acceptErrorBody: boolean,
  ): Promise<T> {
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new PesapalError(
        timedOut ? 'timeout' : 'network',
        operation,
        timedOut ? `no answer within ${this.timeoutMs} ms` : 'network error',
      );
    }

    const parsed = await parseBody(response);
    const wireError = errorOf(parsed);
    if (response.status === 401 || response.status === 403 || (wireError?.code && AUTH_ERROR_CODES.has(wireError.code))) {
      throw new PesapalError('auth', operation, wireError?.message || 'access token refused', response.status, parsed);
    }
    if (!response.ok && !(acceptErrorBody && parsed !== undefined && response.status < 500)) {
      throw new PesapalError(
        'http',
        operation,
        `HTTP ${response.status}${wireError?.code ? ` (${wireError.code})` : ''}`,
        response.status,
        parsed,
      );
    }
    if (parsed === undefined) throw new PesapalError('http', operation, 'the answer is not JSON', response.status);
    if (hasError(wireError) && !acceptErrorBody) {
      throw new PesapalError(
        'api',
        operation,
        `${wireError.code ?? wireError.error_type}${wireError.message ? `: ${wireError.message}` : ''}`,
        response.status,
        parsed,
      );
    }
    return parsed as T;
  }
}

async function parseBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorOf(body: unknown): WireError | undefined {
  if (!body || typeof body !== 'object' || !('error' in body)) return undefined;
  const error = (body as { error: unknown }).error;
  return error && typeof error === 'object' ? (error as WireError) : undefined;
}
