import {
  ChangeEmailBody,
  ChangePasswordBody,
  ChangePhoneBody,
  ConfirmPhoneBody,
  LinkTokenBody,
  RenameBody,
} from '../../contracts/accounts.js';
import { MeView } from '../../contracts/me.js';
import { callerOf } from '../../platform/auth.js';
import type { ModuleRoutes } from '../../platform/http.js';
import { noContent } from '../../platform/openapi.js';
import {
  changePassword,
  confirmEmailChange,
  confirmPhoneChange,
  renameAccount,
  requestEmailChange,
  requestPhoneChange,
} from './account-changes.js';
import { resendVerification } from './email-verification.js';
import { getAccount } from './service.js';

/** The caller changing their own account. */
export const meRoutes: ModuleRoutes = async (app, { ctx, guards }) => {
  const schema = { tags: ['account'], security: [{ bearer: [] }] };

  app.patch(
    '/me',
    {
      preHandler: guards.requireUser,
      schema: { ...schema, summary: 'Change the caller’s name', body: RenameBody, response: { 200: MeView } },
    },
    async (request) => {
      const caller = callerOf(request);
      await renameAccount(ctx, caller, request.body.name);
      return getAccount(ctx, caller.id);
    },
  );

  app.post(
    '/me/password',
    {
      preHandler: guards.requireUser,
      schema: {
        ...schema,
        summary: 'Change the password (the current one is required); every other session ends',
        body: ChangePasswordBody,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await changePassword(ctx, callerOf(request), request.body);
      return reply.code(204).send(undefined);
    },
  );

  app.post(
    '/me/email',
    {
      preHandler: guards.requireUser,
      schema: {
        ...schema,
        summary: 'Ask to change the email address: a link mailed to the new one confirms it',
        body: ChangeEmailBody,
        response: { 202: noContent },
      },
    },
    async (request, reply) => {
      await requestEmailChange(ctx, callerOf(request), request.body);
      return reply.code(202).send(undefined);
    },
  );

  app.post(
    '/me/email/confirm',
    {
      schema: {
        tags: ['account'],
        summary: 'Confirm a new email address with the token of the link mailed to it (409 if the address was taken meanwhile)',
        description: 'The token alone identifies the account: the link works in a browser that is not signed in.',
        body: LinkTokenBody,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await confirmEmailChange(ctx, request.body.token);
      return reply.code(204).send(undefined);
    },
  );

  app.post(
    '/me/phone',
    {
      preHandler: guards.requireUser,
      schema: {
        ...schema,
        summary: 'Ask to change the phone number: a code sent by SMS to the new one confirms it',
        body: ChangePhoneBody,
        response: { 202: noContent },
      },
    },
    async (request, reply) => {
      await requestPhoneChange(ctx, callerOf(request), request.body);
      return reply.code(202).send(undefined);
    },
  );

  app.post(
    '/me/phone/confirm',
    {
      preHandler: guards.requireUser,
      schema: {
        ...schema,
        summary: 'Confirm the new phone number with the code sent to it (409 if the number was taken meanwhile)',
        body: ConfirmPhoneBody,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await confirmPhoneChange(ctx, callerOf(request), request.body.code);
      return reply.code(204).send(undefined);
    },
  );

  app.post(
    '/me/verify-email/resend',
    { preHandler: guards.requireUser, schema: { ...schema, summary: 'Mail the verification link again', response: { 202: noContent } } },
    async (request, reply) => {
      await resendVerification(ctx, callerOf(request));
      return reply.code(202).send(undefined);
    },
  );
};
