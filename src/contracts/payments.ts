import { z } from 'zod';
import { PhoneInput } from './accounts.js';
import { lineText } from './common.js';

export const TRANSACTION_STATUSES = ['pending', 'completed', 'failed', 'reversed'] as const;

export const PaymentBody = z.object({
  method: z.enum(['mobile_money', 'card']),
  /** The mobile-money number to pay from; defaults to the payer's own. */
  phone: PhoneInput.optional(),
});
export type PaymentBody = z.output<typeof PaymentBody>;

export const StartedPayment = z
  .object({ transactionId: z.uuid(), status: z.literal('pending'), redirectUrl: z.string(), orderTrackingId: z.string() })
  .meta({ id: 'StartedPayment' });
export type StartedPayment = z.output<typeof StartedPayment>;

export const TransactionEventView = z.object({ type: z.string(), at: z.string(), detail: z.record(z.string(), z.unknown()) });

export const TransactionView = z
  .object({
    id: z.uuid(),
    jobId: z.uuid(),
    amount: z.number().int(),
    currency: z.string(),
    status: z.enum(TRANSACTION_STATUSES),
    paymentMethod: z.enum(['mobile_money', 'card']),
    /** PesaPal's order tracking id. */
    pesapalReference: z.string().nullable(),
    confirmationCode: z.string().nullable(),
    providerMethod: z.string().nullable(),
    redirectUrl: z.string().nullable(),
    flaggedReason: z.string().nullable(),
    refundStatus: z.string().nullable(),
    createdAt: z.string(),
    settledAt: z.string().nullable(),
    events: z.array(TransactionEventView),
  })
  .meta({ id: 'Transaction' });
export type TransactionView = z.output<typeof TransactionView>;

/** What PesaPal sends to the IPN URL (query string for GET, form or JSON body for POST). */
export const IpnFields = z.looseObject({
  OrderTrackingId: lineText(100).optional(),
  OrderMerchantReference: lineText(100).optional(),
  OrderNotificationType: lineText(40).optional(),
});
export type IpnFields = z.output<typeof IpnFields>;

/** PesaPal's documented acknowledgement: camelCase echo and a numeric status (200 handled, 500 not). */
export const IpnAcknowledgement = z.object({
  orderNotificationType: z.string(),
  orderTrackingId: z.string(),
  orderMerchantReference: z.string(),
  status: z.union([z.literal(200), z.literal(500)]),
});
export type IpnAcknowledgement = z.output<typeof IpnAcknowledgement>;
