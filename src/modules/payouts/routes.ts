import { z } from 'zod';
import { IdParams } from '../../contracts/common.js';
import {
  AdminPayoutPage,
  AdminPayoutView,
  AdminPayoutsQuery,
  MyPayoutsQuery,
  PayoutMethodBody,
  PayoutMethodView,
  PayoutPage,
} from '../../contracts/payouts.js';
import { callerOf } from '../../platform/auth.js';
import { notFound } from '../../platform/errors.js';
import { requestMeta, sendAttachment, type ModuleRoutes } from '../../platform/http.js';
import { fileResponse } from '../../platform/openapi.js';
import * as payouts from './service.js';

const bearer = [{ bearer: [] }];
const tags = ['payouts'];

export const payoutRoutes: ModuleRoutes = async (app, { ctx, guards }) => {
  app.put(
    '/me/payout-method',
    {
      preHandler: guards.requireRole('professional'),
      schema: {
        tags,
        summary: 'Set the mobile-money wallet pay goes to; the holder name is shown back where the network gives it',
        security: bearer,
        body: PayoutMethodBody,
        response: { 200: PayoutMethodView },
      },
    },
    async (request) => payouts.setPayoutMethod(ctx, callerOf(request), request.body),
  );

  app.get(
    '/me/payout-method',
    {
      preHandler: guards.requireRole('professional'),
      schema: { tags, summary: 'The wallet pay goes to; 404 until one is set', security: bearer, response: { 200: PayoutMethodView } },
    },
    async (request) => payouts.getPayoutMethod(ctx, callerOf(request)),
  );

  app.get(
    '/me/payouts',
    {
      preHandler: guards.requireRole('professional', 'institution'),
      schema: {
        tags,
        summary: 'Payouts to the caller (pay, or a dispute’s remainder refunded), newest first; `jobId` for one shift’s',
        security: bearer,
        querystring: MyPayoutsQuery,
        response: { 200: PayoutPage },
      },
    },
    async (request) => payouts.listMyPayouts(ctx, callerOf(request), request.query),
  );

  app.get(
    '/me/payouts/:id/receipt',
    {
      preHandler: guards.requireRole('professional'),
      schema: {
        tags,
        summary: 'The receipt of a successful payout to the caller (409 until it is successful)',
        security: bearer,
        params: IdParams,
        response: { 200: fileResponse('The receipt, a PDF attachment', ['application/pdf']) },
      },
    },
    async (request, reply) => sendAttachment(reply, await payouts.payoutReceipt(ctx, callerOf(request), request.params.id)),
  );

  app.get(
    '/admin/payouts',
    {
      preHandler: guards.requireRole('admin'),
      schema: {
        tags: ['admin'],
        summary: 'Every payout, newest first; `?status=failed` lists those waiting for a retry',
        security: bearer,
        querystring: AdminPayoutsQuery,
        response: { 200: AdminPayoutPage },
      },
    },
    async (request) => payouts.listPayoutsForAdmin(ctx, request.query),
  );

  app.post(
    '/admin/payouts/:id/retry',
    {
      preHandler: guards.requireRole('admin'),
      schema: {
        tags: ['admin'],
        summary: 'Send a failed payout again under a new provider reference (audited)',
        security: bearer,
        params: IdParams,
        response: { 200: AdminPayoutView },
      },
    },
    async (request) => payouts.retryPayout(ctx, callerOf(request), request.params.id, requestMeta(request)),
  );

  // MTN sends its final status with PUT (its documentation says to allow POST too). Only a status check follows.
  app.route({
    method: ['PUT', 'POST'],
    url: '/payouts/mtn/callback/:reference/:token',
    schema: {
      tags,
      summary: 'MTN MoMo transfer callback: makes Qgig ask MTN for the transfer’s status',
      params: z.object({ reference: z.uuid(), token: z.string().max(64) }),
      response: { 200: z.object({ ok: z.literal(true) }) },
    },
    handler: async (request) => {
      if (!(await payouts.receiveMtnCallback(ctx, request.params.reference, request.params.token))) throw notFound('Payout');
      return { ok: true as const };
    },
  });
};
