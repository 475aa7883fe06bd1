import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { AIRTEL_SIMULATOR_CREDENTIALS, AIRTEL_SIMULATOR_PIN } from '../modules/payouts/airtel/settings.js';
import { airtelMoneySimulator, generateAirtelKeyPair, portalPublicKey } from '../modules/payouts/airtel/simulator.js';
import { onShutdownSignal } from '../platform/shutdown.js';

/**
 * The Airtel Money Disbursement simulator on its own port, with an RSA key pair of its own: it prints
 * the AIRTEL_* variables that point Qgig at it (the public key is also at GET /v1/rsa/encryption-keys).
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4030' },
    host: { type: 'string', default: '127.0.0.1' },
    'client-id': { type: 'string', default: AIRTEL_SIMULATOR_CREDENTIALS.clientId },
    'client-secret': { type: 'string', default: AIRTEL_SIMULATOR_CREDENTIALS.clientSecret },
    pin: { type: 'string', default: AIRTEL_SIMULATOR_PIN },
    'token-ttl': { type: 'string', default: '180' },
    'settle-after-ms': { type: 'string', default: '0' },
  },
});

const keyPair = generateAirtelKeyPair();
const app = Fastify({ logger: { level: 'info' } });
await app.register(airtelMoneySimulator, {
  credentials: { clientId: values['client-id'], clientSecret: values['client-secret'] },
  pin: values.pin,
  keys: () => keyPair,
  tokenTtlSeconds: Number(values['token-ttl']),
  settleAfterMs: Number(values['settle-after-ms']),
});
onShutdownSignal(app.log, () => app.close());
const address = await app.listen({ port: Number(values.port), host: values.host });
app.log.info(
  `Airtel Money simulator: AIRTEL_BASE_URL=${address} AIRTEL_CLIENT_ID=${values['client-id']} AIRTEL_CLIENT_SECRET=${values['client-secret']} ` +
    `AIRTEL_PIN=${values.pin} AIRTEL_PUBLIC_KEY=${portalPublicKey(keyPair)}`,
);
