import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../platform/logger.js';
import { acknowledge, eventually, startMerchant, startSimulator, type RunningSimulator } from '../../../../test/support/pesapal.js';
import { PesapalClient, PesapalError } from './client.js';
import { PesapalPaymentProvider } from './pesapal-provider.js';
import { SIMULATOR_CREDENTIALS } from './settings.js';
import type { SubmitOrderRequest } from './wire.js';

let sim: RunningSimulator;
let merchant: Awaited<ReturnType<typeof startMerchant>>;
const logLines: string[] = [];
const log = createLogger(
  'debug',
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  }),
);

beforeAll(async () => {
  sim = await startSimulator();
  merchant = await startMerchant(acknowledge);
});
afterAll(async () => {
  await sim.close();
  await merchant.close();
});
afterEach(async () => {
  await sim.control('/reset', {});
  merchant.received.length = 0;
});

const clientFor = (overrides: Partial<ConstructorParameters<typeof PesapalClient>[0]> = {}) =>
  new PesapalClient({ baseUrl: sim.baseUrl, ...SIMULATOR_CREDENTIALS, log, ...overrides });

async function providerWithIpn(type: 'GET' | 'POST' = 'GET', client = clientFor()) {
  const ipnId = (await client.registerIpn(merchant.url, type)).ipn_id;
  return { client, provider: new PesapalPaymentProvider(client, async () => ipnId), ipnId };
}

const order = (overrides: Record<string, unknown> = {}) => ({
  reference: randomUUID(),
  amount: 50_000,
  currency: 'UGX',
  description: 'Substitute maths teacher, 1 Dec 2026',
  callbackUrl: 'http://127.0.0.1:9/payments/callback',
  customer: { email: 'bursar@stmarys.ug', phone: '+256772123456', firstName: 'Grace', lastName: 'Mukasa' },
  ...overrides,
});

describe('access tokens', () => {
  it('asks for one token however many calls need one at once', async () => {
    const client = clientFor();
    await Promise.all(Array.from({ length: 50 }, () => client.listIpns()));
    expect(await sim.calls('RequestToken')).toHaveLength(1);
    expect(await sim.calls('GetIpnList')).toHaveLength(50);
  });

  it('renews before the expiryDate PesaPal gave, not after a hard-coded five minutes', async () => {
    await sim.control('/token-ttl', { seconds: 2 });
    const client = clientFor();
    await client.listIpns();
    await client.listIpns();
    expect(await sim.calls('RequestToken')).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await client.listIpns();
    expect(await sim.calls('RequestToken')).toHaveLength(2);
  });

  it('renews once when PesaPal drops the token early, and the call succeeds', async () => {
    const client = clientFor();
    await client.listIpns();
    await sim.control('/tokens/expire', {});
    await expect(client.listIpns()).resolves.toEqual([]);
    expect(await sim.calls('RequestToken')).toHaveLength(2);
  });

  it('reports wrong credentials with PesaPal’s error code and without the secret', async () => {
    const secret = 'a-very-secret-consumer-secret';
    const client = clientFor({ consumerSecret: secret });
    const error = await client.listIpns().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PesapalError);
    expect((error as PesapalError).errorCode).toBe('invalid_consumer_key_or_secret_provided');
    expect(String(error)).not.toContain(secret);
    expect(logLines.join('')).not.toContain(secret);
  });
});

describe('IPN registration', () => {
  it('answers with the misspelt status field and lists the registration', async () => {
    const client = clientFor();
    const registered = await client.registerIpn(merchant.url, 'POST');
    expect(registered).toMatchObject({
      url: merchant.url,
      notification_type: 1,
      ipn_status: 1,
      ipn_status_decription: 'Active',
      status: '200',
    });
    expect(typeof registered.id).toBe('number');
    expect((await client.listIpns()).map((ipn) => ipn.ipn_id)).toEqual([registered.ipn_id]);
  });
});

describe('orders and their status', () => {
  it('reads a fresh order as pending, although PesaPal answers status_code 0 and an error', async () => {
    const { provider } = await providerWithIpn();
    const submitted = await provider.submitOrder(order());
    expect(submitted.redirectUrl).toBe(`${sim.origin}/pesapaliframe/PesapalIframe3/Index?OrderTrackingId=${submitted.orderTrackingId}`);
    const raw = await clientFor().getTransactionStatus(submitted.orderTrackingId);
    expect(raw).toMatchObject({
      status_code: 0,
      payment_status_description: 'INVALID',
      status: '500',
      error: { code: 'payment_details_not_found' },
    });
    expect((await provider.getStatus(submitted.orderTrackingId)).state).toBe('pending');
  });

  it.each([
    ['complete', 'completed'],
    ['fail', 'failed'],
  ] as const)('reads the outcome after %s by status_code', async (outcome, state) => {
    const { provider } = await providerWithIpn();
    const { orderTrackingId } = await provider.submitOrder(order());
    await sim.control(`/orders/${orderTrackingId}/${outcome}`, { sendIpn: false });
    const status = await provider.getStatus(orderTrackingId);
    expect(status.state).toBe(state);
    expect(status.amount).toBe(50_000);
    expect(status.currency).toBe('UGX');
    if (state === 'completed') expect(status.confirmationCode).toMatch(/^[0-9A-F]{10}$/);
  });

  it('reads a reversed payment', async () => {
    const { provider } = await providerWithIpn();
    const { orderTrackingId } = await provider.submitOrder(order());
    await sim.control(`/orders/${orderTrackingId}/complete`, { sendIpn: false });
    await sim.control(`/orders/${orderTrackingId}/reverse`, { sendIpn: false });
    expect((await provider.getStatus(orderTrackingId)).state).toBe('reversed');
  });

  it.each([
    ['an unknown notification id', { notification_id: randomUUID() }, 'invalid_api_request_parameters'],
    ['no billing address', { billing_address: undefined }, 'missing_mandatory_billing_address'],
    ['a description over 100 characters', { description: 'x'.repeat(101) }, 'invalid_api_request_parameters'],
    ['a merchant reference with spaces', { id: 'not allowed here' }, 'invalid_api_request_parameters'],
  ])('refuses an order with %s, keeping PesaPal’s error body', async (_label, change, code) => {
    const { client, ipnId } = await providerWithIpn();
    const request = {
      id: randomUUID(),
      currency: 'UGX',
      amount: 1000,
      description: 'Test',
      callback_url: 'http://127.0.0.1:9/cb',
      notification_id: ipnId,
      billing_address: { email_address: 'a@b.ug' },
      ...change,
    };
    const error = (await client.submitOrder(request as SubmitOrderRequest).catch((caught: unknown) => caught)) as PesapalError;
    expect(error).toBeInstanceOf(PesapalError);
    expect(error.kind).toBe('api');
    expect(error.errorCode).toBe(code);
    expect(error.body).toMatchObject({ status: '500', error: { code } });
  });

  it('surfaces a failing status endpoint as a transient error, then succeeds when it recovers', async () => {
    const { provider } = await providerWithIpn();
    const { orderTrackingId } = await provider.submitOrder(order());
    await sim.control('/faults', { endpoint: 'GetTransactionStatus', failNext: 3 });
    for (let attempt = 0; attempt < 3; attempt++) {
      const error = (await provider.getStatus(orderTrackingId).catch((caught: unknown) => caught)) as PesapalError;
      expect(error).toBeInstanceOf(PesapalError);
      expect(error.httpStatus).toBe(500);
      expect(error.transient).toBe(true);
    }
    expect((await provider.getStatus(orderTrackingId)).state).toBe('pending');
  });

  it('gives up on a call with no answer within the timeout', async () => {
    const client = clientFor({ timeoutMs: 200 });
    await client.listIpns();
    await sim.control('/faults', { endpoint: 'GetIpnList', delayNext: 1, delayMs: 1000 });
    const error = (await client.listIpns().catch((caught: unknown) => caught)) as PesapalError;
    expect(error).toBeInstanceOf(PesapalError);
    expect(error.kind).toBe('timeout');
    expect(error.transient).toBe(true);
  });
});

describe('refunds and cancellations', () => {
  it('refunds a completed payment once, in full for mobile money, and it then reads reversed', async () => {
    const { provider } = await providerWithIpn();
    const { orderTrackingId } = await provider.submitOrder(order());
    const pendingRefund = await provider.refund({ confirmationCode: 'NOPE', amount: 50_000, requestedBy: 'admin', remarks: 'x' });
    expect(pendingRefund.accepted).toBe(false);

    await sim.control(`/orders/${orderTrackingId}/complete`, { sendIpn: false });
    const { confirmationCode } = await provider.getStatus(orderTrackingId);
    const refund = { confirmationCode: confirmationCode!, requestedBy: 'Qgig admin', remarks: 'Shift cancelled' };
    expect((await provider.refund({ ...refund, amount: 20_000 })).accepted).toBe(false);
    expect(await provider.refund({ ...refund, amount: 50_000 })).toEqual({ accepted: true, message: 'Refund request successfully' });
    expect((await provider.refund({ ...refund, amount: 50_000 })).accepted).toBe(false);
    await eventually(async () => (await provider.getStatus(orderTrackingId)).state === 'reversed');
  });

  it('cancels a pending order once, and never a completed one', async () => {
    const { provider } = await providerWithIpn();
    const pending = await provider.submitOrder(order());
    expect((await provider.cancel(pending.orderTrackingId)).accepted).toBe(true);
    expect((await provider.cancel(pending.orderTrackingId)).accepted).toBe(false);
    expect((await provider.getStatus(pending.orderTrackingId)).state).toBe('failed');

    const paid = await provider.submitOrder(order());
    await sim.control(`/orders/${paid.orderTrackingId}/complete`, { sendIpn: false });
    expect((await provider.cancel(paid.orderTrackingId)).accepted).toBe(false);
  });
});

describe('IPN delivery', () => {
  it.each(['GET', 'POST'] as const)('sends an %s IPN with the three PesaPal fields', async (type) => {
    const { provider } = await providerWithIpn(type);
    const submitted = order();
    const { orderTrackingId } = await provider.submitOrder(submitted);
    await sim.control(`/orders/${orderTrackingId}/complete`, {});
    const ipn = await eventually(() => merchant.received[0]);
    expect(ipn).toEqual({
      method: type,
      fields: { OrderTrackingId: orderTrackingId, OrderMerchantReference: submitted.reference, OrderNotificationType: 'IPNCHANGE' },
    });
  });

  it('retries until the merchant answers 200 with the JSON acknowledgement', async () => {
    await merchant.close();
    let answers = 0;
    merchant = await startMerchant((ipn) => {
      answers += 1;
      if (answers === 1) return { status: 500, body: { error: 'database down' } };
      if (answers === 2) return { status: 200, body: { status: 'received' } };
      return acknowledge(ipn);
    });
    const { provider } = await providerWithIpn();
    const { orderTrackingId } = await provider.submitOrder(order());
    await sim.control(`/orders/${orderTrackingId}/complete`, {});
    const attempts = await eventually(async () => {
      const log = (await sim.control('/ipns')) as { acknowledged: boolean; attempt: number; httpStatus: number }[];
      return log.some((entry) => entry.acknowledged) ? log : undefined;
    });
    expect(attempts.map((entry) => [entry.attempt, entry.httpStatus, entry.acknowledged])).toEqual([
      [1, 500, false],
      [2, 200, false],
      [3, 200, true],
    ]);
    await merchant.close();
    merchant = await startMerchant(acknowledge);
  });

  it('sends duplicates when asked, and holds IPNs back to deliver them out of order', async () => {
    const { provider } = await providerWithIpn();
    const first = await provider.submitOrder(order());
    await sim.control(`/orders/${first.orderTrackingId}/complete`, { ipnCopies: 3 });
    await eventually(() => merchant.received.length === 3);

    merchant.received.length = 0;
    const second = await provider.submitOrder(order());
    await sim.control('/ipns/hold', {});
    await sim.control(`/orders/${second.orderTrackingId}/complete`, {});
    await sim.control(`/orders/${second.orderTrackingId}/reverse`, {});
    expect(merchant.received).toHaveLength(0);
    expect(await sim.control('/ipns/release', { reverse: true })).toEqual({ released: 2 });
    await eventually(() => merchant.received.length === 2);
  });
});

describe('the hosted checkout page', () => {
  it.each([
    ['approve', 'completed'],
    ['decline', 'failed'],
  ] as const)('settles the order on %s, sends the IPN and sends the browser back to the callback', async (action, state) => {
    const { provider } = await providerWithIpn();
    const submitted = order({ amount: 125_000 });
    const { orderTrackingId, redirectUrl } = await provider.submitOrder(submitted);

    const page = await fetch(redirectUrl);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('UGX 125,000');
    expect(html).toContain('name="action" value="approve"');
    expect(html).toContain('+256772123456');

    const posted = await fetch(redirectUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ action, method: 'airtel', phone: '0701234567' }),
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    const callback = new URL(posted.headers.get('location')!);
    expect(callback.pathname).toBe('/payments/callback');
    expect(Object.fromEntries(callback.searchParams)).toEqual({
      OrderTrackingId: orderTrackingId,
      OrderMerchantReference: submitted.reference,
      OrderNotificationType: 'CALLBACKURL',
    });
    const status = await provider.getStatus(orderTrackingId);
    expect(status.state).toBe(state);
    expect(status.paymentMethod).toBe('Airtel Money UG');
    await eventually(() => merchant.received.length === 1);
  });

  it('escapes what the merchant sent when it renders the page', async () => {
    const { provider } = await providerWithIpn();
    const { redirectUrl } = await provider.submitOrder(order({ description: '<script>alert(1)</script>' }));
    const html = await (await fetch(redirectUrl)).text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&#60;script&#62;');
  });
});
