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

const CLIS = [
  {
    command: 'npm run momo:sim',
    script: 'src/cli/momo-simulator.ts',
    prefix: 'MOMO',
    client: (vars: Record<string, string>) =>
      new MtnMomoClient({
        baseUrl: vars.MOMO_BASE_URL!,
        subscriptionKey: vars.MOMO_SUBSCRIPTION_KEY!,
        apiUser: vars.MOMO_API_USER!,
        apiKey: vars.MOMO_API_KEY!,
        targetEnvironment: vars.MOMO_TARGET_ENVIRONMENT!,
      }),
  },
  {
    // Its own key pair: AIRTEL_PUBLIC_KEY comes from what it prints.
    command: 'npm run airtel:sim',
    script: 'src/cli/airtel-simulator.ts',
    prefix: 'AIRTEL',
    client: (vars: Record<string, string>) =>
      new AirtelMoneyClient({
        baseUrl: vars.AIRTEL_BASE_URL!,
        clientId: vars.AIRTEL_CLIENT_ID!,
        clientSecret: vars.AIRTEL_CLIENT_SECRET!,
        pin: vars.AIRTEL_PIN!,
        publicKey: vars.AIRTEL_PUBLIC_KEY!,
      }),
  },
];

describe('standalone payout simulators', () => {
  it.each(CLIS)(
    "$command -- --port N serves the network's API there and prints the variables that point Qgig at it",
    async ({ script, prefix, client }) => {
      const cli = await startCli(script, prefix);
      try {
        expect(cli.variables[`${prefix}_BASE_URL`]).toBe(`http://127.0.0.1:${cli.port}`);
        await expect(sendAndPoll(client(cli.variables))).resolves.toMatchObject({ state: 'successful' });
      } finally {
        expect(await cli.stop()).toBe(0);
      }
    },
    30_000,
  );
});
