import type { FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AuthResult,
  LinkTokenBody,
  LoginBody,
  OtpRequestBody,
  OtpVerifyBody,
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
import { confirmPasswordReset, confirmPasswordResetByCode, requestPasswordReset, requestPasswordResetBySms } from './password-reset.js';
import { requestSignInCode, signInWithCode } from './phone-sign-in.js';
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
      '/auth/otp',
      {
        schema: {
          tags: ['auth'],
          summary: 'Send a 6-digit sign-in code, valid 5 minutes, by SMS to the account with this phone',
          description: 'Answers 202 whether or not an account has the phone; the 4th request for one phone within an hour is 429.',
          body: OtpRequestBody,
          response: { 202: noContent },
        },
      },
      async (request, reply) => {
        await requestSignInCode(ctx, request.body.phone);
        return reply.code(202).send(undefined);
      },
    );

    auth.post(
      '/auth/otp/verify',
      {
        schema: {
          tags: ['auth'],
          summary: 'Sign in with the code sent by SMS (3 tries per code)',
          body: OtpVerifyBody,
          response: { 200: AuthResult },
        },
      },
      async (request, reply) => keepInCookie(reply, await signInWithCode(ctx, request.body, requestMeta(request))),
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
          summary: 'Mail a reset link, or send a reset code by SMS, valid 30 minutes, to the account with this email or phone',
          description: 'Answers 202 whether or not an account has the address or phone.',
          body: PasswordResetBody,
          response: { 202: noContent },
        },
      },
      async (request, reply) => {
        const { email, phone } = request.body;
        await (email === undefined ? requestPasswordResetBySms(ctx, phone!) : requestPasswordReset(ctx, email));
        return reply.code(202).send(undefined);
      },
    );

    auth.post(
      '/auth/password-reset/confirm',
      {
        schema: {
          tags: ['auth'],
          summary: 'Set a new password with the token of a reset link, or the phone and the code sent to it; every session ends',
          body: PasswordResetConfirmBody,
          response: { 204: noContent },
        },
      },
      async (request, reply) => {
        const { token, phone, code, password } = request.body;
        await (token === undefined
          ? confirmPasswordResetByCode(ctx, { phone: phone!, code: code!, password })
          : confirmPasswordReset(ctx, token, password));
        return reply.code(204).send(undefined);
      },
    );

    auth.post(
      '/auth/verify-email',
      {
        schema: {
          tags: ['auth'],
          summary: 'Verify an email address with the token of the link mailed to it',
          body: LinkTokenBody,
          response: { 204: noContent },
        },
      },
      async (request, reply) => {
        await verifyEmail(ctx, request.body.token);
        return reply.code(204).send(undefined);
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
