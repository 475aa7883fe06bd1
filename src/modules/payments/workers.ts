import type { AppContext } from '../../platform/context.js';
import { checkPaymentJob, reconcilePaymentsJob, refundJobPaymentJob, refundLatePaymentJob } from './jobs.js';
import { checkPayment, reconcileStalePayments, refundJobPayment, refundLatePayment } from './service.js';

export async function registerPaymentWorkers(ctx: AppContext): Promise<void> {
  await ctx.queue.work(checkPaymentJob, (payload) => checkPayment(ctx, payload.transactionId));
  await ctx.queue.work(refundJobPaymentJob, (payload) => refundJobPayment(ctx, payload.jobId, payload.reason));
  await ctx.queue.work(refundLatePaymentJob, (payload) => refundLatePayment(ctx, payload.transactionId));
  await ctx.queue.work(reconcilePaymentsJob, async () => {
    await reconcileStalePayments(ctx);
  });
  await ctx.queue.schedule(reconcilePaymentsJob, '*/5 * * * *', {});
}
