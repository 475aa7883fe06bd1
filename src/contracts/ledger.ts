import { z } from 'zod';

/**
 * The escrow ledger's accounts. A balance is signed: `institution_payments` goes negative by what
 * institutions paid in; `payouts_paid` and `pesapal_refunds` grow by what left Qgig; the others hold
 * what is on its way (escrow until a shift ends, payables until their payout is sent, payouts in
 * flight until the network answers).
 */
export const LEDGER_ACCOUNTS = [
  'institution_payments',
  'escrow',
  'professional_payable',
  'institution_payable',
  'revenue',
  'payouts_in_flight',
  'payouts_paid',
  'pesapal_refunds',
] as const;
export type LedgerAccount = (typeof LEDGER_ACCOUNTS)[number];

export const LedgerView = z
  .object({
    accounts: z.array(z.object({ account: z.enum(LEDGER_ACCOUNTS), balance: z.number().int() })),
    /** Journals whose entries do not sum to zero: the database refuses them, so this is 0. */
    unbalancedJournals: z.number().int(),
  })
  .meta({ id: 'Ledger' });
export type LedgerView = z.output<typeof LedgerView>;
