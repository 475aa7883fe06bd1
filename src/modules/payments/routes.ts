import { z } from 'zod';
import { IdParams } from '../../contracts/common.js';
import { IpnAcknowledgement, IpnFields, PaymentBody, StartedPayment, TransactionView } from '../../contracts/payments.js';
import { callerOf } from '../../platform/auth.js';
import { parseOrRefuse } from '../../platform/errors.js';
import { acceptFormBodies, type ModuleRoutes } from '../../platform/http.js';
import { textResponse } from '../../platform/openapi.js';
import { renderOutcomePage } from './outcome-page.js';
import * as payments from './service.js';

const bearer = [{ bearer: [] }];
const tags = ['payments'];

export const paymentRoutes: ModuleRoutes = async (app, { ctx, guards }) => {
  acceptFormBodies(app);

  app.post(
    '/jobs/:id/payments',
    {
      preHandler: guards.requireRole('institution'),
      schema: {
        tags,
        summary: 'Pay for an assigned job through PesaPal (owner)',
        security: bearer,
        params: IdParams,
        body: PaymentBody,
        response: { 201: StartedPayment },
      },
    },
    async (request, reply) => reply.code(201).send(await payments.startPayment(ctx, callerOf(request), request.params.id, request.body)),
  );

  app.get(
    '/jobs/:id/payments',
    {
      preHandler: guards.requireRole('institution', 'admin'),
      schema: {
        tags,
        summary: 'The payment attempts of a job, newest first (owner or admin)',
        security: bearer,
        params: IdParams,
        response: { 200: z.object({ items: z.array(TransactionView) }) },
      },
    },
    async (request) => ({ items: await payments.paymentsOfJob(ctx, callerOf(request), request.params.id) }),
  );

  app.route({
    method: ['GET', 'POST'],
    url: '/payments/pesapal/ipn',
    schema: {
      tags,
      summary: 'PesaPal IPN: names an order, which is then checked with GetTransactionStatus',
      querystring: IpnFields,
      response: { 200: IpnAcknowledgement },
    },
    // A POST carries the fields in its body (form or JSON), checked like the query string of a GET.
    handler: async (request) =>
      payments.receiveIpn(ctx, request.method === 'POST' ? parseOrRefuse(IpnFields, request.body ?? {}, 'body') : request.query),
  });

  app.get(
    '/payments/pesapal/callback',
    {
      schema: {
        tags,
        summary: 'Where PesaPal sends the payer back: an HTML page with the outcome',
        querystring: IpnFields,
        response: {
          200: textResponse('The payment’s outcome, for the payer’s browser', ['text/html']),
          404: textResponse('No such payment: a page that says so', ['text/html']),
        },
      },
    },
    async (request, reply) => {
      const { transaction, publicUrl } = await payments.paymentOutcome(ctx, request.query);
      return reply
        .code(transaction ? 200 : 404)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(renderOutcomePage(transaction, publicUrl));
    },
  );

  app.get(
    '/transactions/:id',
    {
      preHandler: guards.requireUser,
      schema: {
        tags,
        summary: 'A payment and its events (payer or admin)',
        security: bearer,
        params: IdParams,
        response: { 200: TransactionView },
      },
    },
    async (request) => payments.getTransaction(ctx, callerOf(request), request.params.id),
  );
};
