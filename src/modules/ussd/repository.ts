import { and, eq, gt, lt, or, isNull, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db.js';
import { ussdPinChecks, ussdPins, ussdSessions } from './schema.js';

export type PinRow = typeof ussdPins.$inferSelect;

export const WRONG_PIN_LIMIT = 3;
export const LOCK_MINUTES = 15;

export async function findPin(db: Executor, userId: string): Promise<PinRow | undefined> {
  const [row] = await db.select().from(ussdPins).where(eq(ussdPins.userId, userId));
  return row;
}

/** A new PIN starts with no wrong PINs counted and no lock. */
export async function savePin(db: Executor, userId: string, pinHash: string): Promise<void> {
  const fresh = { pinHash, wrongPins: 0, lockedUntil: null, updatedAt: sql`now()` };
  await db
    .insert(ussdPins)
    .values({ userId, ...fresh })
    .onConflictDoUpdate({ target: ussdPins.userId, set: fresh });
}

/**
 * Counts a wrong PIN in one statement (parallel sessions cannot pass the limit): the third locks the
 * phone for 15 minutes and starts the count again. Undefined while a lock already holds.
 */
export async function countWrongPin(db: Executor, userId: string): Promise<{ wrongPins: number; lockedUntil: Date | null } | undefined> {
  const reached = sql`${ussdPins.wrongPins} + 1 >= ${WRONG_PIN_LIMIT}`;
  const [row] = await db
    .update(ussdPins)
    .set({
      wrongPins: sql`CASE WHEN ${reached} THEN 0 ELSE ${ussdPins.wrongPins} + 1 END`,
      lockedUntil: sql`CASE WHEN ${reached} THEN now() + make_interval(mins => ${LOCK_MINUTES}) ELSE NULL END`,
    })
    .where(and(eq(ussdPins.userId, userId), or(isNull(ussdPins.lockedUntil), lte(ussdPins.lockedUntil, sql`now()`))))
    .returning({ wrongPins: ussdPins.wrongPins, lockedUntil: ussdPins.lockedUntil });
  return row;
}

export async function clearWrongPins(db: Executor, userId: string): Promise<void> {
  await db.update(ussdPins).set({ wrongPins: 0 }).where(eq(ussdPins.userId, userId));
}

/**
 * The shifts this session listed, in order: the first listing of a session is kept (a later hop of
 * it, or a parallel one, reads that one), so a number typed picks what was shown.
 */
export async function sessionShifts(db: Executor, sessionId: string, userId: string, list: () => Promise<string[]>): Promise<string[]> {
  const kept = await keptShifts(db, sessionId, userId);
  if (kept) return kept;
  const jobIds = await list();
  await db.delete(ussdSessions).where(lt(ussdSessions.createdAt, sql`now() - interval '1 day'`));
  await db.insert(ussdSessions).values({ sessionId, userId, jobIds }).onConflictDoNothing();
  return (await keptShifts(db, sessionId, userId)) ?? jobIds;
}

async function keptShifts(db: Executor, sessionId: string, userId: string): Promise<string[] | undefined> {
  const [row] = await db
    .select({ jobIds: ussdSessions.jobIds })
    .from(ussdSessions)
    .where(and(eq(ussdSessions.sessionId, sessionId), eq(ussdSessions.userId, userId)));
  return row?.jobIds;
}

/** Africa's Talking ends a USSD session after 180 s at most: a PIN check outlives none. */
export const PIN_CHECK_MINUTES = 5;

/** Checks made before this have lapsed. */
const lapsedBefore = sql`now() - make_interval(mins => ${PIN_CHECK_MINUTES})`;

const checkIsCurrent = and(gt(ussdPinChecks.checkedAt, lapsedBefore), gt(ussdPinChecks.checkedAt, ussdPins.updatedAt));

/** The digest of the PIN this session's check passed with, unless it has lapsed or the PIN changed since. */
export async function checkedPinDigest(db: Executor, sessionId: string, userId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ pinDigest: ussdPinChecks.pinDigest })
    .from(ussdPinChecks)
    .innerJoin(ussdPins, eq(ussdPins.userId, ussdPinChecks.userId))
    .where(and(eq(ussdPinChecks.sessionId, sessionId), eq(ussdPinChecks.userId, userId), checkIsCurrent));
  return row?.pinDigest;
}

/** Notes a passed PIN check for the session (replacing one the PIN has changed since), and drops lapsed ones. */
export async function notePinChecked(db: Executor, sessionId: string, userId: string, pinDigest: string): Promise<void> {
  await db.delete(ussdPinChecks).where(lt(ussdPinChecks.checkedAt, lapsedBefore));
  await db
    .insert(ussdPinChecks)
    .values({ sessionId, userId, pinDigest })
    .onConflictDoUpdate({ target: ussdPinChecks.sessionId, set: { userId, pinDigest, checkedAt: sql`now()` } });
}

export async function deleteForUser(db: Executor, userId: string): Promise<void> {
  await db.delete(ussdPins).where(eq(ussdPins.userId, userId));
  await db.delete(ussdSessions).where(eq(ussdSessions.userId, userId));
  await db.delete(ussdPinChecks).where(eq(ussdPinChecks.userId, userId));
}
