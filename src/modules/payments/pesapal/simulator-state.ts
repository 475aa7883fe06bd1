import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { FaultQueue, SimulatedTokens } from '../../../platform/simulated-api.js';
import type { BillingAddress, IpnNotificationType, StatusCode } from './wire.js';

/** The operations of PesaPal's API, as named in its paths. */
export const ENDPOINTS = [
  'RequestToken',
  'RegisterIPN',
  'GetIpnList',
  'SubmitOrderRequest',
  'GetTransactionStatus',
  'RefundRequest',
  'CancelOrder',
] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

export type OrderStatus = 'PENDING' | 'COMPLETED' | 'FAILED' | 'REVERSED' | 'CANCELLED';

export interface SimulatedIpn {
  numericId: number;
  ipnId: string;
  url: string;
  type: IpnNotificationType;
  createdAt: string;
}

export interface SimulatedOrder {
  trackingId: string;
  merchantReference: string;
  amount: number;
  currency: string;
  description: string;
  callbackUrl: string;
  notificationId: string;
  billing: BillingAddress;
  status: OrderStatus;
  paymentMethod: string;
  paymentAccount: string;
  confirmationCode: string;
  failureDescription: string | null;
  refundRequested: boolean;
  cancelRequested: boolean;
  /** PesaPal's GetTransactionStatus dates carry no offset (East Africa Time). */
  createdAt: string;
}

export interface CallRecord {
  endpoint: Endpoint;
  at: string;
}

export interface IpnAttempt {
  trackingId: string;
  merchantReference: string;
  notificationType: string;
  url: string;
  method: IpnNotificationType;
  attempt: number;
  httpStatus: number | null;
  acknowledged: boolean;
  at: string;
}

export const STATUS_CODES: Record<Exclude<OrderStatus, 'PENDING' | 'CANCELLED'>, StatusCode> = {
  COMPLETED: 1,
  FAILED: 2,
  REVERSED: 3,
};

export const PAYMENT_METHODS = {
  mtn: 'MTN Mobile Money UG',
  airtel: 'Airtel Money UG',
  card: 'Visa',
} as const;
export type PaymentMethodChoice = keyof typeof PAYMENT_METHODS;

/** All the simulator remembers; one instance per simulator, in memory like the test double it is. */
export class SimulatorState {
  readonly tokens: SimulatedTokens;
  readonly ipns = new Map<string, SimulatedIpn>();
  readonly orders = new Map<string, SimulatedOrder>();
  readonly faults = new FaultQueue<Endpoint>();
  readonly calls: CallRecord[] = [];
  readonly ipnAttempts: IpnAttempt[] = [];
  private nextIpnNumber = 4000;

  constructor(tokenTtlSeconds: number) {
    this.tokens = new SimulatedTokens(tokenTtlSeconds);
  }

  registerIpn(url: string, type: IpnNotificationType): SimulatedIpn {
    const ipn: SimulatedIpn = { numericId: ++this.nextIpnNumber, ipnId: randomUUID(), url, type, createdAt: new Date().toISOString() };
    this.ipns.set(ipn.ipnId, ipn);
    return ipn;
  }

  findOrderByReference(reference: string): SimulatedOrder | undefined {
    for (const order of this.orders.values()) if (order.merchantReference === reference) return order;
    return undefined;
  }

  settle(order: SimulatedOrder, outcome: 'COMPLETED' | 'FAILED', method: PaymentMethodChoice = 'mtn', account?: string): void {
    order.status = outcome;
    order.paymentMethod = PAYMENT_METHODS[method];
    order.paymentAccount = maskAccount(account ?? order.billing.phone_number ?? '256770000000');
    if (outcome === 'COMPLETED') {
      order.confirmationCode = randomBytes(5).toString('hex').toUpperCase();
      order.failureDescription = null;
    } else {
      order.failureDescription = 'The customer declined or the payment could not be authorised';
    }
  }

  reset(): void {
    this.tokens.clear();
    this.ipns.clear();
    this.orders.clear();
    this.faults.clear();
    this.calls.length = 0;
    this.ipnAttempts.length = 0;
  }
}

/** "256772123456" → "2567xxx23456", the way PesaPal masks phone numbers. */
function maskAccount(account: string): string {
  const digits = account.replace(/\D/g, '');
  if (digits.length < 8) return digits;
  return `${digits.slice(0, 4)}xxx${digits.slice(-5)}`;
}

/** East Africa Time without an offset, with PesaPal's fractional seconds. */
export function eatTimestamp(date = new Date()): string {
  return new Date(date.getTime() + 3 * 3600 * 1000)
    .toISOString()
    .replace('Z', '')
    .replace(/\.(\d{3})$/, (_m, ms: string) => `.${ms.slice(0, 2)}`);
}

export function newTrackingId(): string {
  return randomUUID();
}

export function sevenDigitFraction(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, (_m, ms: string) => `.${ms}${String(randomInt(10_000)).padStart(4, '0')}Z`);
}
