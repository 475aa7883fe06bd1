import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAirtelSimulator } from '../../../../test/support/payout-simulators.js';
import { PayoutError } from '../provider.js';
import { AirtelMoneyClient } from './client.js';
import { airtelPublicKey, decryptPin, encryptPin } from './pin.js';
import { AIRTEL_SIMULATOR_CREDENTIALS, AIRTEL_SIMULATOR_PIN } from './settings.js';
import { INCORRECT_PIN_CODE } from './simulator.js';
import { airtelTransactionId } from './wire.js';

let sim: Awaited<ReturnType<typeof startAirtelSimulator>>;
beforeAll(async () => {
  sim = await startAirtelSimulator();
});
afterAll(() => sim.close());
afterEach(() => sim.control('/reset', {}));

const client = (overrides: Partial<ConstructorParameters<typeof AirtelMoneyClient>[0]> = {}) =>
  new AirtelMoneyClient({
    baseUrl: sim.baseUrl,
    ...AIRTEL_SIMULATOR_CREDENTIALS,
    pin: AIRTEL_SIMULATOR_PIN,
    publicKey: sim.publicKey,
    ...overrides,
  });
const payout = () => ({ reference: randomUUID(), amount: 45_000, currency: 'UGX', phone: '+256752123456', narration: 'Qgig pay' });

interface Transfer {
  reference: string;
  wallet: string;
  externalId: string;
  status: string;
  reason: string | null;
}

describe('the PIN', () => {
  it("is RSA-encrypted with the network's public key (base64 SPKI or PEM) and decrypts to itself", () => {
    const pem = sim.keyPair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    for (const key of [sim.publicKey, pem]) {
      const encrypted = encryptPin('2468', airtelPublicKey(key));
      expect(Buffer.from(encrypted, 'base64')).toHaveLength(256);
      expect(decryptPin(encrypted, sim.keyPair.privateKey)).toBe('2468');
    }
    expect(decryptPin(Buffer.alloc(256, 7).toString('base64'), sim.keyPair.privateKey)).toBeUndefined();
  });

  it('the simulator decrypts the PIN the client sent; a wrong PIN fails the disbursement', async () => {
    const request = payout();
    await expect(client().send(request)).resolves.toMatchObject({ state: 'successful' });
    const wrong = payout();
    await expect(client({ pin: '1111' }).send(wrong)).resolves.toEqual({
      state: 'failed',
      reason: `${INCORRECT_PIN_CODE}: Incorrect PIN`,
      providerReference: null,
    });
    await expect(client().status(wrong.reference)).resolves.toMatchObject({
      state: 'failed',
      reason: expect.stringContaining(INCORRECT_PIN_CODE),
    });
  });
});

describe('the disbursement', () => {
  it('sends the number without its country code, B2C, and our reference as the transaction id', async () => {
    const request = payout();
    await client().send(request);
    const [transfer] = await sim.control<Transfer[]>('/transfers');
    expect(transfer).toMatchObject({
      reference: airtelTransactionId(request.reference),
      wallet: '752123456',
      externalId: airtelTransactionId(request.reference),
    });
  });

  it('answers a final status at once when Airtel settles at once, pending while it processes', async () => {
    await expect(client().send(payout())).resolves.toEqual({ state: 'successful', providerReference: expect.stringMatching(/^\d+$/) });
    await sim.control('/payees/752123456', { status: 'PENDING' });
    await expect(client().send(payout())).resolves.toEqual({ state: 'pending' });
  });

  it('the simulator checks X-Country and X-Currency: any other country is refused, not failed', async () => {
    const error = await client({ country: 'KE', currency: 'KES' })
      .send(payout())
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PayoutError);
    expect(error).toMatchObject({ kind: 'rejected', httpStatus: 400, retryable: false });
    expect(await sim.control('/transfers')).toEqual([]);
  });

  it('a not-found enquiry is DP00900001015 in the body of an HTTP 200', async () => {
    const token = (await fetch(`${sim.baseUrl}/auth/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: AIRTEL_SIMULATOR_CREDENTIALS.clientId,
        client_secret: AIRTEL_SIMULATOR_CREDENTIALS.clientSecret,
        grant_type: 'client_credentials',
      }),
    }).then((response) => response.json())) as { access_token: string; expires_in: string };
    expect(token.expires_in).toBe('180');
    const response = await fetch(`${sim.baseUrl}/standard/v2/disbursements/${airtelTransactionId(randomUUID())}?transactionType=B2C`, {
      headers: { authorization: `Bearer ${token.access_token}`, 'X-Country': 'UG', 'X-Currency': 'UGX' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: { response_code: 'DP00900001015', success: false } });
    const keys = (await fetch(`${sim.baseUrl}/v1/rsa/encryption-keys`, { headers: { authorization: `Bearer ${token.access_token}` } }).then(
      (r) => r.json(),
    )) as {
      data: { key: string };
    };
    expect(keys.data.key).toBe(sim.publicKey);
  });
});
