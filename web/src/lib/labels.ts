import type { DocType, DocumentStatus } from '@contracts/documents';
import type { LedgerAccount } from '@contracts/ledger';
import { PASSWORD_MIN_LENGTH } from '@contracts/password-policy';
import type { PAYOUT_NETWORKS, PAYOUT_STATUSES } from '@contracts/payouts';
import type { UserRole } from '../api/session';

export const ROLE_LABELS: Record<UserRole, string> = {
  institution: 'Institution',
  professional: 'Professional',
  admin: 'Administrator',
};

export const STATUS_LABELS: Record<string, string> = {
  active: 'Active',
  suspended: 'Suspended',
  erased: 'Deleted',
};

export const DOC_TYPE_LABELS: Record<DocType, string> = {
  nin: 'National ID (NIN)',
  certificate: 'Certificate',
  license: 'Practising licence',
};

export const DOC_STATUS_LABELS: Record<DocumentStatus, string> = {
  pending: 'Waiting for review',
  approved: 'Approved',
  rejected: 'Rejected',
  superseded: 'Replaced',
  expired: 'Expired',
};

export const PAYOUT_NETWORK_LABELS: Record<(typeof PAYOUT_NETWORKS)[number], string> = {
  mtn: 'MTN Mobile Money',
  airtel: 'Airtel Money',
};

export const PAYOUT_STATUS_LABELS: Record<(typeof PAYOUT_STATUSES)[number], string> = {
  pending: 'Pending',
  successful: 'Paid out',
  failed: 'Failed',
};

export const LEDGER_ACCOUNT_LABELS: Record<LedgerAccount, string> = {
  institution_payments: 'Paid in by institutions',
  escrow: 'Escrow (shifts not yet settled)',
  professional_payable: 'Owed to professionals',
  institution_payable: 'Owed back to institutions',
  revenue: 'Qgig’s fees',
  payouts_in_flight: 'Payouts sent, awaiting the network',
  payouts_paid: 'Paid out',
  pesapal_refunds: 'Refunded through PesaPal',
};

/** Index = weekday as the API counts it (0 = Sunday). */
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** "lab technician" → "Lab technician": the vocabulary is stored lower-case. */
export const capitalise = (term: string) => term.charAt(0).toUpperCase() + term.slice(1);

/** What a new password must be, shown beside every field that sets one. */
export const NEW_PASSWORD_HINT = `At least ${PASSWORD_MIN_LENGTH} characters. Not a common password, and not containing your email address. A short sentence is easy to remember.`;

/** "4.5 of 5 (2 ratings)", or "Not rated yet". */
export function describeRating({ ratingAverage, ratingCount }: { ratingAverage: number | null; ratingCount: number }): string {
  return ratingAverage === null
    ? 'Not rated yet'
    : `${ratingAverage.toFixed(1)} of 5 (${ratingCount} ${ratingCount === 1 ? 'rating' : 'ratings'})`;
}
