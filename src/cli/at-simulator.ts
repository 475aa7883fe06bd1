import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { AT_SIMULATOR_ACCOUNT } from '../modules/sms/client.js';
import { africasTalkingSimulator } from '../modules/sms/simulator.js';
import { onShutdownSignal } from '../platform/shutdown.js';

/**
 * The Africa's Talking simulator on its own port: AT_BASE_URL=http://HOST:PORT with its username and
 * key points Qgig at it; --reports names where delivery reports go (Qgig's /api/v1/sms/delivery-reports).
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4020' },
    host: { type: 'string', default: '127.0.0.1' },
    username: { type: 'string', default: AT_SIMULATOR_ACCOUNT.username },
    key: { type: 'string', default: AT_SIMULATOR_ACCOUNT.apiKey },
    reports: { type: 'string' },
  },
});

const app = Fastify({ logger: { level: 'info' } });
await app.register(africasTalkingSimulator, { username: values.username, apiKey: values.key, deliveryReportUrl: values.reports });
onShutdownSignal(app.log, () => app.close());
const address = await app.listen({ port: Number(values.port), host: values.host });
app.log.info(
  `Africa's Talking simulator: AT_BASE_URL=${address} AT_USERNAME=${values.username} AT_API_KEY=${values.key} (delivery reports to ${values.reports ?? 'nowhere'})`,
);
