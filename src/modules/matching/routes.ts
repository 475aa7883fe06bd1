import { z } from 'zod';
import { IdParams } from '../../contracts/common.js';
import { MatchesQuery, MatchView, RecommendedJobView } from '../../contracts/jobs.js';
import { callerOf } from '../../platform/auth.js';
import type { ModuleRoutes } from '../../platform/http.js';
import * as matching from './service.js';

const bearer = [{ bearer: [] }];
const tags = ['matching'];

export const matchingRoutes: ModuleRoutes = async (app, { ctx, guards }) => {
  app.get(
    '/jobs/:id/matches',
    {
      preHandler: guards.requireRole('institution'),
      schema: {
        tags,
        summary: 'Verified, available professionals ranked by score = 0.5·skill + 0.3·experience + 0.2·rating (owner)',
        security: bearer,
        params: IdParams,
        querystring: MatchesQuery,
        response: { 200: z.object({ items: z.array(MatchView) }) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      // The caller is part of the key: only the owner is ever given the list computed for them.
      return ctx.responses.send(
        request,
        reply,
        'matching',
        `matches ${caller.id} ${request.params.id} ${request.query.limit}`,
        async () => ({
          value: { items: await matching.matchesForJob(ctx, caller, request.params.id, request.query.limit) },
        }),
      );
    },
  );

  app.get(
    '/me/recommended-jobs',
    {
      preHandler: guards.requireRole('professional'),
      schema: {
        tags,
        summary: 'Open jobs ranked for the caller, each with its score and parts',
        security: bearer,
        querystring: MatchesQuery,
        response: { 200: z.object({ items: z.array(RecommendedJobView) }) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      // Ranked for the caller alone: their id is part of the key.
      return ctx.responses.send(request, reply, 'matching', `recommended ${caller.id} ${request.query.limit}`, () =>
        matching.recommendedJobs(ctx, caller, request.query.limit),
      );
    },
  );
};
