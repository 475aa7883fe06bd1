import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMomoSimulator } from '../../../../test/support/payout-simulators.js';
import { eventually, type RunningSimulator } from '../../../../test/support/pesapal.js';
import { MtnMomoClient } from './client.js';
import { MOMO_SIMULATOR_CREDENTIALS, MOMO_SIMULATOR_TARGET_ENVIRONMENT } from './settings.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startMomoSimulator();
});
afterAll(() => sim.close());
afterEach(() => sim.control('/reset', {}));

const client = (overrides: Partial<ConstructorParameters<typeof MtnMomoClient>[0]> = {}) =>
  new MtnMomoClient({
    baseUrl: sim.baseUrl,
    ...MOMO_SIMULATOR_CREDENTIALS,
    targetEnvironment: MOMO_SIMULATOR_TARGET_ENVIRONMENT,
    ...overrides,
  });

const transfer = {
  amount: '1000',
  currency: 'UGX',
  externalId: 'x',
  payee: { partyIdType: 'MSISDN', partyId: '256772123456' },
  payerMessage: 'Qgig',
  payeeNote: 'Qgig',
};

/** A raw call to the simulator's API with a valid token, to see MTN's own status codes. */
async function raw(path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  const token = await fetch(`${sim.baseUrl}/disbursement/token/`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${MOMO_SIMULATOR_CREDENTIALS.apiUser}:${MOMO_SIMULATOR_CREDENTIALS.apiKey}`).toString('base64')}`,
      'Ocp-Apim-Subscription-Key': MOMO_SIMULATOR_CREDENTIALS.subscriptionKey,
    },
  }).then((response) => response.json() as Promise<{ access_token: string }>);
  return fetch(`${sim.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token.access_token}`,
      'Ocp-Apim-Subscription-Key': MOMO_SIMULATOR_CREDENTIALS.subscriptionKey,
      'X-Target-Environment': MOMO_SIMULATOR_TARGET_ENVIRONMENT,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

describe('the MTN simulator speaks MoMo Disbursement', () => {
  it('answers a transfer 202, a reused X-Reference-Id 409 RESOURCE_ALREADY_EXIST, an unknown one 404 RESOURCE_NOT_FOUND', async () => {
    const reference = randomUUID();
    const first = await raw('/disbursement/v1_0/transfer', { method: 'POST', headers: { 'X-Reference-Id': reference }, body: transfer });
    expect(first.status).toBe(202);
    expect(await first.text()).toBe('');
    const again = await raw('/disbursement/v1_0/transfer', { method: 'POST', headers: { 'X-Reference-Id': reference }, body: transfer });
    expect([again.status, ((await again.json()) as { code: string }).code]).toEqual([409, 'RESOURCE_ALREADY_EXIST']);
    const unknown = await raw(`/disbursement/v1_0/transfer/${randomUUID()}`);
    expect([unknown.status, ((await unknown.json()) as { code: string }).code]).toEqual([404, 'RESOURCE_NOT_FOUND']);
  });

  it('refuses what MTN refuses: a reference that is not a UUID v4, an apostrophe, a + in the MSISDN, a body on /token, a wrong subscription key', async () => {
    const post = (headers: Record<string, string>, body: unknown) => raw('/disbursement/v1_0/transfer', { method: 'POST', headers, body });
    expect((await post({ 'X-Reference-Id': 'payout-1' }, transfer)).status).toBe(400);
    expect((await post({ 'X-Reference-Id': randomUUID() }, { ...transfer, payerMessage: "Nakato's pay" })).status).toBe(400);
    expect(
      (await post({ 'X-Reference-Id': randomUUID() }, { ...transfer, payee: { partyIdType: 'MSISDN', partyId: '+256772123456' } })).status,
    ).toBe(400);
    expect((await post({ 'X-Reference-Id': randomUUID(), 'X-Callback-Url': '' }, transfer)).status).toBe(400);
    const withBody = await fetch(`${sim.baseUrl}/disbursement/token/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'Ocp-Apim-Subscription-Key': MOMO_SIMULATOR_CREDENTIALS.subscriptionKey },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    expect(withBody.status).toBe(400);
    expect((await raw('/disbursement/v1_0/transfer/x', { headers: { 'Ocp-Apim-Subscription-Key': 'collection-key' } })).status).toBe(401);
    expect(await sim.control('/transfers')).toEqual([]);
  });

  it('takes EUR only in the sandbox environment, with a 500 INVALID_CURRENCY as MTN does', async () => {
    const sandbox = await startMomoSimulator({ targetEnvironment: 'sandbox' });
    try {
      const provider = new MtnMomoClient({ baseUrl: sandbox.baseUrl, ...MOMO_SIMULATOR_CREDENTIALS, targetEnvironment: 'sandbox' });
      const base = { reference: randomUUID(), amount: 5, phone: '+256772123456', narration: 'Qgig' };
      await expect(provider.send({ ...base, currency: 'UGX' })).rejects.toMatchObject({
        httpStatus: 500,
        body: { code: 'INVALID_CURRENCY' },
      });
      await expect(provider.send({ ...base, currency: 'EUR' })).resolves.toEqual({ state: 'pending' });
    } finally {
      await sandbox.close();
    }
  });
});

describe('the MTN client', () => {
  it('sends the MSISDN without +, the amount as a string, and messages without the characters MTN refuses', async () => {
    const reference = randomUUID();
    await client().send({ reference, amount: 45_000, currency: 'UGX', phone: '+256772123456', narration: "Nakato's pay: Mulago <12 Jun>" });
    const [received] = await sim.control<{ wallet: string; amount: number; externalId: string; message: string }[]>('/transfers');
    expect(received).toMatchObject({ wallet: '772123456', amount: 45_000, externalId: reference, message: 'Nakato s pay: Mulago 12 Jun' });
  });

  it('gives X-Callback-Url, and MTN calls it once with the final status when the transfer settles', async () => {
    const received: { method: string; body: unknown }[] = [];
    const listener = Fastify();
    listener.route({
      method: ['PUT', 'POST'],
      url: '/webhooks/momo/secret',
      handler: async (request) => received.push({ method: request.method, body: request.body }),
    });
    const origin = await listener.listen({ port: 0, host: '127.0.0.1' });
    try {
      await sim.control('/settle-after', { ms: 100 });
      const reference = randomUUID();
      await client().send({
        reference,
        amount: 45_000,
        currency: 'UGX',
        phone: '+256772123456',
        narration: 'Qgig',
        callbackUrl: `${origin}/webhooks/momo/secret`,
      });
      const [callback] = await eventually(() => (received.length > 0 ? received : undefined));
      expect(callback).toEqual({
        method: 'PUT',
        body: expect.objectContaining({
          externalId: reference,
          status: 'SUCCESSFUL',
          financialTransactionId: expect.any(String),
          amount: '45000',
        }),
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(received).toHaveLength(1);
      expect(await sim.control('/callbacks')).toEqual([expect.objectContaining({ reference, httpStatus: 200, method: 'PUT' })]);
    } finally {
      await listener.close();
    }
  });
});
