import { createSigner, createVerifier } from 'fast-jwt';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { AppError } from './errors.js';
import type { CacheVersions } from './response-cache.js';

export const ROLES = ['institution', 'professional', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What narrows or widens the shifts a user sees beyond everyone's view: `plain` (nothing: most
 * users), `related` (a block or a favourite, either side) or `restricted` (a professional limited to
 * favourites' shifts). Read with the session; see favourites/visibility.ts.
 */
export type ViewerScope = 'plain' | 'related' | 'restricted';

export interface AuthenticatedUser {
  id: string;
  role: Role;
  sessionId: string;
  /** When the access token of this request expires (ms since the epoch); set by the guard. */
  tokenExpiresAt?: number;
  /** Set by the guard; absent for callers acting outside a request (a phone's reply), who are checked in full. */
  scope?: ViewerScope;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication guard; absent on public routes. */
    user?: AuthenticatedUser;
    /** The versions of cached data (see response-cache.ts), read with the session by the guard. */
    cacheVersions?: CacheVersions;
  }
}

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const ISSUER = 'qgig';
const VERIFIED_TOKENS_CACHED = 10_000;

interface AccessClaims {
  sub: string;
  role: Role;
  sid: string;
  exp: number;
}

export interface AccessTokens {
  sign(user: AuthenticatedUser): string;
  /** Returns the claims, or undefined for anything forged, expired, or signed another way. */
  verify(token: string): AuthenticatedUser | undefined;
}

export function createAccessTokens(secret: string): AccessTokens {
  const signer = createSigner({ key: secret, algorithm: 'HS256', expiresIn: ACCESS_TOKEN_TTL_SECONDS * 1000, iss: ISSUER });
  // Pinning the algorithm is what rejects `alg: none` and key-confusion tokens.
  // Verified tokens are remembered until they expire (the session is still checked on every request):
  // an HMAC and a JSON parse per request were a tenth of a cached browse's cost. fast-jwt keys the
  // cache by a hash of the whole token, so a tampered token is never mistaken for a verified one.
  const verifier = createVerifier({
    key: secret,
    algorithms: ['HS256'],
    allowedIss: ISSUER,
    requiredClaims: ['sub', 'sid', 'exp'],
    cache: VERIFIED_TOKENS_CACHED,
  });
  return {
    sign: (user) => signer({ sub: user.id, role: user.role, sid: user.sessionId } satisfies Omit<AccessClaims, 'exp'>),
    verify(token) {
      try {
        const claims = verifier(token) as Partial<AccessClaims>;
        if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string' || typeof claims.exp !== 'number' || !isRole(claims.role))
          return undefined;
        return { id: claims.sub, role: claims.role, sessionId: claims.sid, tokenExpiresAt: claims.exp * 1000 };
      } catch {
        return undefined;
      }
    },
  };
}

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export interface SessionState {
  status: 'active' | 'suspended' | 'revoked';
  /** The role stored with the account: the token's own claim is never trusted for it (a leaked signing key makes no admins). */
  role?: Role;
  /** Read in the same round trip, so answering from the response cache costs no query of its own. */
  cacheVersions?: CacheVersions;
  scope?: ViewerScope;
}

/** Looks the session up on every request, so logout and suspension take effect at once. */
export type SessionCheck = (claims: AuthenticatedUser) => Promise<SessionState>;

export interface AuthGuards {
  requireUser: preHandlerAsyncHookHandler;
  requireRole(...roles: Role[]): preHandlerAsyncHookHandler;
}

/** The 403 for a suspended account's request: why, and how to reach support (the rare path, so it may read more). */
export type SuspensionRefusal = (userId: string) => Promise<AppError>;

export function createAuthGuards(tokens: AccessTokens, checkSession: SessionCheck, refuseSuspended: SuspensionRefusal): AuthGuards {
  async function authenticate(request: FastifyRequest): Promise<AuthenticatedUser> {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match?.[1]) throw new AppError('unauthenticated', 'unauthenticated', 'A bearer access token is required');
    const claims = tokens.verify(match[1]);
    if (!claims) throw new AppError('unauthenticated', 'invalid-token', 'The access token is invalid or expired');
    const { status, role, cacheVersions, scope } = await checkSession(claims);
    if (status === 'suspended') throw await refuseSuspended(claims.id);
    if (status === 'revoked' || !role) throw new AppError('unauthenticated', 'session-ended', 'This session has ended; sign in again');
    const user = { ...claims, role, scope };
    request.user = user;
    request.cacheVersions = cacheVersions;
    return user;
  }

  const requireUser: preHandlerAsyncHookHandler = async (request: FastifyRequest, _reply: FastifyReply) => {
    await authenticate(request);
  };

  return {
    requireUser,
    requireRole(...roles) {
      return async (request: FastifyRequest, _reply: FastifyReply) => {
        const user = await authenticate(request);
        if (!roles.includes(user.role)) {
          throw new AppError('forbidden', 'wrong-role', `Only ${roles.join(' or ')} accounts may do this`);
        }
      };
    },
  };
}

/** The authenticated caller of a guarded route. */
export function callerOf(request: FastifyRequest): AuthenticatedUser {
  if (!request.user) throw new AppError('unauthenticated', 'unauthenticated', 'A bearer access token is required');
  return request.user;
}
