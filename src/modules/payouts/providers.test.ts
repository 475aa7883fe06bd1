import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAirtelSimulator, startMomoSimulator } from '../../../test/support/payout-simulators.js';
import type { RunningSimulator } from '../../../test/support/pesapal.js';
import { AirtelMoneyClient } from './airtel/client.js';
import { AIRTEL_SIMULATOR_CREDENTIALS, AIRTEL_SIMULATOR_PIN } from './airtel/settings.js';
import { AIRTEL_FAILURE_CODES, airtelTransactionId } from './airtel/wire.js';
import { MtnMomoClient } from './mtn/client.js';
import { MOMO_SIMULATOR_CREDENTIALS, MOMO_SIMULATOR_TARGET_ENVIRONMENT } from './mtn/settings.js';
import { MTN_FAILURE_REASONS } from './mtn/wire.js';
import { PayoutError, type PayoutProvider, type PayoutRequest } from './provider.js';

/** What differs between the networks; every behaviour below holds for both, over real HTTP. */
interface Network {
  name: string;
  start(): Promise<RunningSimulator & { publicKey?: string }>;
  client(sim: RunningSimulator & { publicKey?: string }, overrides?: Record<string, unknown>): PayoutProvider;
  failureReasons: readonly string[];
  operations: { token: string; send: string; status: string; name: string };
  wrongCredentials: Record<string, string>;
  /** The id under which the network files our reference. */
  transferId(reference: string): string;
}

const networks: Network[] = [
  {
    name: 'MTN MoMo',
    start: () => startMomoSimulator(),
    client: (sim, overrides) =>
      new MtnMomoClient({
        baseUrl: sim.baseUrl,
        ...MOMO_SIMULATOR_CREDENTIALS,
        targetEnvironment: MOMO_SIMULATOR_TARGET_ENVIRONMENT,
        ...overrides,
      }),
    failureReasons: MTN_FAILURE_REASONS,
    operations: { token: 'token', send: 'transfer', status: 'transfer-status', name: 'basicuserinfo' },
    wrongCredentials: { apiKey: 'not-the-key' },
    transferId: (reference) => reference,
  },
  {
    name: 'Airtel Money',
    start: () => startAirtelSimulator(),
    client: (sim, overrides) =>
      new AirtelMoneyClient({
        baseUrl: sim.baseUrl,
        ...AIRTEL_SIMULATOR_CREDENTIALS,
        pin: AIRTEL_SIMULATOR_PIN,
        publicKey: sim.publicKey!,
        ...overrides,
      }),
    failureReasons: AIRTEL_FAILURE_CODES,
    operations: { token: 'token', send: 'disbursement', status: 'enquiry', name: 'user-enquiry' },
    wrongCredentials: { clientSecret: 'not-the-secret' },
    transferId: airtelTransactionId,
  },
];

const payout = (overrides: Partial<PayoutRequest> = {}): PayoutRequest => ({
  reference: randomUUID(),
  amount: 45_000,
  currency: 'UGX',
  phone: '+256772123456',
  narration: 'Qgig pay: Mulago 12 Jun',
  ...overrides,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function payoutError(promise: Promise<unknown>): Promise<PayoutError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PayoutError);
  return error as PayoutError;
}

describe.each(networks)('$name', (network) => {
  let sim: Awaited<ReturnType<Network['start']>>;
  const client = (overrides?: Record<string, unknown>) => network.client(sim, overrides);
  const fault = (operation: string, fields: Record<string, number>) => sim.control('/faults', { endpoint: operation, ...fields });

  beforeAll(async () => {
    sim = await network.start();
  });
  afterAll(() => sim.close());
  afterEach(() => sim.control('/reset', {}));

  describe('access tokens', () => {
    it('asks for one token however many calls need one at once, and keeps it', async () => {
      const provider = client();
      await Promise.all(Array.from({ length: 20 }, () => provider.status(randomUUID())));
      await provider.status(randomUUID());
      expect(await sim.calls(network.operations.token)).toHaveLength(1);
      expect(await sim.calls(network.operations.status)).toHaveLength(21);
    });

    it('renews before the lifetime the network gave runs out', async () => {
      await sim.control('/token-ttl', { seconds: 2 });
      const provider = client();
      await provider.status(randomUUID());
      await provider.status(randomUUID());
      expect(await sim.calls(network.operations.token)).toHaveLength(1);
      await sleep(1100);
      await provider.status(randomUUID());
      expect(await sim.calls(network.operations.token)).toHaveLength(2);
    });

    it('renews once when the network drops the token early, and the call succeeds', async () => {
      const provider = client();
      await provider.status(randomUUID());
      await sim.control('/tokens/expire', {});
      await expect(provider.status(randomUUID())).resolves.toEqual({ state: 'not_found' });
      expect(await sim.calls(network.operations.token)).toHaveLength(2);
    });

    it('wrong credentials are a final, not a retryable, error', async () => {
      const error = await payoutError(client(network.wrongCredentials).send(payout()));
      expect(error.kind).toBe('auth');
      expect(error.retryable).toBe(false);
      expect(error.message).not.toContain('not-the-');
    });
  });

  it('sends a payout that the network then reports successful, with its receipt id', async () => {
    const provider = client();
    const request = payout();
    expect(['pending', 'successful']).toContain((await provider.send(request)).state);
    const outcome = await provider.status(request.reference);
    expect(outcome).toEqual({ state: 'successful', providerReference: expect.stringMatching(/^\d{9}$/) });
    const [transfer] = await sim.control<{ wallet: string; amount: number; currency: string }[]>('/transfers');
    expect(transfer).toMatchObject({ wallet: '772123456', amount: 45_000, currency: 'UGX' });
  });

  it('a timeout is retryable; sent again under the same reference it is taken as already received, and paid once', async () => {
    const provider = client({ timeoutMs: 300 });
    const request = payout();
    await fault(network.operations.send, { delayNext: 1, delayMs: 1000 });
    const error = await payoutError(provider.send(request));
    expect([error.kind, error.retryable]).toEqual(['timeout', true]);
    await expect(provider.send(request)).resolves.toEqual({ state: 'pending' });
    await expect(provider.status(request.reference)).resolves.toMatchObject({ state: 'successful' });
    expect(await sim.control('/transfers')).toHaveLength(1);
  });

  it('a 500 is retryable; the network never received that transfer, so it is not found and may be sent again', async () => {
    const provider = client();
    const request = payout();
    await fault(network.operations.send, { failNext: 1 });
    const error = await payoutError(provider.send(request));
    expect([error.kind, error.retryable, error.httpStatus]).toEqual(['server', true, 500]);
    await expect(provider.status(request.reference)).resolves.toEqual({ state: 'not_found' });
    await provider.send(request);
    await expect(provider.status(request.reference)).resolves.toMatchObject({ state: 'successful' });
  });

  it('a status check that times out or meets a 500 is retryable, never a failure', async () => {
    const provider = client({ timeoutMs: 300 });
    const request = payout();
    await provider.send(request);
    await fault(network.operations.status, { failNext: 1 });
    expect((await payoutError(provider.status(request.reference))).retryable).toBe(true);
    await fault(network.operations.status, { delayNext: 1, delayMs: 1000 });
    expect((await payoutError(provider.status(request.reference))).kind).toBe('timeout');
    await expect(provider.status(request.reference)).resolves.toMatchObject({ state: 'successful' });
  });

  it('a transfer left PENDING stays pending until the network settles it', async () => {
    const provider = client();
    const request = payout({ phone: '+256700111222' });
    await sim.control('/payees/256700111222', { status: 'PENDING' });
    await provider.send(request);
    await expect(provider.status(request.reference)).resolves.toEqual({ state: 'pending' });
    await sleep(200);
    await expect(provider.status(request.reference)).resolves.toEqual({ state: 'pending' });
    await sim.control(`/transfers/${network.transferId(request.reference)}/settle`, { status: 'SUCCESSFUL' });
    await expect(provider.status(request.reference)).resolves.toMatchObject({ state: 'successful' });
  });

  it('each documented failure reason surfaces as failed, with that reason', async () => {
    const provider = client();
    for (const reason of network.failureReasons) {
      await sim.control('/payees/256772123456', { status: 'FAILED', reason });
      const request = payout();
      await provider.send(request);
      const outcome = await provider.status(request.reference);
      expect(outcome.state, reason).toBe('failed');
      expect(outcome.state === 'failed' && outcome.reason.startsWith(reason), reason).toBe(true);
    }
  });

  it('a reference the network never received is not found', async () => {
    await expect(client().status(randomUUID())).resolves.toEqual({ state: 'not_found' });
  });

  it("gives the account holder's name where the network knows the wallet, null otherwise", async () => {
    await sim.control('/account-holders/+256772123456', { firstName: 'Jane', lastName: 'Nakato' });
    const provider = client();
    await expect(provider.accountHolderName('+256772123456')).resolves.toBe('Jane Nakato');
    await expect(provider.accountHolderName('+256701999888')).resolves.toBeNull();
    expect(await sim.calls(network.operations.name)).toHaveLength(2);
  });
});
