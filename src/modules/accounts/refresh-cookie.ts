import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RefreshToken } from '../../contracts/accounts.js';
import type { Config } from '../../config.js';
import { REFRESH_TOKEN_TTL_DAYS } from './service.js';

/**
 * The browser keeps its refresh token here: HttpOnly so page scripts cannot read it, SameSite=Strict so
 * other sites cannot spend it, and scoped to the auth routes so no other request carries it.
 */
export const REFRESH_COOKIE = 'qgig_refresh';

export interface RefreshCookie {
  set(reply: FastifyReply, refreshToken: string): void;
  clear(reply: FastifyReply): void;
  /** The well-formed token the request's cookie carries, if any. */
  read(request: FastifyRequest): string | undefined;
  isPresent(request: FastifyRequest): boolean;
}

/** `path` is where the auth routes are mounted, e.g. `/api/v1/auth`. */
export function refreshCookie(config: Config, path: string): RefreshCookie {
  const options: CookieSerializeOptions = { path, httpOnly: true, sameSite: 'strict', secure: config.isProduction };
  return {
    set: (reply, refreshToken) =>
      void reply.setCookie(REFRESH_COOKIE, refreshToken, { ...options, maxAge: REFRESH_TOKEN_TTL_DAYS * 24 * 3600 }),
    clear: (reply) => void reply.clearCookie(REFRESH_COOKIE, options),
    read(request) {
      const parsed = RefreshToken.safeParse(request.cookies[REFRESH_COOKIE]);
      return parsed.success ? parsed.data : undefined;
    },
    isPresent: (request) => request.cookies[REFRESH_COOKIE] !== undefined,
  };
}
