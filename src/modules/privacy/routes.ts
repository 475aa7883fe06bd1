import { ConsentState } from '../../contracts/accounts.js';
import { DataExport } from '../../contracts/data-export.js';
import { CONSENT_TEXT, CONSENT_VERSION, ConsentBody, PrivacyNotice } from '../../contracts/privacy.js';
import { callerOf } from '../../platform/auth.js';
import { requestMeta, type ModuleRoutes } from '../../platform/http.js';
import { noContent } from '../../platform/openapi.js';
import { acceptConsent } from '../accounts/service.js';
import { eraseMyAccount, exportMyData } from './service.js';

export const privacyRoutes: ModuleRoutes = async (app, { ctx, guards }) => {
  const schema = { tags: ['privacy'], security: [{ bearer: [] }] };

  app.get(
    '/privacy/notice',
    { schema: { tags: ['privacy'], summary: 'The privacy notice people accept, and its version', response: { 200: PrivacyNotice } } },
    async () => ({ version: CONSENT_VERSION, text: CONSENT_TEXT }),
  );

  app.get(
    '/me/export',
    {
      preHandler: guards.requireUser,
      schema: { ...schema, summary: 'Everything Qgig stores about the caller, as one JSON document', response: { 200: DataExport } },
    },
    async (request, reply) => {
      const data = await exportMyData(ctx, callerOf(request));
      return reply.header('content-disposition', `attachment; filename="qgig-export-${data.generatedAt.slice(0, 10)}.json"`).send(data);
    },
  );

  app.delete(
    '/me',
    {
      preHandler: guards.requireUser,
      schema: {
        ...schema,
        summary: 'Erase the caller’s account and personal data (409 while a job is assigned or paid)',
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await eraseMyAccount(ctx, callerOf(request), requestMeta(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/me/consent',
    {
      preHandler: guards.requireUser,
      schema: { ...schema, summary: 'Accept the current privacy notice', body: ConsentBody, response: { 200: ConsentState } },
    },
    async (request) => acceptConsent(ctx, callerOf(request), request.body.version, requestMeta(request)),
  );
};
