import type { AppContext } from '../../platform/context.js';
import { checkPaymentTask, reconcilePaymentsTask, refundJobPaymentTask, refundLatePaymentTask } from './tasks.js';
import { checkPayment, reconcileStalePayments, refundJobPayment, refundLatePayment } from './service.js';

export async function registerPaymentWorkers(ctx: AppContext): Promise<void> {
  await ctx.queue.work(checkPaymentTask, (payload) => checkPayment(ctx, payload.transactionId));
  await ctx.queue.work(refundJobPaymentTask, (payload) => refundJobPayment(ctx, payload.jobId, payload.reason));
  await ctx.queue.work(refundLatePaymentTask, (payload) => refundLatePayment(ctx, payload.transactionId));
  await ctx.queue.work(reconcilePaymentsTask, async () => {
    await reconcileStalePayments(ctx);
  });
  await ctx.queue.schedule(reconcilePaymentsTask, '*/5 * * * *', {});
}
