import type {
  OrderRequest,
  PaymentProvider,
  PaymentState,
  PaymentStatus,
  ProviderAnswer,
  RefundRequest,
  SubmittedOrder,
} from '../provider.js';
import { PesapalError, type PesapalClient } from './client.js';
import { PENDING_PAYMENT_CODE, type SimpleStatusResponse, type TransactionStatusResponse } from './wire.js';

const STATES: Record<number, PaymentState> = { 1: 'completed', 2: 'failed', 3: 'reversed' };

/** PesaPal API 3.0 behind the PaymentProvider interface. */
export class PesapalPaymentProvider implements PaymentProvider {
  constructor(
    private readonly client: PesapalClient,
    private readonly ipnId: () => Promise<string>,
  ) {}

  async submitOrder(order: OrderRequest): Promise<SubmittedOrder> {
    const response = await this.client.submitOrder({
      id: order.reference,
      currency: order.currency,
      amount: order.amount,
      description: order.description.slice(0, 100),
      callback_url: order.callbackUrl,
      notification_id: await this.ipnId(),
      billing_address: {
        email_address: order.customer.email ?? null,
        phone_number: order.customer.phone ?? null,
        country_code: 'UG',
        first_name: order.customer.firstName ?? '',
        last_name: order.customer.lastName ?? '',
      },
    });
    if (!response.order_tracking_id || !response.redirect_url) {
      throw new PesapalError('api', 'SubmitOrderRequest', 'no order tracking id in the answer', 200, response);
    }
    return { orderTrackingId: response.order_tracking_id, redirectUrl: response.redirect_url };
  }

  async getStatus(orderTrackingId: string): Promise<PaymentStatus> {
    return toPaymentStatus(await this.client.getTransactionStatus(orderTrackingId), orderTrackingId);
  }

  async refund(request: RefundRequest): Promise<ProviderAnswer> {
    return answerOf(
      await this.client.refund({
        confirmation_code: request.confirmationCode,
        amount: request.amount,
        username: request.requestedBy,
        remarks: request.remarks,
      }),
    );
  }

  async cancel(orderTrackingId: string): Promise<ProviderAnswer> {
    return answerOf(await this.client.cancelOrder(orderTrackingId));
  }
}

/** Decides by the numeric status_code, never the description's casing; 0 + payment_details_not_found is "still pending". */
export function toPaymentStatus(response: TransactionStatusResponse, orderTrackingId: string): PaymentStatus {
  if (typeof response.status_code !== 'number') {
    throw new PesapalError('api', 'GetTransactionStatus', response.error?.code ?? 'no status in the answer', 200, response);
  }
  const state: PaymentState = STATES[response.status_code] ?? (response.error?.code === PENDING_PAYMENT_CODE ? 'pending' : 'failed');
  return {
    state,
    orderTrackingId: response.order_tracking_id ?? orderTrackingId,
    reference: response.merchant_reference,
    amount: Number(response.amount),
    currency: response.currency,
    confirmationCode: response.confirmation_code || null,
    paymentMethod: response.payment_method || null,
    paymentAccount: response.payment_account || null,
    description: response.description ?? response.error?.message ?? null,
  };
}

function answerOf(response: SimpleStatusResponse): ProviderAnswer {
  return { accepted: String(response.status) === '200', message: response.message ?? '' };
}
