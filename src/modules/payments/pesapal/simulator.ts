import { acceptFormBodies } from '../../../platform/http.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderCheckoutPage, renderMissingOrderPage } from './checkout-page.js';
import { IpnSender } from './simulator-ipn.js';
import {
  ENDPOINTS,
  PAYMENT_METHODS,
  STATUS_CODES,
  SimulatorState,
  eatTimestamp,
  newTrackingId,
  sevenDigitFraction,
  type Endpoint,
  type PaymentMethodChoice,
  type SimulatedIpn,
  type SimulatedOrder,
} from './simulator-state.js';
import { PENDING_PAYMENT_CODE, type BillingAddress, type TransactionStatusResponse, type WireError } from './wire.js';

export interface SimulatorOptions {
  credentials: { consumerKey: string; consumerSecret: string };
  /** PesaPal documents 5 minutes; the sandbox was seen issuing 1-hour tokens. */
  tokenTtlSeconds?: number;
  /** Waits between IPN attempts while the merchant does not acknowledge. */
  ipnRetryDelaysMs?: number[];
}

const NULL_ERROR: WireError = { error_type: null, code: null, message: null, call_back_url: null };
const MERCHANT_REFERENCE = /^[A-Za-z0-9_.:-]{1,50}$/;

/**
 * A PesaPal API 3.0 stand-in speaking the same HTTP API (paths, field names, quirks, status codes),
 * so the real client is what the tests exercise. Mount it with a prefix; `/pesapalv3` is its API base.
 */
export async function pesapalSimulator(app: FastifyInstance, options: SimulatorOptions): Promise<void> {
  const state = new SimulatorState(options.tokenTtlSeconds ?? 300);
  const ipnSender = new IpnSender(state, options.ipnRetryDelaysMs ?? [1000, 2000, 5000, 10_000, 30_000, 60_000, 120_000]);
  app.addHook('onClose', async () => ipnSender.stop());
  // Not part of Qgig's API: keep the simulator out of the OpenAPI document.
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true };
  });

  acceptFormBodies(app);

  const api = (endpoint: Endpoint, needsToken = true) => ({
    preHandler: async (request: FastifyRequest, reply: FastifyReply) => {
      state.calls.push({ endpoint, at: new Date().toISOString() });
      const fault = state.faults.take(endpoint);
      if (fault.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault.fail) {
        return reply
          .code(500)
          .send({ error: { error_type: 'api_error', code: 'internal_server_error', message: 'Simulated failure' }, status: '500' });
      }
      if (needsToken && !state.tokens.valid(bearerOf(request))) {
        return reply.code(401).send({
          error: { error_type: 'authentication_error', code: 'invalid_api_credentials_provided', message: 'Invalid Access Token' },
          status: null,
        });
      }
    },
  });

  app.post('/pesapalv3/api/Auth/RequestToken', api('RequestToken', false), async (request) => {
    const body = objectOf(request.body);
    if (body.consumer_key !== options.credentials.consumerKey || body.consumer_secret !== options.credentials.consumerSecret) {
      return {
        token: null,
        expiryDate: null,
        error: { error_type: 'api_error', code: 'invalid_consumer_key_or_secret_provided', message: '' },
        status: '500',
      };
    }
    const { token, expiresAt } = state.tokens.issue();
    return { token, expiryDate: sevenDigitFraction(expiresAt), error: null, status: '200', message: 'Request processed successfully' };
  });

  app.post('/pesapalv3/api/URLSetup/RegisterIPN', api('RegisterIPN'), async (request) => {
    const body = objectOf(request.body);
    const type = body.ipn_notification_type;
    if (typeof body.url !== 'string' || !isHttpUrl(body.url) || (type !== 'GET' && type !== 'POST')) {
      return apiError('invalid_request_error', 'invalid_api_request_parameters', 'Invalid IPN URL or notification type');
    }
    return ipnView(state.registerIpn(body.url, type));
  });

  app.get('/pesapalv3/api/URLSetup/GetIpnList', api('GetIpnList'), async () =>
    [...state.ipns.values()].map((ipn) => {
      const { id: _id, ...rest } = ipnView(ipn);
      return { ...rest, created_date: eatTimestamp(new Date(ipn.createdAt)) };
    }),
  );

  app.post('/pesapalv3/api/Transactions/SubmitOrderRequest', api('SubmitOrderRequest'), async (request) => {
    const body = objectOf(request.body);
    const problem = orderProblem(body, state);
    if (problem) return problem;
    const billing = body.billing_address as BillingAddress;
    const order: SimulatedOrder = {
      trackingId: newTrackingId(),
      merchantReference: body.id as string,
      amount: body.amount as number,
      currency: body.currency as string,
      description: body.description as string,
      callbackUrl: body.callback_url as string,
      notificationId: body.notification_id as string,
      billing,
      status: 'PENDING',
      paymentMethod: '',
      paymentAccount: '',
      confirmationCode: '',
      failureDescription: null,
      refundRequested: false,
      cancelRequested: false,
      createdAt: eatTimestamp(),
    };
    state.orders.set(order.trackingId, order);
    return {
      order_tracking_id: order.trackingId,
      merchant_reference: order.merchantReference,
      redirect_url: `${siteRoot(request)}/pesapaliframe/PesapalIframe3/Index?OrderTrackingId=${order.trackingId}`,
      error: null,
      status: '200',
    };
  });

  app.get('/pesapalv3/api/Transactions/GetTransactionStatus', api('GetTransactionStatus'), async (request) => {
    const query = request.query as Record<string, string | undefined>;
    const order = state.orders.get(query.orderTrackingId ?? query.OrderTrackingId ?? '');
    if (!order) return apiError('invalid_request_error', 'invalid_api_request_parameters', 'Invalid order tracking id provided');
    return statusView(order);
  });

  app.post('/pesapalv3/api/Transactions/RefundRequest', api('RefundRequest'), async (request) => {
    const body = objectOf(request.body);
    const order = [...state.orders.values()].find(
      (candidate) => candidate.confirmationCode && candidate.confirmationCode === body.confirmation_code,
    );
    const amount = Number(body.amount);
    if (!order || order.status !== 'COMPLETED')
      return { status: '500', message: 'Refund rejected: only completed payments can be refunded' };
    if (order.refundRequested) return { status: '500', message: 'Refund rejected: a refund was already requested for this payment' };
    if (!(amount > 0) || amount > order.amount) return { status: '500', message: 'Refund rejected: amount exceeds the amount paid' };
    if (order.paymentMethod !== PAYMENT_METHODS.card && amount !== order.amount) {
      return { status: '500', message: 'Refund rejected: mobile money payments can only be refunded in full' };
    }
    if (typeof body.username !== 'string' || typeof body.remarks !== 'string')
      return { status: '500', message: 'Refund rejected: username and remarks are required' };
    order.refundRequested = true;
    // PesaPal's finance team approves the refund later; the payment then reads REVERSED and an IPN follows.
    setImmediate(() => {
      order.status = 'REVERSED';
      ipnSender.notify(order);
    });
    return { status: '200', message: 'Refund request successfully' };
  });

  app.post('/pesapalv3/api/Transactions/CancelOrder', api('CancelOrder'), async (request) => {
    const order = state.orders.get(String(objectOf(request.body).order_tracking_id ?? ''));
    if (!order || order.cancelRequested || (order.status !== 'PENDING' && order.status !== 'FAILED')) {
      return { status: '500', message: 'Order could not be cancelled.' };
    }
    order.cancelRequested = true;
    order.status = 'CANCELLED';
    return { status: '200', message: 'Order successfully cancelled.' };
  });

  const checkoutPath = '/pesapaliframe/PesapalIframe3/Index';
  app.get(checkoutPath, async (request, reply) => {
    const order = state.orders.get((request.query as Record<string, string>).OrderTrackingId ?? '');
    reply.type('text/html; charset=utf-8');
    if (!order) return reply.code(404).send(renderMissingOrderPage());
    return renderCheckoutPage(order, `${siteRoot(request)}${checkoutPath}?OrderTrackingId=${order.trackingId}`);
  });

  app.post(checkoutPath, async (request, reply) => {
    const order = state.orders.get((request.query as Record<string, string>).OrderTrackingId ?? '');
    if (!order) return reply.code(404).type('text/html; charset=utf-8').send(renderMissingOrderPage());
    const form = objectOf(request.body);
    if (order.status === 'PENDING') {
      const method = (Object.keys(PAYMENT_METHODS).includes(String(form.method)) ? form.method : 'mtn') as PaymentMethodChoice;
      state.settle(
        order,
        form.action === 'approve' ? 'COMPLETED' : 'FAILED',
        method,
        typeof form.phone === 'string' ? form.phone : undefined,
      );
      ipnSender.notify(order);
    }
    return reply.redirect(callbackUrlFor(order, true), 303);
  });

  registerControls(app, state, ipnSender);
}

/** Test controls: settle orders without the page, inject faults, shape IPN delivery, read what happened. */
function registerControls(app: FastifyInstance, state: SimulatorState, ipnSender: IpnSender): void {
  const orderOr404 = (request: FastifyRequest, reply: FastifyReply) => {
    const order = state.orders.get((request.params as { trackingId: string }).trackingId);
    if (!order) void reply.code(404).send({ error: 'no such order' });
    return order;
  };

  app.post('/__control/orders/:trackingId/:outcome', async (request, reply) => {
    const order = orderOr404(request, reply);
    if (!order) return reply;
    const { outcome } = request.params as { outcome: string };
    const body = objectOf(request.body);
    const copies = typeof body.ipnCopies === 'number' ? body.ipnCopies : 1;
    if (outcome === 'complete' || outcome === 'fail') {
      state.settle(order, outcome === 'complete' ? 'COMPLETED' : 'FAILED', (body.method as PaymentMethodChoice) ?? 'mtn');
      if (typeof body.amount === 'number') order.amount = body.amount;
    } else if (outcome === 'reverse') {
      if (order.status !== 'COMPLETED') return reply.code(409).send({ error: `order is ${order.status}` });
      order.status = 'REVERSED';
    } else if (outcome !== 'ipn') {
      return reply.code(404).send({ error: `unknown outcome ${outcome}` });
    }
    if (body.sendIpn !== false) ipnSender.notify(order, copies);
    return { trackingId: order.trackingId, status: order.status };
  });

  app.post('/__control/faults', async (request, reply) => {
    const body = objectOf(request.body);
    const endpoint = body.endpoint as Endpoint;
    if (!ENDPOINTS.includes(endpoint)) return reply.code(400).send({ error: `endpoint must be one of ${ENDPOINTS.join(', ')}` });
    state.faults.set(endpoint, {
      failNext: Number(body.failNext ?? 0),
      delayNext: Number(body.delayNext ?? 0),
      delayMs: Number(body.delayMs ?? 0),
    });
    return { ok: true };
  });

  app.post('/__control/tokens/expire', async () => {
    state.tokens.clear();
    return { ok: true };
  });

  app.post('/__control/token-ttl', async (request) => {
    state.tokens.ttlSeconds = Number(objectOf(request.body).seconds ?? 300);
    return { ok: true, tokenTtlSeconds: state.tokens.ttlSeconds };
  });

  app.post('/__control/ipns/hold', async () => {
    ipnSender.hold();
    return { ok: true };
  });

  app.post('/__control/ipns/release', async (request) => {
    const released = ipnSender.release(objectOf(request.body).reverse === true);
    return { released };
  });

  app.get('/__control/calls', async () => state.calls);
  app.get('/__control/ipns', async () => state.ipnAttempts);
  app.get('/__control/orders', async () => [...state.orders.values()]);
  app.post('/__control/reset', async () => {
    state.reset();
    return { ok: true };
  });
}

function statusView(order: SimulatedOrder): TransactionStatusResponse {
  const callBackUrl = callbackUrlFor(order, false);
  const common = {
    amount: order.amount,
    created_date: order.createdAt,
    order_tracking_id: order.trackingId,
    message: 'Request processed successfully',
    call_back_url: callBackUrl,
    merchant_reference: order.merchantReference,
    payment_status_code: '',
    currency: order.currency,
  };
  if (order.status === 'PENDING' || order.status === 'CANCELLED') {
    // A not-yet-paid order: HTTP 200, body status "500", INVALID, and an error that means "pending".
    const cancelled = order.status === 'CANCELLED';
    return {
      ...common,
      payment_method: '',
      confirmation_code: '',
      payment_status_description: 'INVALID',
      description: cancelled ? 'Order cancelled' : null,
      payment_account: '',
      status_code: 0,
      error: cancelled
        ? { error_type: 'api_error', code: 'order_cancelled', message: 'Order cancelled', call_back_url: callBackUrl }
        : { error_type: 'api_error', code: PENDING_PAYMENT_CODE, message: 'Pending Payment', call_back_url: callBackUrl },
      status: '500',
    };
  }
  return {
    ...common,
    payment_method: order.paymentMethod,
    confirmation_code: order.confirmationCode,
    // PesaPal's casing varies between answers; clients must read status_code.
    payment_status_description: order.status === 'COMPLETED' ? 'Completed' : order.status === 'FAILED' ? 'Failed' : 'Reversed',
    description: order.failureDescription,
    payment_account: order.paymentAccount,
    status_code: STATUS_CODES[order.status],
    error: NULL_ERROR,
    status: '200',
  };
}

function orderProblem(body: Record<string, unknown>, state: SimulatorState) {
  const invalid = (message: string) => apiError('invalid_request_error', 'invalid_api_request_parameters', message);
  if (typeof body.id !== 'string' || !MERCHANT_REFERENCE.test(body.id))
    return invalid('Invalid merchant reference (id): at most 50 letters, digits, - _ . :');
  if (state.findOrderByReference(body.id)) return invalid('Duplicate merchant reference (id)');
  if (typeof body.currency !== 'string' || !/^[A-Z]{3}$/.test(body.currency)) return invalid('Invalid currency');
  if (typeof body.amount !== 'number' || !(body.amount > 0)) return invalid('Invalid amount');
  if (typeof body.description !== 'string' || body.description.length === 0 || body.description.length > 100) {
    return invalid('Description is required and must be at most 100 characters');
  }
  if (typeof body.callback_url !== 'string' || !isHttpUrl(body.callback_url)) return invalid('Invalid callback url');
  if (typeof body.notification_id !== 'string' || !state.ipns.has(body.notification_id)) {
    return invalid('Invalid IPN URL ID provided.Check format and try again');
  }
  const billing = body.billing_address;
  if (!billing || typeof billing !== 'object') {
    return apiError('api_error', 'missing_mandatory_billing_address', 'Please provide billing details information on your API request.');
  }
  const { email_address: email, phone_number: phone } = billing as BillingAddress;
  if (!email && !phone) return invalid('Provide the customer email address or phone number');
  return undefined;
}

function ipnView(ipn: SimulatedIpn) {
  return {
    id: ipn.numericId,
    url: ipn.url,
    created_date: sevenDigitFraction(new Date(ipn.createdAt)),
    ipn_id: ipn.ipnId,
    notification_type: ipn.type === 'GET' ? 0 : 1,
    ipn_notification_type_description: ipn.type,
    ipn_status: 1,
    ipn_status_decription: 'Active',
    error: null,
    status: '200',
  };
}

function apiError(errorType: string, code: string, message: string) {
  return { error: { error_type: errorType, code, message }, status: '500' };
}

function callbackUrlFor(order: SimulatedOrder, withNotificationType: boolean): string {
  const url = new URL(order.callbackUrl);
  url.searchParams.set('OrderTrackingId', order.trackingId);
  url.searchParams.set('OrderMerchantReference', order.merchantReference);
  if (withNotificationType) url.searchParams.set('OrderNotificationType', 'CALLBACKURL');
  return url.toString();
}

/** The simulator's own root (the host PesaPal would be), from the request that reached it. */
function siteRoot(request: FastifyRequest): string {
  const prefix = request.routeOptions.url?.replace(/\/(pesapalv3|pesapaliframe)\/.*$/, '') ?? '';
  return `${request.protocol}://${request.host}${prefix}`;
}

function bearerOf(request: FastifyRequest): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
}

function objectOf(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
