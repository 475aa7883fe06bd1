import { z } from 'zod';
import { IdParams } from '../../contracts/common.js';
import {
  AdminAppealsQuery,
  AdminAppealView,
  AppealBody,
  AppealView,
  DecideAppealBody,
  ReliabilityView,
} from '../../contracts/reliability.js';
import { callerOf } from '../../platform/auth.js';
import { requestMeta, type ModuleRoutes } from '../../platform/http.js';
import * as reliability from './service.js';

const security = [{ bearer: [] }];
const tags = ['reliability'];

export const reliabilityRoutes: ModuleRoutes = async (app, { ctx, guards }) => {
  const professionalOnly = { preHandler: guards.requireRole('professional') };
  // Before validation: an admin route answers 401 or 403 to others whatever they sent.
  const adminOnly = { preValidation: guards.requireRole('admin') };

  app.get(
    '/me/reliability',
    {
      ...professionalOnly,
      schema: {
        tags,
        security,
        summary: 'Your reliability score (0-100), any restriction to favourites’ shifts, and the events that changed it, newest first',
        response: { 200: ReliabilityView },
      },
    },
    async (request) => reliability.reliabilityOf(ctx, callerOf(request)),
  );

  app.post(
    '/me/reliability/appeals',
    {
      ...professionalOnly,
      schema: {
        tags,
        security,
        summary: 'Appeal an event that cost you points, once per event; an admin decides',
        body: AppealBody,
        response: { 201: AppealView },
      },
    },
    async (request, reply) => reply.code(201).send(await reliability.appealEvent(ctx, callerOf(request), request.body)),
  );

  app.get(
    '/admin/appeals',
    {
      ...adminOnly,
      schema: {
        tags: ['admin', ...tags],
        security,
        summary: 'Reliability appeals: pending first (oldest first), then decided ones, with the professional, event and job',
        querystring: AdminAppealsQuery,
        response: { 200: z.object({ items: z.array(AdminAppealView) }) },
      },
    },
    async (request) => reliability.appealQueue(ctx, request.query),
  );

  app.post(
    '/admin/appeals/:id/decide',
    {
      ...adminOnly,
      schema: {
        tags: ['admin', ...tags],
        security,
        summary: 'Accept (the points are given back) or reject a pending appeal, once; audited',
        params: IdParams,
        body: DecideAppealBody,
        response: { 200: AdminAppealView },
      },
    },
    async (request) => reliability.decideAppeal(ctx, callerOf(request), request.params.id, request.body, requestMeta(request)),
  );
};
