/**
 * PesaPal API 3.0 as it is on the wire (see ../shared/PESAPAL.md): field names, casing and quirks
 * exactly as PesaPal sends them. Both the client and the simulator are written against these types.
 */

/** `status` is a string in bodies ("200"/"500"); an error object of nulls means no error. */
export interface WireError {
  error_type: string | null;
  code: string | null;
  message: string | null;
  call_back_url?: string | null;
}

export interface TokenResponse {
  token: string | null;
  expiryDate: string | null;
  error: WireError | null;
  status: string | null;
  message?: string;
}

export type IpnNotificationType = 'GET' | 'POST';

export interface RegisterIpnResponse {
  id?: number;
  url: string;
  created_date: string;
  ipn_id: string;
  notification_type?: 0 | 1;
  ipn_notification_type_description?: IpnNotificationType;
  ipn_status?: 0 | 1;
  /** Misspelt by PesaPal; the documented spelling is also accepted. */
  ipn_status_decription?: string;
  ipn_status_description?: string;
  error: WireError | null;
  status: string | null;
}

export interface BillingAddress {
  email_address?: string | null;
  phone_number?: string | null;
  country_code?: string;
  first_name?: string;
  middle_name?: string;
  last_name?: string;
  line_1?: string;
  line_2?: string;
  city?: string;
  state?: string;
  postal_code?: string | null;
  zip_code?: string | null;
}

export interface SubmitOrderRequest {
  id: string;
  currency: string;
  amount: number;
  description: string;
  callback_url: string;
  cancellation_url?: string;
  notification_id: string;
  billing_address: BillingAddress;
  redirect_mode?: 'TOP_WINDOW' | 'PARENT_WINDOW';
  branch?: string;
}

export interface SubmitOrderResponse {
  order_tracking_id: string | null;
  merchant_reference: string | null;
  redirect_url: string | null;
  error: WireError | null;
  status: string | null;
}

/** 0 invalid (also "not paid yet"), 1 completed, 2 failed, 3 reversed. */
export type StatusCode = 0 | 1 | 2 | 3;

export interface TransactionStatusResponse {
  payment_method: string;
  amount: number;
  created_date: string;
  confirmation_code: string;
  order_tracking_id?: string;
  payment_status_description: string;
  description: string | null;
  message: string;
  payment_account: string;
  call_back_url: string;
  status_code: StatusCode;
  merchant_reference: string;
  payment_status_code: string;
  currency: string;
  error: WireError;
  status: string;
}

export interface RefundRequest {
  confirmation_code: string;
  amount: number;
  username: string;
  remarks: string;
}

export interface SimpleStatusResponse {
  status: string;
  message: string;
}

/** What PesaPal sends to the IPN URL (query string for GET, JSON body for POST). */
export interface IpnNotification {
  OrderTrackingId: string;
  OrderMerchantReference: string;
  OrderNotificationType: string;
}

/** The merchant's acknowledgement: camelCase, numeric status. */
export interface IpnAcknowledgement {
  orderNotificationType: string;
  orderTrackingId: string;
  orderMerchantReference: string;
  status: 200 | 500;
}

export const PENDING_PAYMENT_CODE = 'payment_details_not_found';

export function hasError(error: WireError | null | undefined): error is WireError & { code: string } {
  return Boolean(error && (error.code || error.error_type));
}
