/** What the payment flow needs from a payment service; PesaPal is the implementation. */

export type PaymentState = 'pending' | 'completed' | 'failed' | 'reversed';

export interface OrderRequest {
  /** Our transaction id; PesaPal calls it the merchant reference. */
  reference: string;
  amount: number;
  currency: string;
  description: string;
  callbackUrl: string;
  customer: { email?: string | undefined; phone?: string | undefined; firstName?: string; lastName?: string };
}

export interface SubmittedOrder {
  orderTrackingId: string;
  redirectUrl: string;
}

export interface PaymentStatus {
  state: PaymentState;
  orderTrackingId: string;
  reference: string;
  amount: number;
  currency: string;
  confirmationCode: string | null;
  paymentMethod: string | null;
  /** Masked card or phone number, as the provider shows it. */
  paymentAccount: string | null;
  description: string | null;
}

export interface RefundRequest {
  confirmationCode: string;
  amount: number;
  requestedBy: string;
  remarks: string;
}

export interface ProviderAnswer {
  accepted: boolean;
  message: string;
}

export interface PaymentProvider {
  submitOrder(order: OrderRequest): Promise<SubmittedOrder>;
  getStatus(orderTrackingId: string): Promise<PaymentStatus>;
  refund(request: RefundRequest): Promise<ProviderAnswer>;
  cancel(orderTrackingId: string): Promise<ProviderAnswer>;
}
