import { randomInt } from 'node:crypto';
import { FaultQueue, SimulatedTokens } from '../../platform/simulated-api.js';

export type TransferStatus = 'PENDING' | 'SUCCESSFUL' | 'FAILED';

/** What transfers to a wallet turn into; PENDING is a transfer that never settles. */
export interface PayeeOutcome {
  status: TransferStatus;
  reason: string | null;
}

export interface SimulatedTransfer {
  reference: string;
  amount: number;
  currency: string;
  /** The wallet's 9 digits after the country code, whatever form the network's API uses. */
  wallet: string;
  /** The caller's own reference for reconciliation (MTN externalId, Airtel reference). */
  externalId: string;
  message: string;
  status: TransferStatus;
  reason: string | null;
  /** The network's own receipt id (MTN financialTransactionId, Airtel airtel_money_id). */
  networkTransactionId: string;
  callbackUrl: string | null;
  createdAt: string;
}

export interface CallRecord {
  endpoint: string;
  at: string;
}

export interface CallbackAttempt {
  reference: string;
  url: string;
  method: string;
  httpStatus: number | null;
  at: string;
}

export interface AccountHolder {
  firstName: string;
  lastName: string;
}

/** "+256 772 123456", "256772123456", "772123456" → "772123456": how the simulators key wallets. */
export function walletKey(phone: string): string {
  return phone.replace(/\D/g, '').slice(-9);
}

/** All a payout simulator remembers, in memory; one instance per simulator. */
export class PayoutSimulatorState {
  readonly tokens: SimulatedTokens;
  readonly transfers = new Map<string, SimulatedTransfer>();
  readonly payees = new Map<string, PayeeOutcome>();
  readonly accountHolders = new Map<string, AccountHolder>();
  readonly faults = new FaultQueue<string>();
  readonly calls: CallRecord[] = [];
  /** Final-status callbacks the simulator sent (MTN's X-Callback-Url). */
  readonly callbacks: CallbackAttempt[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  private readonly initial: { tokenTtlSeconds: number; settleAfterMs: number };

  constructor(
    readonly endpoints: readonly string[],
    /** The documented failure reasons this network gives; a FAILED outcome must name one. */
    readonly failureReasons: readonly string[],
    tokenTtlSeconds: number,
    /** How long a transfer stays PENDING before its wallet's outcome applies (0: at once). */
    public settleAfterMs: number,
    private readonly onSettled: (transfer: SimulatedTransfer) => void,
  ) {
    this.tokens = new SimulatedTokens(tokenTtlSeconds);
    this.initial = { tokenTtlSeconds, settleAfterMs };
  }

  /**
   * Records a new transfer and settles it as `outcome` (by default its wallet's programmed outcome)
   * says, now or after `settleAfterMs`.
   */
  receive(
    transfer: Omit<SimulatedTransfer, 'status' | 'reason' | 'networkTransactionId' | 'createdAt'>,
    outcome: PayeeOutcome = this.payees.get(transfer.wallet) ?? { status: 'SUCCESSFUL', reason: null },
  ): SimulatedTransfer {
    const received: SimulatedTransfer = {
      ...transfer,
      status: 'PENDING',
      reason: null,
      networkTransactionId: String(randomInt(100_000_000, 999_999_999)),
      createdAt: new Date().toISOString(),
    };
    this.transfers.set(received.reference, received);
    if (outcome.status === 'PENDING') return received;
    if (this.settleAfterMs <= 0) {
      this.settle(received, outcome);
    } else {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.settle(received, outcome);
      }, this.settleAfterMs);
      this.timers.add(timer);
    }
    return received;
  }

  /** A pending transfer takes its final status once; settled ones do not change. */
  settle(transfer: SimulatedTransfer, outcome: PayeeOutcome): boolean {
    if (transfer.status !== 'PENDING' || outcome.status === 'PENDING') return false;
    transfer.status = outcome.status;
    transfer.reason = outcome.status === 'FAILED' ? outcome.reason : null;
    this.onSettled(transfer);
    return true;
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  reset(): void {
    this.stop();
    this.tokens.clear();
    this.transfers.clear();
    this.payees.clear();
    this.accountHolders.clear();
    this.faults.clear();
    this.calls.length = 0;
    this.callbacks.length = 0;
    this.tokens.ttlSeconds = this.initial.tokenTtlSeconds;
    this.settleAfterMs = this.initial.settleAfterMs;
  }
}
