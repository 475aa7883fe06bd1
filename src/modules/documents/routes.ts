import multipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams, KeysetPageQuery, page } from '../../contracts/common.js';
import {
  AdminDocumentsQuery,
  AdminDocumentView,
  ApproveDocumentBody,
  DOCUMENT_MIME_TYPES,
  DocumentDecision,
  DocumentView,
  RejectDocumentBody,
  UploadedDocument,
} from '../../contracts/documents.js';
import { callerOf } from '../../platform/auth.js';
import { requestMeta, sendAttachment, type ModuleRoutes } from '../../platform/http.js';
import { fileResponse } from '../../platform/openapi.js';
import * as documents from './service.js';
import { readUploadForm, UPLOAD_LIMITS } from './upload.js';

const bearer = [{ bearer: [] }];

export const documentRoutes: ModuleRoutes = async (app, { ctx, guards }) => {
  const professional = { preHandler: guards.requireRole('professional') };
  const admin = { preHandler: guards.requireRole('admin') };

  // Multipart parsing exists only in this scope: every other route stays JSON-only.
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: UPLOAD_LIMITS, throwFileSizeLimit: true });
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/me/documents',
      {
        ...professional,
        schema: {
          tags: ['documents'],
          summary: 'Upload a credential document for review',
          description:
            'multipart/form-data: `file` (PDF, JPEG or PNG by content, at most 5 MB), `docType` (nin | certificate | license), ' +
            'optional `number` (NIN: 14 letters and digits) and `expiresOn` (YYYY-MM-DD). Re-uploading a type replaces its pending document.',
          consumes: ['multipart/form-data'],
          security: bearer,
          response: { 201: UploadedDocument },
        },
      },
      async (request, reply) => reply.code(201).send(await documents.uploadDocument(ctx, callerOf(request), await readUploadForm(request))),
    );
  });

  app.get(
    '/me/documents',
    {
      ...professional,
      schema: {
        tags: ['documents'],
        summary: 'The caller’s documents, newest first',
        security: bearer,
        querystring: KeysetPageQuery,
        response: { 200: page(DocumentView) },
      },
    },
    async (request) => documents.listMyDocuments(ctx, callerOf(request), request.query),
  );

  app.get(
    '/documents/:id/file',
    {
      preHandler: guards.requireUser,
      schema: {
        tags: ['documents'],
        summary: 'The decrypted file (owner or admin; admin reads are audited)',
        security: bearer,
        params: IdParams,
        response: { 200: fileResponse('The file as uploaded, an attachment', DOCUMENT_MIME_TYPES) },
      },
    },
    async (request, reply) => {
      const file = await documents.readDocumentFile(ctx, callerOf(request), request.params.id, requestMeta(request));
      return sendAttachment(reply, file);
    },
  );

  app.get(
    '/admin/documents',
    {
      ...admin,
      schema: {
        tags: ['admin'],
        summary: 'Documents by status (default pending), oldest first',
        security: bearer,
        querystring: AdminDocumentsQuery,
        response: { 200: page(AdminDocumentView) },
      },
    },
    async (request) => documents.listDocumentsForReview(ctx, callerOf(request), request.query, requestMeta(request)),
  );

  app.post(
    '/admin/documents/:id/approve',
    {
      // Before the body is validated: a caller who may not approve learns nothing from it.
      preValidation: guards.requireRole('admin'),
      schema: {
        tags: ['admin'],
        summary: 'Approve a pending document',
        description:
          '`expiresOn` (YYYY-MM-DD, after today in Kampala): required for a licence, optional for a certificate, refused for a NIN. ' +
          'On that day the document becomes `expired` and stops counting for verification.',
        security: bearer,
        params: IdParams,
        body: ApproveDocumentBody.nullish(),
        response: { 200: DocumentDecision },
      },
    },
    async (request) => documents.approveDocument(ctx, callerOf(request), request.params.id, request.body ?? {}, requestMeta(request)),
  );

  app.post(
    '/admin/documents/:id/reject',
    {
      ...admin,
      schema: {
        tags: ['admin'],
        summary: 'Reject a pending document with a reason',
        security: bearer,
        params: IdParams,
        body: RejectDocumentBody,
        response: { 200: DocumentDecision },
      },
    },
    async (request) => documents.rejectDocument(ctx, callerOf(request), request.params.id, request.body.reason, requestMeta(request)),
  );
};
