import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../platform/logger.js';
import { startTestApp, type TestApp } from '../../../../test/support/app.js';
import { controlsFor, startSimulator, type RunningSimulator } from '../../../../test/support/pesapal.js';
import { paymentProvider } from '../provider-factory.js';
import { PesapalClient } from './client.js';
import { createIpnRegistry } from './ipn-registration.js';
import { SIMULATOR_CREDENTIALS } from './settings.js';

const log = createLogger('silent');

describe('IPN registration', () => {
  let sim: RunningSimulator;
  let t: TestApp;
  beforeAll(async () => {
    sim = await startSimulator();
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
    await sim.close();
  });

  const registry = (ipnUrl: string) =>
    createIpnRegistry({
      db: t.ctx.db,
      client: new PesapalClient({ baseUrl: sim.baseUrl, ...SIMULATOR_CREDENTIALS, log }),
      apiBaseUrl: sim.baseUrl,
      ipnUrl,
      notificationType: 'GET',
      log,
    });

  it('registers once, keeps the ipn_id in the database, and reuses it after a restart', async () => {
    const ipnUrl = `https://qgig.example.ug/ipn/${randomUUID()}`;
    const first = registry(ipnUrl);
    const [a, b] = await Promise.all([first(), first()]);
    expect(a).toBe(b);
    expect(await sim.calls('RegisterIPN')).toHaveLength(1);

    const afterRestart = registry(ipnUrl);
    expect(await afterRestart()).toBe(a);
    expect(await sim.calls('RegisterIPN')).toHaveLength(1);
    expect(await sim.calls('GetIpnList')).toHaveLength(1);
  });

  it('reuses a registration PesaPal already lists for the same URL instead of adding another', async () => {
    const ipnUrl = `https://qgig.example.ug/ipn/${randomUUID()}`;
    const client = new PesapalClient({ baseUrl: sim.baseUrl, ...SIMULATOR_CREDENTIALS, log });
    await client.registerIpn('https://someone-else.example/ipn', 'GET');
    const existing = await client.registerIpn(ipnUrl, 'GET');
    const before = (await sim.calls('RegisterIPN')).length;
    expect(await registry(ipnUrl)()).toBe(existing.ipn_id);
    expect(await sim.calls('RegisterIPN')).toHaveLength(before);
  });
});

describe('the in-process simulator', () => {
  it('serves PesaPal’s API on the app itself when PESAPAL_BASE_URL is unset, outside the OpenAPI document', async () => {
    const t = await startTestApp({ listen: true });
    try {
      const origin = t.ctx.config.publicUrl;
      const provider = paymentProvider(t.ctx);
      const order = await provider.submitOrder({
        reference: randomUUID(),
        amount: 30_000,
        currency: 'UGX',
        description: 'Night shift nurse',
        callbackUrl: `${origin}/api/v1/payments/pesapal/callback`,
        customer: { phone: '+256772000111' },
      });
      expect(order.redirectUrl.startsWith(`${origin}/pesapal-sim/pesapaliframe/PesapalIframe3/Index?OrderTrackingId=`)).toBe(true);
      expect((await fetch(order.redirectUrl)).status).toBe(200);
      expect((await provider.getStatus(order.orderTrackingId)).state).toBe('pending');

      const sim = controlsFor(origin, `${origin}/pesapal-sim/pesapalv3`, `${origin}/pesapal-sim`);
      const registrations = await sim.calls('RegisterIPN');
      expect(registrations).toHaveLength(1);
      const spec = (await t.app.inject({ url: '/api/openapi.json' })).json();
      expect(Object.keys(spec.paths).some((path) => path.includes('pesapal-sim'))).toBe(false);
    } finally {
      await t.close();
    }
  });

  it('is not mounted when a PesaPal base URL is configured', async () => {
    const t = await startTestApp({
      env: { PESAPAL_BASE_URL: 'http://127.0.0.1:9/pesapalv3', PESAPAL_CONSUMER_KEY: 'k', PESAPAL_CONSUMER_SECRET: 's' },
    });
    try {
      const response = await t.app.inject({ method: 'POST', url: '/pesapal-sim/pesapalv3/api/Auth/RequestToken', payload: {} });
      expect(response.statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });
});
