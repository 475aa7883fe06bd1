import { z } from 'zod';
import { IdParams, page } from '../../contracts/common.js';
import { RatingBody, RatingsQuery, RatingView } from '../../contracts/ratings.js';
import { callerOf } from '../../platform/auth.js';
import type { ModuleRoutes } from '../../platform/http.js';
import * as ratings from './service.js';

const bearer = [{ bearer: [] }];
const tags = ['ratings'];

export const ratingRoutes: ModuleRoutes = async (app, { ctx, guards }) => {
  app.post(
    '/jobs/:id/ratings',
    {
      preHandler: guards.requireRole('institution', 'professional'),
      schema: {
        tags,
        summary: 'Rate the other party of a completed job, once',
        security: bearer,
        params: IdParams,
        body: RatingBody,
        response: { 201: RatingView },
      },
    },
    async (request, reply) => reply.code(201).send(await ratings.rateJob(ctx, callerOf(request), request.params.id, request.body)),
  );

  app.get(
    '/jobs/:id/ratings',
    {
      preHandler: guards.requireUser,
      schema: {
        tags,
        summary: 'The ratings the two parties of a job gave each other (parties and admins)',
        security: bearer,
        params: IdParams,
        response: { 200: z.object({ items: z.array(RatingView) }) },
      },
    },
    async (request) => ({ items: await ratings.ratingsOfJob(ctx, callerOf(request), request.params.id) }),
  );

  app.get(
    '/professionals/:id/ratings',
    {
      preHandler: guards.requireUser,
      schema: {
        tags,
        summary: 'Ratings a professional received, newest first',
        security: bearer,
        params: IdParams,
        querystring: RatingsQuery,
        response: { 200: page(RatingView) },
      },
    },
    async (request) => ratings.ratingsReceived(ctx, request.params.id, request.query),
  );
};
