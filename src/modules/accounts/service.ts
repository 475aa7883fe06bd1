import type { z } from 'zod';
import type { AuthResult, ConsentState, LoginBody, RegisterBody, UserView } from '../../contracts/accounts.js';
import { CONSENT_VERSION } from '../../contracts/privacy.js';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  type AuthenticatedUser,
  type Role,
  type SessionCheck,
  type SessionState,
  type SuspensionRefusal,
} from '../../platform/auth.js';
import { batchLoader } from '../../platform/batch-loader.js';
import type { AppContext, RequestMeta } from '../../platform/context.js';
import { derivedToken, randomToken, sha256Hex } from '../../platform/crypto.js';
import { violatedUniqueConstraint } from '../../platform/db-errors.js';
import type { Executor, Transaction } from '../../platform/db.js';
import { AppError, invalidField, notFound } from '../../platform/errors.js';
import { toUgandaE164 } from '../../platform/phone.js';
import * as throttle from '../../platform/throttle.js';
import { recordAudit } from '../audit/service.js';
import { notificationSettingsOf } from '../notifications/settings.js';
import { accountProfileOf } from '../profiles/service.js';
import { ussdStateOf } from '../ussd/service.js';
import { queueAccountLink } from './account-links.js';
import { hashPassword, needsRehash, verifyPassword } from './passwords.js';
import * as repo from './repository.js';

/** argon2id, for the other secrets people type (the USSD PIN). */
export { hashPassword, verifyPassword } from './passwords.js';

export const REFRESH_TOKEN_TTL_DAYS = 30;
/**
 * PostgreSQL channel on which every ended session is announced at commit, whatever ended it (a
 * trigger on sessions.revoked_at, migration 0023): `{sessionId, userId}`. Live streams end on it.
 */
export const SESSION_ENDED_CHANNEL = 'qgig_session_ended';

/** How long a just-rotated refresh token still answers, for a client whose answer was lost. */
export const REFRESH_RETRY_GRACE_SECONDS = 30;
const LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60;

export function toUserView(user: repo.UserRow): UserView {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    phone: user.phone,
    role: user.role,
    status: user.status,
    emailVerified: user.emailVerifiedAt !== null,
    createdAt: user.createdAt.toISOString(),
  };
}

export async function register(ctx: AppContext, input: z.output<typeof RegisterBody>, meta: RequestMeta): Promise<AuthResult> {
  const phone = parsePhone(input.phone);
  const passwordHash = await hashPassword(input.password);

  const user = await ctx.db.transaction(async (tx) => {
    const created = await repo
      .insertUser(tx, { name: input.name, email: input.email, phone, passwordHash, role: input.role })
      .catch((error: unknown) => {
        throw duplicateAccountError(error) ?? error;
      });
    await repo.insertConsent(tx, created.id, CONSENT_VERSION, meta.ip);
    await queueAccountLink(ctx, tx, { kind: 'verify-email', userId: created.id });
    return created;
  });
  ctx.log.info({ userId: user.id, role: user.role }, 'account registered');
  return openSession(ctx, user, meta);
}

/** E.164 from any form people type, or 422 `invalid-phone`. */
export function parsePhone(input: string): string {
  const phone = toUgandaE164(input);
  if (!phone) throw invalidField('phone', 'Enter a valid Ugandan phone number, such as 0772 123 456', 'invalid-phone');
  return phone;
}

export function duplicateAccountError(error: unknown): AppError | undefined {
  const constraint = violatedUniqueConstraint(error);
  if (constraint === 'users_email_key') return emailTakenError();
  if (constraint === 'users_phone_key') return phoneTakenError();
  return undefined;
}

export function phoneTakenError(): AppError {
  return new AppError('conflict', 'phone-taken', 'An account with this phone number already exists', {
    errors: [{ path: 'phone', message: 'This phone number is already registered' }],
  });
}

export function emailTakenError(): AppError {
  return new AppError('conflict', 'email-taken', 'An account with this email already exists', {
    errors: [{ path: 'email', message: 'This email is already registered' }],
  });
}

export async function login(ctx: AppContext, input: z.output<typeof LoginBody>, meta: RequestMeta): Promise<AuthResult> {
  // Keyed by a hash: the throttle table never holds an email address. Every attempt is counted, in
  // one statement, before its password is checked, so however many arrive at once no more than the
  // limit are checked; a success clears the count.
  const limitKey = `login-failures:${sha256Hex(input.email)}`;
  const max = ctx.config.loginFailuresPer15Minutes;
  const attempts = await throttle.hit(ctx.db, limitKey, { max, windowSeconds: LOGIN_FAILURE_WINDOW_SECONDS });
  if (attempts.hits > max) throw throttle.rateLimited(attempts, 'Too many failed sign-ins for this account; try again later');

  const user = await repo.findUserByEmail(ctx.db, input.email);
  const passwordMatches = await verifyPassword(user?.status === 'erased' ? undefined : user?.passwordHash, input.password);
  if (!user || !passwordMatches) throw new AppError('unauthenticated', 'invalid-credentials', 'The email or password is wrong');
  if (user.status === 'suspended') throw suspendedError(ctx, user);

  await throttle.reset(ctx.db, limitKey);
  if (needsRehash(user.passwordHash!)) {
    await repo.updatePasswordHash(ctx.db, user.id, await hashPassword(input.password));
  }
  return openSession(ctx, user, meta);
}

export async function refresh(ctx: AppContext, refreshToken: string, meta: RequestMeta): Promise<AuthResult> {
  const tokenHash = sha256Hex(refreshToken);
  const successor = successorOf(ctx, refreshToken);
  const rotated = await ctx.db.transaction(async (tx) => {
    const spent = await repo.spendRefreshToken(tx, tokenHash);
    const sessionId =
      spent?.sessionId ?? (await repo.sessionOfRetriedRefresh(tx, tokenHash, sha256Hex(successor), REFRESH_RETRY_GRACE_SECONDS));
    if (!sessionId) return undefined;
    const session = await repo.findSessionWithUser(tx, sessionId);
    if (session?.user.status === 'suspended') throw suspendedError(ctx, session.user);
    if (!session || session.revokedAt || session.user.status === 'erased') {
      throw new AppError('unauthenticated', 'session-ended', 'This session has ended; sign in again');
    }
    if (spent) await insertRefreshToken(tx, sessionId, successor);
    return { user: session.user, sessionId };
  });

  if (!rotated) {
    await revokeFamilyOnReuse(ctx, tokenHash, meta);
    throw new AppError('unauthenticated', 'invalid-refresh-token', 'The refresh token is invalid, expired or already used');
  }
  return authResult(ctx, rotated.user, rotated.sessionId, successor);
}

/**
 * The token a refresh token rotates to, derived from it under the server's key: a client retrying
 * within the grace period gets the same one again, and nothing but the client holds the input.
 */
function successorOf(ctx: AppContext, refreshToken: string): string {
  return derivedToken(ctx.config.encryptionKey, 'refresh-token-successor', refreshToken);
}

/** A spent token presented again means it leaked: end the whole session family. */
async function revokeFamilyOnReuse(ctx: AppContext, tokenHash: string, meta: RequestMeta): Promise<void> {
  const known = await repo.findRefreshToken(ctx.db, tokenHash);
  if (!known?.usedAt) return;
  await repo.revokeSession(ctx.db, known.sessionId, 'refresh-token-reused');
  ctx.log.warn({ sessionId: known.sessionId, ip: meta.ip }, 'refresh token reused; session family revoked');
}

export async function logout(ctx: AppContext, caller: AuthenticatedUser): Promise<void> {
  await repo.revokeSession(ctx.db, caller.sessionId, 'logout');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The guard's per-request check. Checks of requests that arrived together share one query, which
 * still runs after they arrived, so logout and suspension take effect at once.
 */
export function checkSession(ctx: AppContext): SessionCheck {
  const sessionById = batchLoader(async (ids) => new Map((await repo.sessionStates(ctx.db, ids)).map((row) => [row.sessionId, row])));
  return async (claims) => {
    const found = UUID.test(claims.sessionId) ? await sessionById(claims.sessionId) : undefined;
    const state = found?.userId === claims.id ? found : undefined;
    return { status: sessionStatus(state), role: state?.role, cacheVersions: state?.cacheVersions, scope: state?.scope };
  };
}

function sessionStatus(state: repo.SessionState | undefined): SessionState['status'] {
  if (!state || state.status === 'erased') return 'revoked';
  // Suspension answers 403 even though it also revoked the sessions: the client learns why.
  if (state.status === 'suspended') return 'suspended';
  return state.revokedAt ? 'revoked' : 'active';
}

export async function getAccount(ctx: AppContext, userId: string) {
  const user = await repo.findUserById(ctx.db, userId);
  if (!user || user.status === 'erased') throw notFound('Account');
  return {
    user: toUserView(user),
    consent: await consentStateOf(ctx.db, user),
    ...(await accountProfileOf(ctx.db, user)),
    notificationSettings: await notificationSettingsOf(ctx.db, user.id),
    ussd: user.role === 'professional' ? await ussdStateOf(ctx, user.id) : null,
  };
}

/** Whether the caller accepted the current privacy notice; when the text changes they are asked again. */
async function consentStateOf(db: Executor, user: repo.UserRow): Promise<ConsentState> {
  const consent = await repo.latestConsent(db, user.id);
  return {
    version: consent?.version ?? null,
    acceptedAt: consent?.acceptedAt.toISOString() ?? null,
    currentVersion: CONSENT_VERSION,
    required: user.role !== 'admin' && consent?.version !== CONSENT_VERSION,
  };
}

/** Records acceptance of the current notice; a client that showed an older text is told so. */
export async function acceptConsent(ctx: AppContext, caller: AuthenticatedUser, version: string, meta: RequestMeta): Promise<ConsentState> {
  if (version !== CONSENT_VERSION) {
    throw new AppError(
      'conflict',
      'consent-version-outdated',
      `The privacy notice is now version ${CONSENT_VERSION}; show it and ask again`,
    );
  }
  const user = await repo.findUserById(ctx.db, caller.id);
  if (!user) throw notFound('Account');
  await repo.insertConsent(ctx.db, caller.id, version, meta.ip);
  return consentStateOf(ctx.db, user);
}

/** The account part of a data-subject export. */
export async function exportAccountData(db: Executor, userId: string) {
  const user = await repo.findUserById(db, userId);
  if (!user) throw notFound('Account');
  return {
    user: toUserView(user),
    consents: (await repo.consentsOf(db, userId)).map((consent) => ({
      version: consent.version,
      acceptedAt: consent.acceptedAt.toISOString(),
    })),
    sessions: (await repo.sessionsOf(db, userId)).map((session) => ({
      createdAt: session.createdAt.toISOString(),
      endedAt: session.revokedAt?.toISOString() ?? null,
      ip: session.ip,
      userAgent: session.userAgent,
    })),
  };
}

/** Erasure of the account row and its sessions, inside the caller's transaction (see privacy/service.ts). */
export async function eraseAccount(tx: Transaction, userId: string): Promise<void> {
  if (!(await repo.eraseUser(tx, userId))) throw notFound('Account');
}

export async function setUserStatus(
  ctx: AppContext,
  admin: AuthenticatedUser,
  userId: string,
  status: 'active' | 'suspended',
  reason: string,
  meta: RequestMeta,
): Promise<UserView> {
  if (userId === admin.id && status === 'suspended') {
    throw new AppError('conflict', 'cannot-suspend-self', 'Administrators cannot suspend their own account');
  }
  return ctx.db.transaction(async (tx) => {
    const user = await repo.updateUserStatus(tx, userId, status, reason);
    if (!user) throw notFound('User');
    if (status === 'suspended') await repo.revokeAllSessions(tx, userId, 'suspended');
    await recordAudit(tx, {
      actorId: admin.id,
      action: status === 'suspended' ? 'user.suspend' : 'user.activate',
      targetType: 'user',
      targetId: userId,
      reason,
      ip: meta.ip,
    });
    return toUserView(user);
  });
}

/** Creates the first administrator from ADMIN_EMAIL/ADMIN_PASSWORD when none exists yet. */
export async function ensureFirstAdmin(ctx: AppContext): Promise<void> {
  const admin = ctx.config.admin;
  if (await repo.adminExists(ctx.db)) return;
  if (!admin) {
    ctx.log.warn(
      'No administrator yet: set ADMIN_EMAIL and ADMIN_PASSWORD (in .env or the environment) and start Qgig again to create one',
    );
    return;
  }
  // config.ts has already refused an ADMIN_PASSWORD the password policy would.
  await repo.insertUser(ctx.db, {
    name: 'Administrator',
    email: admin.email.toLowerCase(),
    passwordHash: await hashPassword(admin.password),
    role: 'admin',
    emailVerifiedAt: new Date(),
  });
  ctx.log.info('first administrator created from ADMIN_EMAIL');
}

export async function openSession(ctx: AppContext, user: repo.UserRow, meta: RequestMeta): Promise<AuthResult> {
  const { sessionId, refreshToken } = await ctx.db.transaction(async (tx) => {
    const id = await repo.insertSession(tx, { userId: user.id, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 300) });
    return { sessionId: id, refreshToken: await issueRefreshToken(tx, id) };
  });
  return authResult(ctx, user, sessionId, refreshToken);
}

async function issueRefreshToken(db: Executor, sessionId: string): Promise<string> {
  const token = randomToken();
  await insertRefreshToken(db, sessionId, token);
  return token;
}

async function insertRefreshToken(db: Executor, sessionId: string, token: string): Promise<void> {
  const expiresAt = new Date(Date.now() + REFRESH_TOKEN_TTL_DAYS * 24 * 3600 * 1000);
  await repo.insertRefreshToken(db, sessionId, sha256Hex(token), expiresAt);
}

function authResult(ctx: AppContext, user: repo.UserRow, sessionId: string, refreshToken: string): AuthResult {
  return {
    user: toUserView(user),
    accessToken: ctx.tokens.sign({ id: user.id, role: user.role, sessionId }),
    refreshToken,
    expiresIn: ACCESS_TOKEN_TTL_SECONDS,
  };
}

/** Tells a suspended user why, and how to reach the people who can lift it. */
export function suspendedError(ctx: AppContext, user: Pick<repo.UserRow, 'statusReason'> | undefined): AppError {
  const { email, phone } = ctx.config.support;
  const reason = user?.statusReason ?? null;
  return new AppError(
    'forbidden',
    'account-suspended',
    `This account is suspended${reason ? ` (reason given: ${reason})` : ''}; contact Qgig support at ${email}${phone ? ` or ${phone}` : ''}`,
    {
      reason,
      support: { email, phone: phone ?? null },
    },
  );
}

/** The guard's answer to a request from a suspended account: the same as at sign-in. */
export function suspensionRefusal(ctx: AppContext): SuspensionRefusal {
  return async (userId) => suspendedError(ctx, await repo.findUserById(ctx.db, userId));
}

/** Name, email and phone of a user, for the parties of a job or a payment (undefined once erased). */
export async function contactOf(
  db: Executor,
  userId: string,
): Promise<{ name: string; email: string | null; phone: string | null } | undefined> {
  const user = await repo.findUserById(db, userId);
  if (!user || user.status === 'erased') return undefined;
  return { name: user.name, email: user.email, phone: user.phone };
}

export interface PhoneAccount {
  id: string;
  name: string;
  role: Role;
  status: 'active' | 'suspended';
}

/** The account holding an E.164 phone, for what arrives by SMS or USSD (undefined for none or an erased one). */
export async function accountByPhone(db: Executor, phone: string): Promise<PhoneAccount | undefined> {
  const user = await repo.findUserByPhone(db, phone);
  if (!user || user.status === 'erased') return undefined;
  return { id: user.id, name: user.name, role: user.role, status: user.status };
}
