import { formatUgx } from '../../contracts/money.js';
import { formatKampalaDateTime } from '../../contracts/time.js';
import { renderStatement } from '../../platform/pdf.js';

const NETWORK_NAMES = { mtn: 'MTN Mobile Money', airtel: 'Airtel Money' } as const;

/** What a payout receipt says: who was paid, to which wallet, how much, for which shift, and the network's reference. */
export interface PayoutReceiptFacts {
  payoutId: string;
  professionalName: string;
  /** E.164; the receipt shows it masked. */
  phone: string;
  network: keyof typeof NETWORK_NAMES;
  amount: number;
  currency: string;
  job: { id: string; role: string; startsAt: Date; institutionName: string };
  /** The network's id for the transfer (MTN's financialTransactionId, Airtel's money id). */
  providerReference: string;
  settledAt: Date;
}

/** "+256772123456" → "+256 77* *** 456": enough for the owner to recognise, not enough to call. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  const national = digits.startsWith('256') ? digits.slice(3) : digits;
  const masked = `${national.slice(0, 2)}${'*'.repeat(national.length - 5)}${national.slice(-3)}`;
  const grouped = masked.replace(/^(.{3})(.{3})(.+)$/, '$1 $2 $3');
  return digits.startsWith('256') ? `+256 ${grouped}` : grouped;
}

const amountIn = (amount: number, currency: string) => (currency === 'UGX' ? formatUgx(amount) : `${currency} ${amount}`);

/** The PDF receipt of a successful payout (GET /me/payouts/{id}/receipt). */
export function renderPayoutReceipt(facts: PayoutReceiptFacts): Promise<Buffer> {
  const { job } = facts;
  return renderStatement({
    title: 'Payout receipt',
    number: facts.payoutId,
    issuedAt: facts.settledAt,
    sections: [
      {
        heading: 'Paid to',
        rows: [
          ['Professional', facts.professionalName],
          ['Mobile money', `${NETWORK_NAMES[facts.network]} ${maskPhone(facts.phone)}`],
        ],
      },
      {
        heading: 'For the shift',
        rows: [
          ['Role', job.role],
          ['Date and time', `${formatKampalaDateTime(job.startsAt.toISOString())} (Kampala time)`],
          ['Institution', job.institutionName],
          ['Job reference', job.id],
        ],
      },
      {
        heading: 'Payout',
        rows: [
          ['Amount paid', amountIn(facts.amount, facts.currency)],
          ['Network reference', facts.providerReference],
          ['Paid on', `${formatKampalaDateTime(facts.settledAt.toISOString())} (Kampala time)`],
        ],
      },
    ],
    note: 'Paid by Qgig for a completed shift. Qgig’s fee was charged to the institution and is not taken from this amount.',
  });
}
