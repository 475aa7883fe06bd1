import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { DocType, DocumentStatus } from '../../contracts/documents.js';
import type { Executor } from '../../platform/db.js';
import { users } from '../accounts/schema.js';
import { documents } from './schema.js';

export type DocumentRow = typeof documents.$inferSelect;
export type NewDocument = typeof documents.$inferInsert;

export interface KeysetPage {
  limit: number;
  /** Id of the last item already seen. */
  cursor?: string | undefined;
}

export async function insertDocument(tx: Executor, document: NewDocument): Promise<DocumentRow> {
  const [row] = await tx.insert(documents).values(document).returning();
  return row!;
}

export async function findDocument(db: Executor, id: string): Promise<DocumentRow | undefined> {
  const [row] = await db.select().from(documents).where(eq(documents.id, id));
  return row;
}

/** Locks the row for a decision: a second decider waits, then sees the first one's outcome. */
export async function lockDocument(tx: Executor, id: string): Promise<DocumentRow | undefined> {
  const [row] = await tx.select().from(documents).where(eq(documents.id, id)).for('update');
  return row;
}

/** Serialises uploads of one document type by one user until the transaction ends (others are not held up). */
export async function lockUploadSlot(tx: Executor, userId: string, docType: DocType): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`documents:${userId}:${docType}`}, 0))`);
}

/**
 * Marks the user's `status` document of this type superseded and forgets its file and number (the
 * masked hint stays, as history); returns the storage keys whose files must now be deleted.
 */
export async function supersede(tx: Executor, userId: string, docType: DocType, status: 'pending' | 'approved'): Promise<string[]> {
  const match = and(eq(documents.userId, userId), eq(documents.docType, docType), eq(documents.status, status));
  const held = await tx.select({ storageKey: documents.storageKey }).from(documents).where(match).for('update');
  if (held.length === 0) return [];
  await tx.update(documents).set({ status: 'superseded', storageKey: null, numberEncrypted: null }).where(match);
  return held.flatMap((row) => (row.storageKey ? [row.storageKey] : []));
}

export type Decision = { status: 'approved'; expiresOn: string | null } | { status: 'rejected'; reason: string };

/** Guarded: only a pending document can be decided; undefined when it was not pending. */
export async function decide(tx: Executor, id: string, decision: Decision, adminId: string): Promise<DocumentRow | undefined> {
  const [row] = await tx
    .update(documents)
    .set({
      status: decision.status,
      rejectionReason: decision.status === 'rejected' ? decision.reason : null,
      ...(decision.status === 'approved' ? { expiresOn: decision.expiresOn } : {}),
      decidedAt: sql`now()`,
      decidedBy: adminId,
    })
    .where(and(eq(documents.id, id), eq(documents.status, 'pending')))
    .returning();
  return row;
}

/** Rows after `cursor` in the order (created_at, id), ascending or descending. */
function afterCursor(cursor: string | undefined, direction: 'asc' | 'desc'): SQL | undefined {
  if (!cursor) return undefined;
  const position = sql`(SELECT created_at, id FROM documents WHERE id = ${cursor})`;
  return direction === 'asc'
    ? sql`(${documents.createdAt}, ${documents.id}) > ${position}`
    : sql`(${documents.createdAt}, ${documents.id}) < ${position}`;
}

/** The user's documents, newest first; `limit + 1` rows so the caller can tell whether more follow. */
export async function listUserDocuments(db: Executor, userId: string, page: KeysetPage): Promise<DocumentRow[]> {
  return db
    .select()
    .from(documents)
    .where(and(eq(documents.userId, userId), afterCursor(page.cursor, 'desc')))
    .orderBy(desc(documents.createdAt), desc(documents.id))
    .limit(page.limit + 1);
}

/** The review queue: documents in `status`, oldest first, with their owner's name. */
export async function listDocumentsByStatus(db: Executor, status: DocumentStatus, page: KeysetPage) {
  return db
    .select({ document: documents, professionalName: users.name })
    .from(documents)
    .innerJoin(users, eq(users.id, documents.userId))
    .where(and(eq(documents.status, status), afterCursor(page.cursor, 'asc')))
    .orderBy(asc(documents.createdAt), asc(documents.id))
    .limit(page.limit + 1);
}

/**
 * The documents with any of these plaintext hashes, with their owners, oldest first: at most `perHash`
 * of each hash (one file shared by many accounts must not flood the review queue).
 */
export async function documentsWithHashes(db: Executor, hashes: string[], perHash: number) {
  if (hashes.length === 0) return [];
  const ranked = db
    .select({
      documentId: documents.id,
      userId: documents.userId,
      name: users.name,
      email: users.email,
      status: documents.status,
      sha256: sql<string>`${documents.sha256}`.as('sha256'),
      rank: sql<number>`row_number() OVER (PARTITION BY ${documents.sha256} ORDER BY ${documents.createdAt}, ${documents.id})`.as('rank'),
    })
    .from(documents)
    .innerJoin(users, eq(users.id, documents.userId))
    .where(inArray(documents.sha256, hashes))
    .as('ranked');
  return db.select().from(ranked).where(lte(ranked.rank, perHash)).orderBy(asc(ranked.rank));
}

/** Every document of the user, oldest first (data export). */
export async function allUserDocuments(db: Executor, userId: string): Promise<DocumentRow[]> {
  return db.select().from(documents).where(eq(documents.userId, userId)).orderBy(asc(documents.createdAt), asc(documents.id));
}

/**
 * Erasure: every document of the user is superseded and stripped of its number, name, hash and
 * file; returns the storage keys whose files must be deleted.
 */
export async function eraseUserDocuments(tx: Executor, userId: string): Promise<string[]> {
  const held = await tx
    .select({ storageKey: documents.storageKey })
    .from(documents)
    .where(and(eq(documents.userId, userId), isNotNull(documents.storageKey)))
    .for('update');
  await tx
    .update(documents)
    .set({
      status: 'superseded',
      rejectionReason: null,
      numberEncrypted: null,
      numberHint: null,
      storageKey: null,
      originalName: null,
      sha256: null,
    })
    .where(eq(documents.userId, userId));
  return held.map((row) => row.storageKey!);
}

/** Approved documents whose expiry day (a Kampala date) is `today` or earlier: due to become `expired`. */
export async function approvedExpiredBy(db: Executor, today: string): Promise<string[]> {
  const rows = await db
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.status, 'approved'), lte(documents.expiresOn, today)))
    .orderBy(asc(documents.expiresOn));
  return rows.map((row) => row.id);
}

/** Guarded: marks one approved document expired if its day has come; undefined when another run did (or it changed). */
export async function markExpired(tx: Executor, id: string, today: string): Promise<DocumentRow | undefined> {
  const [row] = await tx
    .update(documents)
    .set({ status: 'expired' })
    .where(and(eq(documents.id, id), eq(documents.status, 'approved'), lte(documents.expiresOn, today)))
    .returning();
  return row;
}

export interface ExpiringDocument {
  id: string;
  userId: string;
  docType: DocType;
  expiresOn: string;
  daysLeft: number;
  remindedDaysBefore: number | null;
}

/** Approved documents expiring after `today` and at most `days` days after it, with the reminder already sent. */
export async function approvedExpiringWithin(db: Executor, today: string, days: number): Promise<ExpiringDocument[]> {
  return db
    .select({
      id: documents.id,
      userId: documents.userId,
      docType: documents.docType,
      expiresOn: sql<string>`${documents.expiresOn}::text`,
      daysLeft: sql<number>`(${documents.expiresOn} - ${today}::date)::int`,
      remindedDaysBefore: documents.expiryRemindedDaysBefore,
    })
    .from(documents)
    .where(
      and(eq(documents.status, 'approved'), gt(documents.expiresOn, today), lte(documents.expiresOn, sql`${today}::date + ${days}::int`)),
    );
}

/** Guarded: records the reminder `daysBefore` as sent; false when it (or a later one) already was. */
export async function markReminded(tx: Executor, id: string, daysBefore: number): Promise<boolean> {
  const rows = await tx
    .update(documents)
    .set({ expiryRemindedDaysBefore: daysBefore })
    .where(
      and(
        eq(documents.id, id),
        eq(documents.status, 'approved'),
        or(isNull(documents.expiryRemindedDaysBefore), gt(documents.expiryRemindedDaysBefore, daysBefore)),
      ),
    )
    .returning({ id: documents.id });
  return rows.length > 0;
}
