import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { jobIdOfShort } from './short-link.js';

/** `/j/<short>`, the link in an SMS: a redirect to the job's page in the web app. */
export async function shortLinkRoutes(app: FastifyInstance): Promise<void> {
  app.get('/j/:short', { schema: { hide: true } }, async (request, reply) => {
    const { short } = z.object({ short: z.string() }).parse(request.params);
    const jobId = jobIdOfShort(short);
    if (!jobId) return reply.code(404).type('text/plain').send('This link is not valid.');
    return reply.redirect(`/jobs/${jobId}`, 302);
  });
}
