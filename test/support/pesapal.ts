import Fastify, { type FastifyInstance } from 'fastify';
import { SIMULATOR_CREDENTIALS } from '../../src/modules/payments/pesapal/settings.js';
import { pesapalSimulator, type SimulatorOptions } from '../../src/modules/payments/pesapal/simulator.js';

export interface RunningSimulator {
  /** What PESAPAL_BASE_URL would be. */
  baseUrl: string;
  origin: string;
  control<T = any>(path: string, body?: unknown): Promise<T>;
  calls(endpoint?: string): Promise<{ endpoint: string }[]>;
  close(): Promise<void>;
}

/**
 * The server a standalone simulator runs on. Closing it drops every connection: a request a fault
 * holds back, or a connection kept alive after it, would otherwise hold the test's close past its timeout.
 */
export function simulatorServer(): FastifyInstance {
  return Fastify({ forceCloseConnections: true });
}

/** A standalone simulator on a free loopback port, spoken to over real HTTP. */
export async function startSimulator(options: Partial<SimulatorOptions> = {}): Promise<RunningSimulator> {
  const app = simulatorServer();
  await app.register(pesapalSimulator, {
    credentials: SIMULATOR_CREDENTIALS,
    ipnRetryDelaysMs: [50, 100, 200, 400],
    ...options,
  });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  return controlsFor(origin, `${origin}/pesapalv3`, origin, () => app.close());
}

/** The control API of a simulator mounted at `controlRoot` (standalone root, or an app's /pesapal-sim). */
export function controlsFor(
  origin: string,
  baseUrl: string,
  controlRoot: string,
  close: () => Promise<void> = async () => undefined,
): RunningSimulator {
  const control = async <T = any>(path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${controlRoot}/__control${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`simulator control ${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  };
  return {
    baseUrl,
    origin,
    control,
    async calls(endpoint) {
      const calls = (await control('/calls')) as { endpoint: string }[];
      return endpoint ? calls.filter((call) => call.endpoint === endpoint) : calls;
    },
    close,
  };
}

export interface ReceivedIpn {
  method: string;
  fields: Record<string, string>;
}

/** A merchant endpoint that records IPNs and answers them as `answer` decides. */
export async function startMerchant(answer: (ipn: ReceivedIpn, count: number) => { status: number; body: unknown }) {
  const received: ReceivedIpn[] = [];
  const app: FastifyInstance = Fastify();
  app.route({
    method: ['GET', 'POST'],
    url: '/ipn',
    handler: async (request, reply) => {
      const fields = (request.method === 'GET' ? request.query : request.body) as Record<string, string>;
      const ipn = { method: request.method, fields };
      received.push(ipn);
      const { status, body } = answer(ipn, received.length);
      return reply.code(status).send(body);
    },
  });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `${origin}/ipn`, received, close: () => app.close() };
}

export const acknowledge = (ipn: ReceivedIpn) => ({
  status: 200,
  body: {
    orderNotificationType: ipn.fields.OrderNotificationType,
    orderTrackingId: ipn.fields.OrderTrackingId,
    orderMerchantReference: ipn.fields.OrderMerchantReference,
    status: 200,
  },
});

/** Polls until `check` returns a value (for what arrives asynchronously, such as IPNs). */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
