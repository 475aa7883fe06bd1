import { PushSubscriptionInput, PushSubscriptionRemoval, PushSubscriptionView, VapidPublicKey } from '../../contracts/push.js';
import { callerOf } from '../../platform/auth.js';
import type { ModuleRoutes } from '../../platform/http.js';
import { noContent } from '../../platform/openapi.js';
import * as push from './service.js';

const tags = ['push'];
const security = [{ bearer: [] }];

export const pushRoutes: ModuleRoutes = async (app, { ctx, guards }) => {
  app.get(
    '/push/vapid-public-key',
    { schema: { tags, summary: 'The key a browser subscribes to Qgig’s web push with', response: { 200: VapidPublicKey } } },
    async () => push.vapidPublicKey(ctx),
  );

  app.post(
    '/me/push-subscriptions',
    {
      preHandler: guards.requireUser,
      schema: {
        tags,
        summary: 'Register this browser’s push subscription for the caller (an endpoint already known moves to the caller)',
        security,
        body: PushSubscriptionInput,
        response: { 201: PushSubscriptionView },
      },
    },
    async (request, reply) => reply.code(201).send(await push.subscribe(ctx, callerOf(request).id, request.body)),
  );

  app.delete(
    '/me/push-subscriptions',
    {
      preHandler: guards.requireUser,
      schema: {
        tags,
        summary: 'Stop pushing to this browser',
        security,
        body: PushSubscriptionRemoval,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await push.unsubscribe(ctx, callerOf(request).id, request.body.endpoint);
      return reply.code(204).send(null);
    },
  );
};
