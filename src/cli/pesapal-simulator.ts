import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { SIMULATOR_CREDENTIALS } from '../modules/payments/pesapal/settings.js';
import { pesapalSimulator } from '../modules/payments/pesapal/simulator.js';
import { onShutdownSignal } from '../platform/shutdown.js';

/** The PesaPal simulator on its own port: PESAPAL_BASE_URL=http://HOST:PORT/pesapalv3 points Qgig at it. */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    key: { type: 'string', default: SIMULATOR_CREDENTIALS.consumerKey },
    secret: { type: 'string', default: SIMULATOR_CREDENTIALS.consumerSecret },
    'token-ttl': { type: 'string', default: '300' },
  },
});

const app = Fastify({ logger: { level: 'info' } });
await app.register(pesapalSimulator, {
  credentials: { consumerKey: values.key, consumerSecret: values.secret },
  tokenTtlSeconds: Number(values['token-ttl']),
});
onShutdownSignal(app.log, () => app.close());
const address = await app.listen({ port: Number(values.port), host: values.host });
app.log.info(`PesaPal simulator: PESAPAL_BASE_URL=${address}/pesapalv3 (consumer key "${values.key}")`);
