import { callNetwork, fieldOf, refusal, stringField, type WireAnswer } from '../http.js';
import { msisdnOf } from '../phone.js';
import { PayoutError, type PayoutOutcome, type PayoutProvider, type PayoutRequest } from '../provider.js';
import { TokenCache } from '../token-cache.js';

export interface MtnMomoClientOptions {
  /** e.g. https://sandbox.momodeveloper.mtn.com */
  baseUrl: string;
  /** The Disbursement product's key (Collection's is refused). */
  subscriptionKey: string;
  apiUser: string;
  apiKey: string;
  /** `sandbox` or `mtnuganda`. */
  targetEnvironment: string;
  timeoutMs?: number;
  tokenRenewalMarginMs?: number;
}

/** MTN's knowledge base names apostrophes and other special characters in messages as a cause of 400. */
export function momoMessage(text: string): string {
  return text
    .replace(/[^A-Za-z0-9 .,:-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 160);
}

/** MTN MoMo Open API, Disbursement product: PAYOUTS.md §1. */
export class MtnMomoClient implements PayoutProvider {
  readonly network = 'mtn' as const;
  private readonly tokens: TokenCache;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: MtnMomoClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 15_000;
    // sparkplug's client renews 60 s before expires_in.
    this.tokens = new TokenCache(() => this.requestToken(), options.tokenRenewalMarginMs ?? 60_000);
  }

  async send(request: PayoutRequest): Promise<PayoutOutcome> {
    const message = momoMessage(request.narration);
    const answer = await this.call('transfer', 'POST', '/disbursement/v1_0/transfer', {
      headers: {
        'X-Reference-Id': request.reference,
        ...(request.callbackUrl ? { 'X-Callback-Url': request.callbackUrl } : {}),
      },
      body: {
        amount: String(request.amount),
        currency: request.currency,
        externalId: request.reference,
        payee: { partyIdType: 'MSISDN', partyId: msisdnOf(request.phone) },
        payerMessage: message,
        payeeNote: message,
      },
    });
    // 409 RESOURCE_ALREADY_EXIST: an earlier attempt under this reference landed; its status tells the rest.
    if (answer.status === 202 || answer.status === 409) return { state: 'pending' };
    throw this.refusal('transfer', answer);
  }

  async status(reference: string): Promise<PayoutOutcome> {
    const answer = await this.call('transfer status', 'GET', `/disbursement/v1_0/transfer/${encodeURIComponent(reference)}`);
    // 404 RESOURCE_NOT_FOUND: the transfer request never registered.
    if (answer.status === 404) return { state: 'not_found' };
    if (answer.status !== 200) throw this.refusal('transfer status', answer);
    const providerReference = stringField(answer.body, 'financialTransactionId');
    switch (stringField(answer.body, 'status')) {
      case 'SUCCESSFUL':
        return { state: 'successful', providerReference };
      case 'FAILED':
        return { state: 'failed', reason: stringField(answer.body, 'reason') ?? 'UNKNOWN', providerReference };
      case 'PENDING':
        return { state: 'pending' };
      default:
        throw new PayoutError('mtn', 'server', 'transfer status', 'unknown status in the answer', answer.status, answer.body);
    }
  }

  /** basicuserinfo "does not need any consent by the account holder"; an unknown wallet answers 404. */
  async accountHolderName(phone: string): Promise<string | null> {
    const answer = await this.call('basic user info', 'GET', `/disbursement/v1_0/accountholder/msisdn/${msisdnOf(phone)}/basicuserinfo`);
    if (answer.status === 404 || answer.status === 400) return null;
    if (answer.status !== 200) throw this.refusal('basic user info', answer);
    const name = [stringField(answer.body, 'given_name'), stringField(answer.body, 'family_name')].filter(Boolean).join(' ');
    return name || stringField(answer.body, 'name');
  }

  private call(
    operation: string,
    method: 'GET' | 'POST',
    path: string,
    extra: { headers?: Record<string, string>; body?: unknown } = {},
  ): Promise<WireAnswer> {
    return this.tokens.authorized((token) =>
      callNetwork({
        network: 'mtn',
        operation,
        method,
        url: `${this.baseUrl}${path}`,
        headers: {
          authorization: `Bearer ${token}`,
          'X-Target-Environment': this.options.targetEnvironment,
          'Ocp-Apim-Subscription-Key': this.options.subscriptionKey,
          ...extra.headers,
        },
        body: extra.body,
        timeoutMs: this.timeoutMs,
      }),
    );
  }

  private async requestToken() {
    // No body: MTN answers 400 to a body on /token.
    const answer = await callNetwork({
      network: 'mtn',
      operation: 'token',
      method: 'POST',
      url: `${this.baseUrl}/disbursement/token/`,
      headers: {
        authorization: `Basic ${Buffer.from(`${this.options.apiUser}:${this.options.apiKey}`).toString('base64')}`,
        'Ocp-Apim-Subscription-Key': this.options.subscriptionKey,
      },
      timeoutMs: this.timeoutMs,
    });
    const token = stringField(answer.body, 'access_token');
    if (answer.status !== 200 || !token) throw this.refusal('token', answer);
    return { token, expiresInSeconds: Number(fieldOf(answer.body, 'expires_in')) };
  }

  private refusal(operation: string, answer: WireAnswer): PayoutError {
    return refusal(
      'mtn',
      operation,
      answer,
      stringField(answer.body, 'code') ?? stringField(answer.body, 'error') ?? stringField(answer.body, 'message'),
    );
  }
}
