import { z } from 'zod';
import { defineJob } from '../../platform/queue.js';

/** Queued in the transaction that cancels a paid job: refund its completed payment through PesaPal. */
export const refundJobPaymentJob = defineJob({
  name: 'payments.refund-job-payment',
  payload: z.object({ jobId: z.uuid(), reason: z.string() }),
  // A few PesaPal calls (token, refund), each bounded by PESAPAL_TIMEOUT_MS; generous, since a retry asks for the refund again.
  retry: { retryLimit: 10, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 },
});

/** Queued when PesaPal reports paid a payment already marked failed (it expired): refund that payment. */
export const refundLatePaymentJob = defineJob({
  name: 'payments.refund-late-payment',
  payload: z.object({ transactionId: z.uuid() }),
  retry: { retryLimit: 10, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 },
});

/** Asks PesaPal for a payment's status; queued with every IPN so a crash or an outage cannot lose it. */
export const checkPaymentJob = defineJob({
  name: 'payments.check-status',
  payload: z.object({ transactionId: z.uuid(), reason: z.enum(['ipn', 'callback', 'reconcile']) }),
  // A few PesaPal calls (token, status), each bounded by PESAPAL_TIMEOUT_MS; a repeated check changes nothing twice.
  retry: { retryLimit: 8, retryDelay: 5, retryBackoff: true, expireInSeconds: 120 },
});

/** Every few minutes: re-check payments pending for a while, in case their IPN never arrives. */
export const reconcilePaymentsJob = defineJob({
  name: 'payments.reconcile',
  payload: z.object({}),
  retry: { retryLimit: 0, retryDelay: 60, retryBackoff: false, expireInSeconds: 120 },
});
