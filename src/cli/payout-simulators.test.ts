import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/support/ports.js';
import { AirtelMoneyClient } from '../modules/payouts/airtel/client.js';
import { MtnMomoClient } from '../modules/payouts/mtn/client.js';
import type { PayoutProvider } from '../modules/payouts/provider.js';

/** Starts a simulator CLI on a free port and returns the variables its first line prints, then a stop function. */
async function startCli(script: string, variablePrefix: string) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--port', String(port)], { cwd: process.cwd() });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const line = await new Promise<string>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (text) => {
      if (text.includes(`${variablePrefix}_BASE_URL=`)) resolve(text);
    });
  });
  const message = (JSON.parse(line) as { msg: string }).msg;
  const variables = Object.fromEntries([...message.matchAll(/([A-Z_]+)=(\S+)/g)].map((match) => [match[1]!, match[2]!]));
  return {
    port,
    variables,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

async function sendAndPoll(provider: PayoutProvider) {
  const request = { reference: randomUUID(), amount: 20_000, currency: 'UGX', phone: '+256772123456', narration: 'Qgig pay' };
  await provider.send(request);
  return provider.status(request.reference);
}

describe('standalone payout simulators', () => {
  it('npm run momo:sim -- --port N serves MoMo Disbursement there and prints the MOMO_* variables', async () => {
    const cli = await startCli('src/cli/momo-simulator.ts', 'MOMO');
    try {
      const vars = cli.variables;
      expect(vars.MOMO_BASE_URL).toBe(`http://127.0.0.1:${cli.port}`);
      const provider = new MtnMomoClient({
        baseUrl: vars.MOMO_BASE_URL!,
        subscriptionKey: vars.MOMO_SUBSCRIPTION_KEY!,
        apiUser: vars.MOMO_API_USER!,
        apiKey: vars.MOMO_API_KEY!,
        targetEnvironment: vars.MOMO_TARGET_ENVIRONMENT!,
      });
      await expect(sendAndPoll(provider)).resolves.toMatchObject({ state: 'successful' });
    } finally {
      expect(await cli.stop()).toBe(0);
    }
  }, 30_000);

  it('npm run airtel:sim -- --port N makes its own key pair and prints AIRTEL_PUBLIC_KEY with the other AIRTEL_* variables', async () => {
    const cli = await startCli('src/cli/airtel-simulator.ts', 'AIRTEL');
    try {
      const vars = cli.variables;
      expect(vars.AIRTEL_BASE_URL).toBe(`http://127.0.0.1:${cli.port}`);
      const provider = new AirtelMoneyClient({
        baseUrl: vars.AIRTEL_BASE_URL!,
        clientId: vars.AIRTEL_CLIENT_ID!,
        clientSecret: vars.AIRTEL_CLIENT_SECRET!,
        pin: vars.AIRTEL_PIN!,
        publicKey: vars.AIRTEL_PUBLIC_KEY!,
      });
      await expect(sendAndPoll(provider)).resolves.toMatchObject({ state: 'successful' });
    } finally {
      expect(await cli.stop()).toBe(0);
    }
  }, 30_000);
});
