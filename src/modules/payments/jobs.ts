import { z } from 'zod';
import { defineJob } from '../../platform/queue.js';

/** Queued in the transaction that cancels a paid job: refund its completed payment through PesaPal. */
export const refundJobPaymentJob = defineJob({
  name: 'payments.refund-job-payment',
  payload: z.object({ jobId: z.uuid(), reason: z.string() }),
  retry: { retryLimit: 10, retryDelay: 30, retryBackoff: true },
});
