import { LEDGER_ACCOUNTS, type LedgerAccount, type LedgerView } from '../../contracts/ledger.js';
import type { Executor, Transaction } from '../../platform/db.js';
import * as repo from './repository.js';

/**
 * The escrow ledger. Every movement of money is one journal whose entries sum to zero (the database
 * refuses anything else at commit), written in the caller's transaction: the one that changes the
 * job or the payout the money follows.
 */

/** An institution's payment confirmed: its total is held in escrow until the shift is settled. */
export function recordPayment(tx: Transaction, jobId: string, total: number): Promise<void> {
  return post(tx, { kind: 'payment', jobId, lines: [line('institution_payments', -total), line('escrow', total)] });
}

export interface Release {
  jobId: string;
  total: number;
  professionalId: string;
  /** The professional's share of pay. */
  pay: number;
  /** Qgig's fee on that share. */
  fee: number;
  institutionId: string;
  /** What goes back to the institution: the total less pay and fee (0 on a full completion). */
  refund: number;
}

/** A shift settled fully (`completion`) or by an admin's share (`resolution`), or a paid job its owner cancelled late (`cancellation`). */
export type ReleaseKind = 'completion' | 'resolution' | 'cancellation';

/** Escrow split between the parties and Qgig. */
export function recordRelease(tx: Transaction, kind: ReleaseKind, release: Release): Promise<void> {
  if (release.pay + release.fee + release.refund !== release.total) throw new Error(`release of job ${release.jobId} does not add up`);
  return post(tx, {
    kind,
    jobId: release.jobId,
    lines: [
      line('escrow', -release.total),
      line('professional_payable', release.pay, release.professionalId),
      line('revenue', release.fee),
      line('institution_payable', release.refund, release.institutionId),
    ],
  });
}

/** A paid job cancelled or nobody came: its whole total goes back through PesaPal. */
export function recordRefund(tx: Transaction, jobId: string, total: number): Promise<void> {
  return post(tx, { kind: 'refund', jobId, lines: [line('escrow', -total), line('pesapal_refunds', total)] });
}

/**
 * A payment that never reached escrow: it arrived for a job already cancelled, or after its checkout
 * had expired. It came in and goes straight back through PesaPal.
 */
export function recordReturnedPayment(tx: Transaction, jobId: string, amount: number): Promise<void> {
  return post(tx, { kind: 'payment_returned', jobId, lines: [line('institution_payments', -amount), line('pesapal_refunds', amount)] });
}

export interface PayoutMovement {
  payoutId: string;
  jobId: string;
  /** The account the payout is owed from: `professional_payable` (pay) or `institution_payable` (refund). */
  payable: LedgerAccount;
  userId: string;
  amount: number;
}

/** Handed to the network: from the payee's payable to money in flight. */
export function recordPayoutSent(tx: Transaction, payout: PayoutMovement): Promise<void> {
  return movePayout(
    tx,
    'payout_sent',
    payout,
    line(payout.payable, -payout.amount, payout.userId),
    line('payouts_in_flight', payout.amount),
  );
}

export function recordPayoutSuccessful(tx: Transaction, payout: PayoutMovement): Promise<void> {
  return movePayout(tx, 'payout_successful', payout, line('payouts_in_flight', -payout.amount), line('payouts_paid', payout.amount));
}

/** The network refused it: the money is owed to the payee again. */
export function recordPayoutFailed(tx: Transaction, payout: PayoutMovement): Promise<void> {
  return movePayout(
    tx,
    'payout_failed',
    payout,
    line('payouts_in_flight', -payout.amount),
    line(payout.payable, payout.amount, payout.userId),
  );
}

function movePayout(tx: Transaction, kind: string, payout: PayoutMovement, ...lines: repo.JournalLine[]): Promise<void> {
  return post(tx, { kind, jobId: payout.jobId, payoutId: payout.payoutId, lines });
}

const line = (account: LedgerAccount, amount: number, userId?: string): repo.JournalLine => ({ account, amount, userId });

/** Zero lines (a 0 % share, a full completion's refund) are left out; a journal with nothing left is not written. */
async function post(tx: Transaction, journal: repo.NewJournal): Promise<void> {
  const lines = journal.lines.filter((entry) => entry.amount !== 0);
  if (lines.length > 0) await repo.insertJournal(tx, { ...journal, lines });
}

/** GET /admin/ledger: every account's balance (0 for one never used) and the count of unbalanced journals. */
export async function ledgerView(db: Executor): Promise<LedgerView> {
  const [balances, unbalancedJournals] = await Promise.all([repo.balances(db), repo.countUnbalanced(db)]);
  return { accounts: LEDGER_ACCOUNTS.map((account) => ({ account, balance: balances.get(account) ?? 0 })), unbalancedJournals };
}

export const payableBalance = repo.payableBalance;
