import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Where `npm run build` writes the web app; the same place seen from src/ (tsx) and from dist/ (built). */
export const DEFAULT_WEB_ROOT = path.resolve(import.meta.dirname, '../../dist/web');

/** Paths the server answers itself: an unknown address under them is a 404, never the app's page. */
const SERVER_PATHS = /^\/(api|docs|healthz|readyz)(\/|$)/;
const HASHED_ASSETS = `${path.sep}assets${path.sep}`;
const ONE_YEAR = 'public, max-age=31536000, immutable';

/**
 * Serves the built single-page app: hashed assets cached for a year, everything else revalidated, and
 * any other page address a browser navigates to answered with index.html so the app's router takes it.
 * Returns false when the app is not built (the API still runs, e.g. in `npm run dev`).
 */
export async function registerWebApp(app: FastifyInstance, webRoot: string): Promise<boolean> {
  if (!existsSync(path.join(webRoot, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: webRoot,
    wildcard: false,
    index: false,
    serveDotFiles: false,
    // The build writes .br and .gz beside every text asset; one route per file, not per encoding.
    preCompressed: true,
    globIgnore: ['**/*.br', '**/*.gz'],
    cacheControl: false,
    setHeaders: (reply, filePath) => {
      reply.header('cache-control', filePath.includes(HASHED_ASSETS) ? ONE_YEAR : 'no-cache');
    },
  });
  app.get('/*', { schema: { hide: true } }, (request, reply) => (isAppPage(request) ? reply.sendFile('index.html') : reply.callNotFound()));
  return true;
}

function isAppPage(request: FastifyRequest): boolean {
  const pathname = request.url.split('?')[0] ?? '/';
  return !SERVER_PATHS.test(pathname) && (request.headers.accept ?? '').includes('text/html');
}
