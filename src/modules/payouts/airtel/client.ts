import type { KeyObject } from 'node:crypto';
import { callNetwork, fieldOf, refusal, stringField, type WireAnswer } from '../http.js';
import { nationalNumberOf } from '../phone.js';
import { PayoutError, type PayoutOutcome, type PayoutProvider, type PayoutRequest } from '../provider.js';
import { TokenCache } from '../token-cache.js';
import { airtelPublicKey, encryptPin } from './pin.js';
import { AIRTEL_FAILURE_CODES, AIRTEL_IN_PROGRESS, AIRTEL_NOT_FOUND, AIRTEL_SUCCESS, airtelTransactionId } from './wire.js';

export interface AirtelMoneyClientOptions {
  /** e.g. https://openapiuat.airtel.africa */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** The disbursement wallet's PIN, sent RSA-encrypted. */
  pin: string;
  /** Airtel's RSA public key: base64 SPKI (as the portal shows it) or a PEM. */
  publicKey: string;
  country?: string;
  currency?: string;
  timeoutMs?: number;
  tokenRenewalMarginMs?: number;
}

/** Airtel Money Open API, Disbursement (v2) and KYC user enquiry: PAYOUTS.md §2. */
export class AirtelMoneyClient implements PayoutProvider {
  readonly network = 'airtel' as const;
  private readonly tokens: TokenCache;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly publicKey: KeyObject;

  constructor(private readonly options: AirtelMoneyClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.publicKey = airtelPublicKey(options.publicKey);
    // expires_in has been documented as 180 s and as 3600 s: the margin is capped at half the lifetime.
    this.tokens = new TokenCache(() => this.requestToken(), options.tokenRenewalMarginMs ?? 30_000);
  }

  async send(request: PayoutRequest): Promise<PayoutOutcome> {
    const id = airtelTransactionId(request.reference);
    const answer = await this.call('disbursement', 'POST', '/standard/v2/disbursements/', {
      payee: { currency: request.currency, msisdn: nationalNumberOf(request.phone) },
      reference: id,
      pin: encryptPin(this.options.pin, this.publicKey),
      transaction: { amount: request.amount, id, type: 'B2C' },
    });
    // A transaction id Airtel already holds: that earlier attempt landed, and the enquiry tells the rest.
    if (answer.status === 409) return { state: 'pending' };
    const outcome = this.outcomeOf('disbursement', answer);
    if (outcome.state === 'not_found')
      throw new PayoutError(
        'airtel',
        'server',
        'disbursement',
        `${AIRTEL_NOT_FOUND} in answer to the disbursement itself`,
        answer.status,
        answer.body,
      );
    return outcome;
  }

  async status(reference: string): Promise<PayoutOutcome> {
    const path = `/standard/v2/disbursements/${airtelTransactionId(reference)}?transactionType=B2C`;
    return this.outcomeOf('enquiry', await this.call('enquiry', 'GET', path));
  }

  /** KYC user enquiry; null for a number Airtel does not know or will not name. */
  async accountHolderName(phone: string): Promise<string | null> {
    const answer = await this.call('user enquiry', 'GET', `/standard/v1/users/${nationalNumberOf(phone)}`);
    if (answer.status === 401 || answer.status === 403) throw this.refusal('user enquiry', answer);
    if (answer.status !== 200 || fieldOf(answer.body, 'status', 'success') !== true) return null;
    const name = [stringField(answer.body, 'data', 'first_name'), stringField(answer.body, 'data', 'last_name')].filter(Boolean).join(' ');
    return name || null;
  }

  private outcomeOf(operation: string, answer: WireAnswer): PayoutOutcome {
    const code = stringField(answer.body, 'status', 'response_code');
    if (answer.status === 401 || answer.status === 403 || !code) throw this.refusal(operation, answer);
    const providerReference = stringField(answer.body, 'data', 'transaction', 'airtel_money_id');
    if (code === AIRTEL_SUCCESS) return { state: 'successful', providerReference };
    if (code === AIRTEL_NOT_FOUND) return { state: 'not_found' };
    if ((AIRTEL_IN_PROGRESS as readonly string[]).includes(code)) return { state: 'pending' };
    if ((AIRTEL_FAILURE_CODES as readonly string[]).includes(code)) {
      const message = stringField(answer.body, 'data', 'transaction', 'message') ?? stringField(answer.body, 'status', 'message');
      return { state: 'failed', reason: message ? `${code}: ${message}` : code, providerReference };
    }
    // An unfamiliar code is no final answer: ask again.
    throw new PayoutError('airtel', 'server', operation, `unfamiliar response code ${code}`, answer.status, answer.body);
  }

  private call(operation: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<WireAnswer> {
    return this.tokens.authorized((token) =>
      callNetwork({
        network: 'airtel',
        operation,
        method,
        url: `${this.baseUrl}${path}`,
        headers: {
          authorization: `Bearer ${token}`,
          'X-Country': this.options.country ?? 'UG',
          'X-Currency': this.options.currency ?? 'UGX',
        },
        body,
        timeoutMs: this.timeoutMs,
      }),
    );
  }

  private async requestToken() {
    const answer = await callNetwork({
      network: 'airtel',
      operation: 'token',
      method: 'POST',
      url: `${this.baseUrl}/auth/oauth2/token`,
      headers: {},
      body: { client_id: this.options.clientId, client_secret: this.options.clientSecret, grant_type: 'client_credentials' },
      timeoutMs: this.timeoutMs,
    });
    const token = stringField(answer.body, 'access_token');
    if (answer.status !== 200 || !token) throw this.refusal('token', answer);
    return { token, expiresInSeconds: Number(fieldOf(answer.body, 'expires_in')) };
  }

  private refusal(operation: string, answer: WireAnswer): PayoutError {
    return refusal(
      'airtel',
      operation,
      answer,
      stringField(answer.body, 'status', 'message') ?? stringField(answer.body, 'error_description') ?? stringField(answer.body, 'error'),
    );
  }
}
