import { IdParams } from '../../contracts/common.js';
import { callerOf } from '../../platform/auth.js';
import { sendAttachment, type ModuleRoutes } from '../../platform/http.js';
import { fileResponse } from '../../platform/openapi.js';
import * as invoices from './service.js';

export const invoiceRoutes: ModuleRoutes = async (app, { ctx, guards }) => {
  app.get(
    '/jobs/:id/invoice',
    {
      preHandler: guards.requireUser,
      schema: {
        tags: ['payments'],
        summary: 'The invoice of a paid job, numbered QG-YYYY-NNNNNN (owner or admin; 409 until paid)',
        security: [{ bearer: [] }],
        params: IdParams,
        response: { 200: fileResponse('The invoice, a PDF attachment named after its number', ['application/pdf']) },
      },
    },
    async (request, reply) => sendAttachment(reply, await invoices.invoiceFile(ctx, callerOf(request), request.params.id)),
  );
};
