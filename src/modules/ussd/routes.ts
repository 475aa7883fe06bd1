import { z } from 'zod';
import { PinBody, UssdForm } from '../../contracts/phones.js';
import { callerOf } from '../../platform/auth.js';
import { acceptFormBodies, type ModuleRoutes } from '../../platform/http.js';
import { noContent, textResponse } from '../../platform/openapi.js';
import { requireCallbackKey } from '../sms/service.js';
import * as ussd from './service.js';

/** Africa's Talking's USSD callback and the PIN it asks for. */
export const ussdRoutes: ModuleRoutes = async (app, { ctx, guards }) => {
  acceptFormBodies(app);

  app.post(
    '/ussd',
    {
      onRequest: requireCallbackKey(ctx.config.atCallbackKey),
      schema: {
        tags: ['sms'],
        summary: "Africa's Talking: one step of a USSD session, answered `CON …` (more to come) or `END …`",
        querystring: z.object({ key: z.string().max(200).optional() }),
        body: UssdForm,
        response: { 200: textResponse('The screen to show, starting `CON ` or `END `', ['text/plain']) },
      },
    },
    async (request, reply) => reply.type('text/plain; charset=utf-8').send(await ussd.answerUssd(ctx, request.body)),
  );

  app.put(
    '/me/pin',
    {
      preHandler: guards.requireRole('professional'),
      schema: {
        tags: ['account'],
        summary: 'Set the 4-digit PIN every USSD session asks for (a new PIN also lifts a wrong-PIN lock)',
        security: [{ bearer: [] }],
        body: PinBody,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await ussd.setPin(ctx, callerOf(request), request.body.pin);
      return reply.code(204).send(undefined);
    },
  );
};
