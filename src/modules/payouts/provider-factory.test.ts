import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../../../test/support/app.js';
import { productionEnv } from '../../../test/support/env.js';
import { startAirtelSimulator, startMomoSimulator } from '../../../test/support/payout-simulators.js';
import { controlsFor } from '../../../test/support/pesapal.js';
import { AirtelMoneyClient } from './airtel/client.js';
import { AIRTEL_SIMULATOR_CREDENTIALS, AIRTEL_SIMULATOR_PIN } from './airtel/settings.js';
import { MtnMomoClient } from './mtn/client.js';
import { MOMO_SIMULATOR_CREDENTIALS, MOMO_SIMULATOR_TARGET_ENVIRONMENT } from './mtn/settings.js';
import { payoutProvider } from './provider-factory.js';
import type { PayoutNetwork } from './provider.js';

const payout = () => ({ reference: randomUUID(), amount: 30_000, currency: 'UGX', phone: '+256772000111', narration: 'Qgig pay' });
const NETWORKS: { network: PayoutNetwork; prefix: string; tokenPath: string }[] = [
  { network: 'mtn', prefix: '/momo-sim', tokenPath: '/disbursement/token/' },
  { network: 'airtel', prefix: '/airtel-sim', tokenPath: '/auth/oauth2/token' },
];

describe('payout providers', () => {
  it('without MOMO_* or AIRTEL_*, each network is its simulator on the app itself, outside the OpenAPI document', async () => {
    const t = await startTestApp({ listen: true });
    try {
      const origin = t.ctx.config.publicUrl;
      for (const { network, prefix } of NETWORKS) {
        const provider = payoutProvider(t.ctx, network);
        expect(payoutProvider(t.ctx, network)).toBe(provider);
        expect(provider).toBeInstanceOf(network === 'mtn' ? MtnMomoClient : AirtelMoneyClient);
        const sim = controlsFor(origin, `${origin}${prefix}`, `${origin}${prefix}`);
        await sim.control('/account-holders/+256772000111', { firstName: 'Grace', lastName: 'Achieng' });
        const request = payout();
        await provider.send(request);
        await expect(provider.status(request.reference)).resolves.toMatchObject({ state: 'successful' });
        await expect(provider.accountHolderName(request.phone)).resolves.toBe('Grace Achieng');
      }
      const spec = (await t.app.inject({ url: '/api/openapi.json' })).json();
      expect(Object.keys(spec.paths).filter((path) => path.includes('-sim'))).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it("with a network's variables set, its real client speaks to that base URL and no simulator is mounted for it", async () => {
    const momo = await startMomoSimulator();
    const airtel = await startAirtelSimulator();
    const t = await startTestApp({
      env: {
        MOMO_BASE_URL: momo.baseUrl,
        MOMO_SUBSCRIPTION_KEY: MOMO_SIMULATOR_CREDENTIALS.subscriptionKey,
        MOMO_API_USER: MOMO_SIMULATOR_CREDENTIALS.apiUser,
        MOMO_API_KEY: MOMO_SIMULATOR_CREDENTIALS.apiKey,
        MOMO_TARGET_ENVIRONMENT: MOMO_SIMULATOR_TARGET_ENVIRONMENT,
        AIRTEL_BASE_URL: airtel.baseUrl,
        AIRTEL_CLIENT_ID: AIRTEL_SIMULATOR_CREDENTIALS.clientId,
        AIRTEL_CLIENT_SECRET: AIRTEL_SIMULATOR_CREDENTIALS.clientSecret,
        AIRTEL_PIN: AIRTEL_SIMULATOR_PIN,
        AIRTEL_PUBLIC_KEY: airtel.publicKey,
      },
    });
    try {
      for (const [network, sim] of [
        ['mtn', momo],
        ['airtel', airtel],
      ] as const) {
        const request = payout();
        await payoutProvider(t.ctx, network).send(request);
        await expect(payoutProvider(t.ctx, network).status(request.reference)).resolves.toMatchObject({ state: 'successful' });
        expect(await sim.control('/transfers')).toHaveLength(1);
      }
      for (const { prefix, tokenPath } of NETWORKS) {
        expect((await t.app.inject({ method: 'POST', url: `${prefix}${tokenPath}`, payload: {} })).statusCode).toBe(404);
      }
    } finally {
      await t.close();
      await momo.close();
      await airtel.close();
    }
  });

  it('in production no payout simulator runs', async () => {
    const t = await startTestApp({ env: productionEnv() });
    try {
      for (const { prefix, tokenPath } of NETWORKS) {
        const response = await t.app.inject({
          method: 'POST',
          url: `${prefix}${tokenPath}`,
          payload: {},
          headers: { 'x-forwarded-proto': 'https' },
        });
        expect(response.statusCode).toBe(404);
      }
    } finally {
      await t.close();
    }
  });
});
