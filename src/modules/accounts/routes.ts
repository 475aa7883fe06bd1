import type { FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AuthResult,
  LinkTokenBody,
  LoginBody,
  PasswordResetBody,
  PasswordResetConfirmBody,
  RefreshBody,
  RegisterBody,
} from '../../contracts/accounts.js';
import { MeView } from '../../contracts/me.js';
import { callerOf } from '../../platform/auth.js';
import { AppError } from '../../platform/errors.js';
import { requestMeta, type ModuleRoutes } from '../../platform/http.js';
import { noContent } from '../../platform/openapi.js';
import * as throttle from '../../platform/throttle.js';
import { verifyEmail } from './email-verification.js';
import { meRoutes } from './me-routes.js';
import { confirmPasswordReset, requestPasswordReset } from './password-reset.js';
import { refreshCookie } from './refresh-cookie.js';
import * as accounts from './service.js';

export const accountRoutes: ModuleRoutes = async (app, { ctx, guards }) => {
  await app.register(async (scope) => {
    const auth = scope.withTypeProvider<ZodTypeProvider>();
    // Generous per address (carrier-grade NAT puts whole schools behind one IP); strict per account in the service.
    auth.addHook('onRequest', async (request) => {
      const limit = { max: ctx.config.authRateLimitPerMinute, windowSeconds: 60 };
      const state = await throttle.hit(ctx.db, `auth-ip:${request.ip}`, limit);
      if (state.hits > limit.max) throw throttle.rateLimited(state, 'Too many requests from this network; try again shortly');
    });

    const cookie = refreshCookie(ctx.config, `${auth.prefix}/auth`);
    // The JSON answer still carries the refresh token for non-browser clients; browsers use the cookie.
    const keepInCookie = (reply: FastifyReply, result: AuthResult) => {
      cookie.set(reply, result.refreshToken);
      return result;
    };

    auth.post(
      '/auth/register',
      {
        schema: {
          tags: ['auth'],
          summary: 'Create an institution or professional account',
          body: RegisterBody,
          response: { 201: AuthResult },
        },
      },
      async (request, reply) => reply.code(201).send(keepInCookie(reply, await accounts.register(ctx, request.body, requestMeta(request)))),
    );

    auth.post(
      '/auth/login',
      { schema: { tags: ['auth'], summary: 'Sign in with email and password', body: LoginBody, response: { 200: AuthResult } } },
      async (request, reply) => keepInCookie(reply, await accounts.login(ctx, request.body, requestMeta(request))),
    );

    auth.post(
      '/auth/refresh',
      {
        schema: {
          tags: ['auth'],
          summary: 'Rotate a refresh token for a new token pair',
          description: 'The token comes from the body or, for browsers, from the HttpOnly refresh cookie.',
          body: RefreshBody,
          response: { 200: AuthResult },
        },
      },
      async (request, reply) => {
        const fromBody = request.body.refreshToken;
        const token = fromBody ?? cookie.read(request);
        try {
          if (!token) throw new AppError('unauthenticated', 'no-refresh-token', 'No refresh token was sent; sign in');
          return keepInCookie(reply, await accounts.refresh(ctx, token, requestMeta(request)));
        } catch (error) {
          // A refused cookie would be sent again on every page load; drop it (but never on a server fault).
          const refused = error instanceof AppError && (error.kind === 'unauthenticated' || error.kind === 'forbidden');
          if (refused && !fromBody && cookie.isPresent(request)) cookie.clear(reply);
          throw error;
        }
      },
    );

    auth.post(
      '/auth/logout',
      {
        preHandler: guards.requireUser,
        schema: { tags: ['auth'], summary: 'End this session', security: [{ bearer: [] }], response: { 204: noContent } },
      },
      async (request, reply) => {
        await accounts.logout(ctx, callerOf(request));
        cookie.clear(reply);
        return reply.code(204).send(null);
      },
    );

    auth.post(
      '/auth/password-reset',
      {
        schema: {
          tags: ['auth'],
          summary: 'Mail a password reset link, valid 30 minutes, to the account with this email',
          description: 'Answers 202 whether or not an account has the address.',
          body: PasswordResetBody,
        },
      },
      async (request, reply) => {
        await requestPasswordReset(ctx, request.body.email);
        return reply.code(202).send();
      },
    );

    auth.post(
      '/auth/password-reset/confirm',
      {
        schema: {
          tags: ['auth'],
          summary: 'Set a new password with the token of a reset link; every session of the account ends',
          body: PasswordResetConfirmBody,
        },
      },
      async (request, reply) => {
        await confirmPasswordReset(ctx, request.body.token, request.body.password);
        return reply.code(204).send();
      },
    );

    auth.post(
      '/auth/verify-email',
      { schema: { tags: ['auth'], summary: 'Verify an email address with the token of the link mailed to it', body: LinkTokenBody } },
      async (request, reply) => {
        await verifyEmail(ctx, request.body.token);
        return reply.code(204).send();
      },
    );
  });

  app.get(
    '/me',
    {
      preHandler: guards.requireUser,
      schema: {
        tags: ['account'],
        summary: 'The caller’s account, role profile and verification state',
        security: [{ bearer: [] }],
        response: { 200: MeView },
      },
    },
    async (request) => accounts.getAccount(ctx, callerOf(request).id),
  );

  await meRoutes(app, { ctx, guards });
};
