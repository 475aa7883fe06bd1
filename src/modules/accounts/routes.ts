import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AuthResult, ConsentState, LoginBody, RefreshBody, RegisterBody, UserView } from '../../contracts/accounts.js';
import { InstitutionProfile, ProfessionalProfile, VerificationState } from '../../contracts/profiles.js';
import { callerOf } from '../../platform/auth.js';
import { requestMeta, type ModuleRoutes } from '../../platform/http.js';
import * as throttle from '../../platform/throttle.js';
import * as accounts from './service.js';

export const MeView = z
  .object({
    user: UserView,
    consent: ConsentState,
    /** The caller's role profile: at most one is set, and none until the caller saves one. */
    professional: ProfessionalProfile.nullable(),
    institution: InstitutionProfile.nullable(),
    /** Professionals only: verified, document counts, and what still blocks verification. */
    verification: VerificationState.nullable(),
  })
  .meta({ id: 'Me' });

export const accountRoutes: ModuleRoutes = async (app, { ctx, guards }) => {
  await app.register(async (scope) => {
    const auth = scope.withTypeProvider<ZodTypeProvider>();
    // Generous per address (carrier-grade NAT puts whole schools behind one IP); strict per account in the service.
    auth.addHook('onRequest', async (request) => {
      const limit = { max: ctx.config.authRateLimitPerMinute, windowSeconds: 60 };
      const state = await throttle.hit(ctx.db, `auth-ip:${request.ip}`, limit);
      if (state.hits > limit.max) throw throttle.rateLimited(state, 'Too many requests from this network; try again shortly');
    });

    auth.post(
      '/auth/register',
      { schema: { tags: ['auth'], summary: 'Create an institution or professional account', body: RegisterBody, response: { 201: AuthResult } } },
      async (request, reply) => reply.code(201).send(await accounts.register(ctx, request.body, requestMeta(request))),
    );

    auth.post(
      '/auth/login',
      { schema: { tags: ['auth'], summary: 'Sign in with email and password', body: LoginBody, response: { 200: AuthResult } } },
      async (request) => accounts.login(ctx, request.body, requestMeta(request)),
    );

    auth.post(
      '/auth/refresh',
      { schema: { tags: ['auth'], summary: 'Rotate a refresh token for a new token pair', body: RefreshBody, response: { 200: AuthResult } } },
      async (request) => accounts.refresh(ctx, request.body.refreshToken, requestMeta(request)),
    );

    auth.post(
      '/auth/logout',
      { preHandler: guards.requireUser, schema: { tags: ['auth'], summary: 'End this session', security: [{ bearer: [] }] } },
      async (request, reply) => {
        await accounts.logout(ctx, callerOf(request));
        return reply.code(204).send();
      },
    );
  });

  app.get(
    '/me',
    { preHandler: guards.requireUser, schema: { tags: ['account'], summary: 'The caller’s account, role profile and verification state', security: [{ bearer: [] }], response: { 200: MeView } } },
    async (request) => accounts.getAccount(ctx, callerOf(request).id),
  );
};
