/** What the payout flow needs from a mobile-money network; MTN MoMo and Airtel Money implement it. */

export type PayoutNetwork = 'mtn' | 'airtel';

export interface PayoutRequest {
  /** A UUID made before any network call and reused on every retry of this payout: the network's idempotency key. */
  reference: string;
  /** Whole units (UGX has no minor unit). */
  amount: number;
  currency: string;
  /** E.164, e.g. +256772123456. */
  phone: string;
  /** Shown in the payee's wallet history. */
  narration: string;
  /** MTN only: where the network reports the final status (the host must be registered with MTN). */
  callbackUrl?: string;
}

/**
 * A network's answer about one transfer. `pending`: received, not final (keep polling);
 * `not_found`: the network never received it, the only case that may be sent again under the same reference.
 */
export type PayoutOutcome =
  | { state: 'pending' }
  | { state: 'successful'; providerReference: string | null }
  | { state: 'failed'; reason: string; providerReference: string | null }
  | { state: 'not_found' };

export interface PayoutProvider {
  readonly network: PayoutNetwork;
  /** Never answers `not_found`; a reference the network already holds answers `pending` (poll it). */
  send(request: PayoutRequest): Promise<PayoutOutcome>;
  status(reference: string): Promise<PayoutOutcome>;
  /** The wallet holder's registered name, or null where the network does not say. */
  accountHolderName(phone: string): Promise<string | null>;
}

export type PayoutErrorKind = 'timeout' | 'network' | 'server' | 'auth' | 'rejected';

/**
 * A payout call without a final answer, or refused as malformed. Its message never contains a secret.
 * `retryable` (timeout, network, 5xx) means: ask for the status with the same reference, never conclude it failed.
 */
export class PayoutError extends Error {
  override name = 'PayoutError';

  constructor(
    readonly network: PayoutNetwork,
    readonly kind: PayoutErrorKind,
    readonly operation: string,
    message: string,
    readonly httpStatus?: number,
    readonly body?: unknown,
  ) {
    super(`${network === 'mtn' ? 'MTN MoMo' : 'Airtel Money'} ${operation}: ${message}`);
  }

  get retryable(): boolean {
    return this.kind === 'timeout' || this.kind === 'network' || this.kind === 'server';
  }
}
