import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AuthGuards } from './auth.js';
import type { AppContext, RequestMeta } from './context.js';

/** The Fastify instance modules register routes on, typed by the Zod schemas of each route. */
export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface ModuleDeps {
  ctx: AppContext;
  guards: AuthGuards;
}

/** A module's HTTP surface: a Fastify plugin registered under /api/v1. */
export type ModuleRoutes = (app: Api, deps: ModuleDeps) => Promise<void>;

export function requestMeta(request: FastifyRequest): RequestMeta {
  return { ip: request.ip, userAgent: request.headers['user-agent'] };
}

/**
 * Parses `application/x-www-form-urlencoded` bodies (HTML forms, PesaPal's POST IPNs, Africa's Talking's
 * callbacks) into plain objects, in this plugin's scope; modules sharing a scope may each ask for it.
 */
export function acceptFormBodies(app: Pick<FastifyInstance, 'addContentTypeParser' | 'hasContentTypeParser'>): void {
  if (app.hasContentTypeParser('application/x-www-form-urlencoded')) return;
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
}
