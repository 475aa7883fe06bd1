import { z } from 'zod';
import { PhoneInput } from './accounts.js';
import { KeysetPageQuery, page, plainText } from './common.js';

export const PAYOUT_NETWORKS = ['mtn', 'airtel'] as const;
export const PAYOUT_STATUSES = ['pending', 'successful', 'failed'] as const;
/** `pay`: a professional's pay for a completed shift; `refund`: a dispute's remainder back to the institution's phone. */
export const PAYOUT_PURPOSES = ['pay', 'refund'] as const;

export const PayoutMethodBody = z.object({ phone: PhoneInput, network: z.enum(PAYOUT_NETWORKS) });
export type PayoutMethodBody = z.output<typeof PayoutMethodBody>;

export const PayoutMethodView = z
  .object({
    phone: z.string(),
    network: z.enum(PAYOUT_NETWORKS),
    /** The wallet holder's name where the network tells it. */
    accountName: z.string().optional(),
  })
  .meta({ id: 'PayoutMethod' });
export type PayoutMethodView = z.output<typeof PayoutMethodView>;

export const PayoutView = z
  .object({
    id: z.uuid(),
    jobId: z.uuid(),
    purpose: z.enum(PAYOUT_PURPOSES),
    amount: z.number().int(),
    currency: z.string(),
    network: z.enum(PAYOUT_NETWORKS).nullable(),
    phone: z.string().nullable(),
    status: z.enum(PAYOUT_STATUSES),
    /** The network's receipt id (MTN financialTransactionId, Airtel's money id), once successful. */
    providerReference: z.string().nullable(),
    failureReason: z.string().nullable(),
    createdAt: z.string(),
    settledAt: z.string().nullable(),
  })
  .meta({ id: 'Payout' });
export type PayoutView = z.output<typeof PayoutView>;

/** An admin's view adds who is paid and the reference the network knows the current attempt by. */
export const AdminPayoutView = PayoutView.extend({ userId: z.uuid(), reference: z.uuid(), attempts: z.number().int() }).meta({
  id: 'AdminPayout',
});
export type AdminPayoutView = z.output<typeof AdminPayoutView>;

export const PayoutPage = page(PayoutView);
export const AdminPayoutPage = page(AdminPayoutView);

export const MyPayoutsQuery = KeysetPageQuery.extend({ jobId: z.uuid('Give the id of one of your shifts').optional() });
export type MyPayoutsQuery = z.output<typeof MyPayoutsQuery>;

export const AdminPayoutsQuery = KeysetPageQuery.extend({ status: z.enum(PAYOUT_STATUSES).optional() });
export type AdminPayoutsQuery = z.output<typeof AdminPayoutsQuery>;

export const ResolveDisputeBody = z.object({
  payPercent: z.number().int().min(0).max(100),
  reason: plainText(500).pipe(z.string().min(1, 'Say why the dispute is resolved this way')),
});
export type ResolveDisputeBody = z.output<typeof ResolveDisputeBody>;
