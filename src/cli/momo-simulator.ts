import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { MOMO_SIMULATOR_CREDENTIALS, MOMO_SIMULATOR_TARGET_ENVIRONMENT } from '../modules/payouts/mtn/settings.js';
import { mtnMomoSimulator } from '../modules/payouts/mtn/simulator.js';
import { onShutdownSignal } from '../platform/shutdown.js';

/** The MTN MoMo Disbursement simulator on its own port: MOMO_BASE_URL=http://HOST:PORT points Qgig at it. */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4020' },
    host: { type: 'string', default: '127.0.0.1' },
    'subscription-key': { type: 'string', default: MOMO_SIMULATOR_CREDENTIALS.subscriptionKey },
    'api-user': { type: 'string', default: MOMO_SIMULATOR_CREDENTIALS.apiUser },
    'api-key': { type: 'string', default: MOMO_SIMULATOR_CREDENTIALS.apiKey },
    'target-environment': { type: 'string', default: MOMO_SIMULATOR_TARGET_ENVIRONMENT },
    'token-ttl': { type: 'string', default: '3600' },
    'settle-after-ms': { type: 'string', default: '0' },
  },
});

const app = Fastify({ logger: { level: 'info' } });
await app.register(mtnMomoSimulator, {
  credentials: { subscriptionKey: values['subscription-key'], apiUser: values['api-user'], apiKey: values['api-key'] },
  targetEnvironment: values['target-environment'],
  tokenTtlSeconds: Number(values['token-ttl']),
  settleAfterMs: Number(values['settle-after-ms']),
});
onShutdownSignal(app.log, () => app.close());
const address = await app.listen({ port: Number(values.port), host: values.host });
app.log.info(
  `MTN MoMo simulator: MOMO_BASE_URL=${address} MOMO_SUBSCRIPTION_KEY=${values['subscription-key']} MOMO_API_USER=${values['api-user']} ` +
    `MOMO_API_KEY=${values['api-key']} MOMO_TARGET_ENVIRONMENT=${values['target-environment']}`,
);
