import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
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

/** A file to download: its bytes, media type and the name to save it under. */
export interface Attachment {
  bytes: Buffer;
  mime: string;
  filename: string;
}

/** Sends a private file as a download, never cached on the way. */
export function sendAttachment(reply: FastifyReply, file: Attachment): FastifyReply {
  return reply
    .type(file.mime)
    .header('content-disposition', attachmentDisposition(file.filename))
    .header('cache-control', 'private, no-store')
    .send(file.bytes);
}

/** `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266 / 5987). */
function attachmentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
