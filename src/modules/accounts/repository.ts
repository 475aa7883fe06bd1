import { aliasedTable, and, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import { preparedRead, type Database, type Executor } from '../../platform/db.js';
import { accountTokens, consents, refreshTokens, sessions, users } from './schema.js';
import { currentCacheVersions } from '../../platform/response-cache.js';
import { viewerScopeOf } from '../favourites/visibility.js';

export type UserRow = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

export async function insertUser(db: Executor, user: NewUser): Promise<UserRow> {
  const [row] = await db.insert(users).values(user).returning();
  return row!;
}

export async function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  return row;
}

export async function findUserByPhone(db: Executor, phone: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.phone, phone));
  return row;
}

export async function adminExists(db: Executor): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).limit(1);
  return row !== undefined;
}

export async function updatePasswordHash(db: Executor, userId: string, passwordHash: string): Promise<void> {
  await db
    .update(users)
    .set({ passwordHash, updatedAt: sql`now()` })
    .where(eq(users.id, userId));
}

export async function updateUserName(db: Executor, userId: string, name: string): Promise<void> {
  await db
    .update(users)
    .set({ name, updatedAt: sql`now()` })
    .where(eq(users.id, userId));
}

/**
 * Follows a link mailed to `email` (verification, password reset): applies `changes` only while that
 * is still the account's address, and marks it verified, since the link proved it is the owner's.
 */
export async function applyMailedLink(
  db: Executor,
  userId: string,
  email: string,
  changes: Pick<NewUser, 'passwordHash'> = {},
): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ ...changes, emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`, updatedAt: sql`now()` })
    .where(and(eq(users.id, userId), sql`lower(${users.email}) = ${email}`, sql`${users.status} <> 'erased'`))
    .returning({ id: users.id });
  return rows.length > 0;
}

/** The confirmed new address, verified by the confirmation itself; throws users_email_key if it was taken meanwhile. */
export async function changeEmail(db: Executor, userId: string, email: string): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ email, emailVerifiedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(users.id, userId), sql`${users.status} <> 'erased'`))
    .returning({ id: users.id });
  return rows.length > 0;
}

/** A password reset by SMS code: applied only while `phone` (where the code went) is still the active account's. */
export async function resetPasswordOfPhone(db: Executor, userId: string, phone: string, passwordHash: string): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ passwordHash, updatedAt: sql`now()` })
    .where(and(eq(users.id, userId), eq(users.phone, phone), eq(users.status, 'active')))
    .returning({ id: users.id });
  return rows.length > 0;
}

/** The confirmed new phone; throws users_phone_key if another account took it meanwhile. */
export async function changePhone(db: Executor, userId: string, phone: string): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ phone, updatedAt: sql`now()` })
    .where(and(eq(users.id, userId), sql`${users.status} <> 'erased'`))
    .returning({ id: users.id });
  return rows.length > 0;
}

export async function updateUserStatus(
  db: Executor,
  userId: string,
  status: 'active' | 'suspended',
  reason: string,
): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({ status, statusReason: reason, updatedAt: sql`now()` })
    .where(and(eq(users.id, userId), sql`${users.status} <> 'erased'`))
    .returning();
  return row;
}

export async function insertSession(db: Executor, session: typeof sessions.$inferInsert): Promise<string> {
  const [row] = await db.insert(sessions).values(session).returning({ id: sessions.id });
  return row!.id;
}

export async function insertRefreshToken(db: Executor, sessionId: string, tokenHash: string, expiresAt: Date): Promise<void> {
  await db.insert(refreshTokens).values({ sessionId, tokenHash, expiresAt });
}

/**
 * Spends a refresh token in one guarded statement: of two concurrent refreshes with the same
 * token exactly one gets the row back.
 */
export async function spendRefreshToken(db: Executor, tokenHash: string): Promise<{ sessionId: string } | undefined> {
  const [row] = await db
    .update(refreshTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.usedAt), sql`${refreshTokens.expiresAt} > now()`))
    .returning({ sessionId: refreshTokens.sessionId });
  return row;
}

/**
 * The session of a token spent less than `graceSeconds` ago whose successor (`successorHash`) is
 * still unspent: the rotation's answer may have been lost on the way, so it can be given again.
 */
export async function sessionOfRetriedRefresh(
  db: Executor,
  tokenHash: string,
  successorHash: string,
  graceSeconds: number,
): Promise<string | undefined> {
  const successor = aliasedTable(refreshTokens, 'successor');
  const [row] = await db
    .select({ sessionId: refreshTokens.sessionId })
    .from(refreshTokens)
    .innerJoin(successor, and(eq(successor.sessionId, refreshTokens.sessionId), eq(successor.tokenHash, successorHash)))
    .where(
      and(
        eq(refreshTokens.tokenHash, tokenHash),
        sql`${refreshTokens.usedAt} > now() - make_interval(secs => ${graceSeconds})`,
        isNull(successor.usedAt),
        sql`${successor.expiresAt} > now()`,
      ),
    );
  return row?.sessionId;
}

export async function findRefreshToken(db: Executor, tokenHash: string) {
  const [row] = await db
    .select({ sessionId: refreshTokens.sessionId, usedAt: refreshTokens.usedAt })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, tokenHash));
  return row;
}

export async function findSessionWithUser(db: Executor, sessionId: string) {
  const [row] = await db
    .select({ sessionId: sessions.id, revokedAt: sessions.revokedAt, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sessionId));
  return row;
}

/** The per-request check, for all the requests that arrived together: sessions with their users' status and role, and the cache versions. */
const sessionsByIds = preparedRead('session_states', (db) =>
  db
    .select({
      sessionId: sessions.id,
      userId: sessions.userId,
      revokedAt: sessions.revokedAt,
      status: users.status,
      role: users.role,
      cacheVersions: currentCacheVersions,
      scope: viewerScopeOf(sessions.userId),
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(sql`${sessions.id} = ANY(${sql.placeholder('ids')}::uuid[])`),
);

export type SessionState = Awaited<ReturnType<ReturnType<typeof sessionsByIds>['execute']>>[number];

/** Checked on every authenticated request; unknown ids are simply missing. */
export async function sessionStates(db: Executor, sessionIds: readonly string[]): Promise<SessionState[]> {
  return sessionsByIds(db).execute({ ids: sessionIds });
}

export async function revokeSession(db: Executor, sessionId: string, reason: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

export async function revokeAllSessions(db: Executor, userId: string, reason: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

/** Ends every session of the user but `keepSessionId` (the caller's own). */
export async function revokeOtherSessions(db: Executor, userId: string, keepSessionId: string, reason: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId), isNull(sessions.revokedAt)));
}

export type AccountTokenPurpose = (typeof accountTokens.$inferInsert)['purpose'];

/**
 * Stores a link's token while its user is active, false when the user is not. The user's row is held
 * (FOR SHARE) until the token is committed, so an erasure racing it either waits and then deletes the
 * token with the rest, or came first and no token (holding the address) is stored. A retried task
 * stores its token again: the first row, and its expiry, stay.
 */
export async function insertAccountToken(db: Database, token: typeof accountTokens.$inferInsert): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [active] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, token.userId), eq(users.status, 'active')))
      .for('share');
    if (!active) return false;
    await tx.insert(accountTokens).values(token).onConflictDoNothing({ target: accountTokens.tokenHash });
    return true;
  });
}

/** Spends a mailed token in one guarded statement, so a link works once however often it is followed. */
export async function spendAccountToken(
  db: Executor,
  purpose: AccountTokenPurpose,
  tokenHash: string,
): Promise<{ userId: string; email: string } | undefined> {
  const [row] = await db
    .update(accountTokens)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(accountTokens.tokenHash, tokenHash),
        eq(accountTokens.purpose, purpose),
        isNull(accountTokens.usedAt),
        sql`${accountTokens.expiresAt} > now()`,
      ),
    )
    .returning({ userId: accountTokens.userId, email: accountTokens.email });
  return row;
}

/** Spends every outstanding token of one purpose: after a reset, older reset links stop working. */
export async function spendAccountTokensOf(db: Executor, userId: string, purpose: AccountTokenPurpose): Promise<void> {
  await db
    .update(accountTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(accountTokens.userId, userId), eq(accountTokens.purpose, purpose), isNull(accountTokens.usedAt)));
}

export async function insertConsent(db: Executor, userId: string, version: string, ip: string | undefined): Promise<void> {
  await db.insert(consents).values({ userId, version, ip });
}

export async function latestConsent(db: Executor, userId: string) {
  const [row] = await db
    .select({ version: consents.version, acceptedAt: consents.acceptedAt })
    .from(consents)
    .where(eq(consents.userId, userId))
    .orderBy(desc(consents.acceptedAt))
    .limit(1);
  return row;
}

export async function consentsOf(db: Executor, userId: string) {
  return db
    .select({ version: consents.version, acceptedAt: consents.acceptedAt })
    .from(consents)
    .where(eq(consents.userId, userId))
    .orderBy(consents.acceptedAt);
}

export async function sessionsOf(db: Executor, userId: string) {
  return db
    .select({ createdAt: sessions.createdAt, revokedAt: sessions.revokedAt, ip: sessions.ip, userAgent: sessions.userAgent })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(sessions.createdAt);
}

/**
 * Pseudonymises the account: contact details and credentials gone, the name a placeholder, every
 * session ended and stripped of its address. The row stays, so payments and ratings keep their reference.
 */
export async function eraseUser(tx: Executor, userId: string): Promise<boolean> {
  const [row] = await tx
    .update(users)
    .set({
      name: 'Former user',
      email: null,
      phone: null,
      passwordHash: null,
      status: 'erased',
      statusReason: null,
      erasedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(users.id, userId), sql`${users.status} <> 'erased'`))
    .returning({ id: users.id });
  if (!row) return false;
  await tx
    .update(sessions)
    .set({
      revokedAt: sql`coalesce(${sessions.revokedAt}, now())`,
      revokedReason: sql`coalesce(${sessions.revokedReason}, 'erased')`,
      ip: null,
      userAgent: null,
    })
    .where(eq(sessions.userId, userId));
  await tx.update(consents).set({ ip: null }).where(eq(consents.userId, userId));
  await tx.delete(accountTokens).where(eq(accountTokens.userId, userId));
  return true;
}
