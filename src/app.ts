import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import helmet from 'helmet';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { adoptPlainMessages } from './contracts/messages.js';
import { createAuthGuards } from './platform/auth.js';
import type { Config } from './config.js';
import type { AppContext } from './platform/context.js';
import type { Api } from './platform/http.js';
import { problemResponse } from './platform/openapi.js';
import { registerProblemHandlers, sendRouterProblem } from './platform/problem-details.js';
import { closeUnusedConnectionsOnClose } from './platform/unused-connections.js';
import { checkReadiness } from './platform/readiness.js';
import { DEFAULT_WEB_ROOT, registerWebApp } from './platform/web-app.js';
import { checkSession, suspensionRefusal } from './modules/accounts/service.js';
import { moduleRoutes } from './modules/index.js';
import { SIMULATOR_CREDENTIALS, SIMULATOR_PREFIX } from './modules/payments/pesapal/settings.js';
import { pesapalSimulator } from './modules/payments/pesapal/simulator.js';
import { AT_SIMULATOR_ACCOUNT, AT_SIMULATOR_PREFIX } from './modules/sms/client.js';
import { atSimulatorMounted, deliveryReportUrl } from './modules/sms/settings.js';
import { shortLinkRoutes } from './modules/sms/short-link-routes.js';
import { africasTalkingSimulator } from './modules/sms/simulator.js';
import { mountPayoutSimulators } from './modules/payouts/in-process-simulators.js';

// Every validation message, the API's and the web app's alike, is an instruction a person can follow.
adoptPlainMessages();

export const API_PREFIX = '/api/v1';
const JSON_BODY_LIMIT = 1024 * 1024;
const REQUEST_ID = /^[\w.:-]{1,100}$/;

export interface BuildOptions {
  /** The built web app to serve (default dist/web); nothing is served when it has no index.html. */
  webRoot?: string;
}

/** Builds the HTTP application around an already-open context; never listens, so tests can inject. */
export async function buildApp(ctx: AppContext, options: BuildOptions = {}): Promise<Api> {
  const { config } = ctx;
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: proxyTrust(config.trustProxy),
    // genReqId reads x-request-id itself, so a hostile value is replaced rather than echoed.
    requestIdHeader: false,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: sendRouterProblem,
  }).withTypeProvider<ZodTypeProvider>();

  // JSON in and out (multipart only for uploads): plain text is refused with 415, not parsed.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  // Every documented route can answer with a problem: say so once, for the OpenAPI document.
  app.addHook('onRoute', (route) => {
    if (route.schema && !route.schema.hide)
      route.schema.response = { '4XX': problemResponse, '5XX': problemResponse, ...(route.schema.response as object | undefined) };
  });
  app.setSerializerCompiler(serializerCompiler);
  registerProblemHandlers(app);

  closeUnusedConnectionsOnClose(app);
  // Once close() has begun, a keep-alive socket finishing its last request must not hold shutdown open.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) reply.header('connection', 'close');
  });

  if (config.isProduction) {
    // Behind a TLS-terminating proxy: anything that arrived as plain HTTP goes to the HTTPS address.
    app.addHook('onRequest', async (request, reply) => {
      if (request.headers['x-forwarded-proto'] === 'http') {
        return reply.redirect(`${config.publicUrl.replace(/^http:/, 'https:')}${request.url}`, 301);
      }
    });
  }

  // Built once and run on every request: @fastify/helmet rebuilt the middleware, parsing the CSP, per request.
  const securityHeaders = helmet({
    hsts: config.isProduction ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        // blob: shows an admin the credential PDF the web app fetched with its token.
        frameSrc: ["'self'", 'blob:', ...(config.pesapal ? [new URL(config.pesapal.baseUrl).origin] : [])],
        upgradeInsecureRequests: config.isProduction ? [] : null,
      },
    },
  });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, () => done()));
  if (config.corsOrigins.length > 0) {
    await app.register(cors, { origin: config.corsOrigins, credentials: true });
  }
  await app.register(cookie);

  await registerApiDocs(app);
  registerOperations(app, ctx);
  if (!config.pesapal && !config.isProduction) {
    // The zero-setup default: PesaPal's API, spoken by a simulator on this very server.
    await app.register(pesapalSimulator, {
      prefix: SIMULATOR_PREFIX,
      credentials: SIMULATOR_CREDENTIALS,
      tokenTtlSeconds: config.pesapalSimulatorTokenTtlSeconds,
    });
  }

  if (atSimulatorMounted(config)) {
    // Likewise Africa's Talking's SMS API, posting its delivery reports back to this server.
    await app.register(africasTalkingSimulator, {
      prefix: AT_SIMULATOR_PREFIX,
      ...AT_SIMULATOR_ACCOUNT,
      deliveryReportUrl: deliveryReportUrl(config),
    });
  }
  await app.register(shortLinkRoutes);
  if (!config.isProduction) await mountPayoutSimulators(app, config);

  const guards = createAuthGuards(ctx.tokens, checkSession(ctx), suspensionRefusal(ctx));
  await app.register(
    async (api) => {
      for (const routes of moduleRoutes) await routes(api.withTypeProvider<ZodTypeProvider>(), { ctx, guards });
    },
    { prefix: API_PREFIX },
  );

  if (!(await registerWebApp(app, options.webRoot ?? DEFAULT_WEB_ROOT))) {
    ctx.log.debug('the web app is not built (npm run build); serving the API only');
  }
  return app;
}

/**
 * Fastify trusts nothing when given a bare hop count (it cannot tell the proxy from a client that
 * reaches the app directly); on the hosts the manifests name only their edge reaches the app, so
 * the count means what it says: the last `hops` addresses are proxies, the one before is the client.
 */
function proxyTrust(setting: Config['trustProxy']) {
  return typeof setting === 'number' ? (_address: string, hop: number) => hop < setting : setting;
}

async function registerApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Qgig API',
        version: '1.0.0',
        description: 'Substitute staffing for Uganda. Errors are RFC 9457 application/problem+json.',
      },
      servers: [{ url: '/' }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

function registerOperations(app: FastifyInstance, ctx: AppContext): void {
  app.get('/healthz', { schema: { hide: true }, logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true }, logLevel: 'warn' }, async (_request, reply) => {
    const readiness = await checkReadiness(ctx.db);
    return reply.code(readiness.ready ? 200 : 503).send({ status: readiness.ready ? 'ready' : 'not-ready', detail: readiness.detail });
  });
}
