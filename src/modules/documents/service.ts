import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  DocumentUploadFields,
  type ApproveDocumentBody,
  USUAL_NIN_PATTERN,
  type AdminDocumentsQuery,
  type AdminDocumentView,
  type DocumentDecision,
  type DocumentMime,
  type DocumentView,
  type DuplicateDocument,
  type UploadedDocument,
} from '../../contracts/documents.js';
import type { KeysetPageQuery } from '../../contracts/common.js';
import { addYears, kampalaDateOf } from '../../contracts/time.js';
import type { AuthenticatedUser } from '../../platform/auth.js';
import type { AppContext, RequestMeta } from '../../platform/context.js';
import type { Attachment } from '../../platform/http.js';
import { openText, sealText, sha256Hex } from '../../platform/crypto.js';
import type { Executor, Transaction } from '../../platform/db.js';
import { AppError, invalidField, notFound, parseOrRefuse } from '../../platform/errors.js';
import { keysetPage, type Page } from '../../platform/paging.js';
import { StoredFileMissing } from '../../platform/storage.js';
import { recordAudit } from '../audit/service.js';
import { notify } from '../notifications/service.js';
import { CREDENTIAL_EXPIRY } from '../reliability/rules.js';
import { deleteStoredFilesTask } from './tasks.js';
import * as repo from './repository.js';
import { detectDocumentMime, type UploadForm } from './upload.js';
import { recomputeVerification } from './verification.js';

const DELETION_BATCH = 100;
const DUPLICATES_SHOWN = 10;

const kampalaToday = () => kampalaDateOf(new Date());
/** Associated data for a sealed number: the ciphertext opens only on its own document. */
const numberContext = (documentId: string) => `documents.number:${documentId}`;

/** All but the ends masked, e.g. CM••••••••••7K; short numbers show less. */
export function maskNumber(number: string): string {
  const shown = number.length >= 8 ? 2 : number.length >= 5 ? 1 : 0;
  return number.slice(0, shown) + '•'.repeat(number.length - 2 * shown) + number.slice(number.length - shown);
}

export function toDocumentView(row: repo.DocumentRow): DocumentView {
  return {
    id: row.id,
    docType: row.docType,
    status: row.status,
    rejectionReason: row.rejectionReason,
    numberHint: row.numberHint,
    expiresOn: row.expiresOn,
    mime: row.mime as DocumentMime,
    size: row.size,
    originalName: row.originalName,
    createdAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
  };
}

/**
 * Stores a new document for review. The file is encrypted into the store first; the row that
 * references it (and supersedes a pending document of the same type) commits after, and a failed
 * commit deletes the file again.
 */
export async function uploadDocument(ctx: AppContext, caller: AuthenticatedUser, form: UploadForm): Promise<UploadedDocument> {
  const fields = parseOrRefuse(DocumentUploadFields, form.fields, 'upload form');
  if (!form.file) throw invalidField('file', 'Attach the document as the `file` part');
  if (form.file.bytes.length === 0) throw invalidField('file', 'The file is empty');
  const mime = await detectDocumentMime(form.file.bytes);
  if (fields.expiresOn && fields.expiresOn <= kampalaToday()) throw invalidField('expiresOn', 'This document has already expired');

  const id = randomUUID();
  const storageKey = `documents/${caller.id}/${id}`;
  const { bytes, filename } = form.file;
  await ctx.files.put(storageKey, bytes);
  try {
    const row = await ctx.db.transaction(async (tx) => {
      await repo.lockUploadSlot(tx, caller.id, fields.docType);
      await deleteFilesAfterCommit(ctx, tx, await repo.supersede(tx, caller.id, fields.docType, 'pending'));
      return repo.insertDocument(tx, {
        id,
        userId: caller.id,
        docType: fields.docType,
        numberEncrypted: fields.number ? sealText(ctx.config.encryptionKey, fields.number, numberContext(id)) : null,
        numberHint: fields.number ? maskNumber(fields.number) : null,
        expiresOn: fields.expiresOn ?? null,
        storageKey,
        mime,
        size: bytes.length,
        originalName: filename ?? null,
        sha256: sha256Hex(bytes),
      });
    });
    ctx.log.info({ documentId: id, userId: caller.id, docType: fields.docType, mime }, 'document uploaded');
    return { ...toDocumentView(row), warnings: uploadWarnings(fields) };
  } catch (error) {
    await ctx.files
      .delete(storageKey)
      .catch((cleanupError: unknown) => ctx.log.error({ err: cleanupError, storageKey }, 'orphaned upload not deleted'));
    throw error;
  }
}

function uploadWarnings(fields: DocumentUploadFields): string[] {
  if (fields.docType === 'nin' && fields.number && !USUAL_NIN_PATTERN.test(fields.number)) {
    return ['Most NINs start with CM or CF; check the number matches your card'];
  }
  return [];
}

/** Files no row references any more are deleted by a job queued with the transaction that let go of them. */
async function deleteFilesAfterCommit(ctx: AppContext, tx: Transaction, storageKeys: string[]): Promise<void> {
  for (let start = 0; start < storageKeys.length; start += DELETION_BATCH) {
    await ctx.queue.send(tx, deleteStoredFilesTask, { storageKeys: storageKeys.slice(start, start + DELETION_BATCH) });
  }
}

export async function deleteStoredFiles(ctx: AppContext, storageKeys: string[]): Promise<void> {
  for (const key of storageKeys) await ctx.files.delete(key);
}

export async function listMyDocuments(
  ctx: AppContext,
  caller: AuthenticatedUser,
  page: z.output<typeof KeysetPageQuery>,
): Promise<Page<DocumentView>> {
  const rows = await repo.listUserDocuments(ctx.db, caller.id, page);
  return keysetPage(rows, page.limit, (row) => row.id, toDocumentView);
}

/** The decrypted file, for its owner or an admin (audited); anyone else learns nothing, not even that it exists. */
export async function readDocumentFile(ctx: AppContext, caller: AuthenticatedUser, id: string, meta: RequestMeta): Promise<Attachment> {
  const document = await repo.findDocument(ctx.db, id);
  const isAdmin = caller.role === 'admin';
  if (!document || (document.userId !== caller.id && !isAdmin)) throw notFound('Document');
  if (!document.storageKey) throw new AppError('not_found', 'document-file-gone', 'This document’s file is no longer kept');
  if (isAdmin) {
    await recordAudit(ctx.db, {
      actorId: caller.id,
      action: 'document.read',
      targetType: 'document',
      targetId: id,
      ip: meta.ip,
      details: { part: 'file', userId: document.userId },
    });
  }
  try {
    const bytes = await ctx.files.get(document.storageKey);
    return { bytes, mime: document.mime, filename: document.originalName ?? `${document.docType}.${document.mime.split('/')[1]}` };
  } catch (error) {
    if (!(error instanceof StoredFileMissing)) throw error;
    ctx.log.error({ documentId: id, storageKey: document.storageKey }, 'document row references a missing file');
    throw new AppError('not_found', 'document-file-gone', 'This document’s file is no longer kept');
  }
}

/**
 * For each document, the other accounts' documents with the same file: one person's ID card or
 * certificate uploaded by two accounts is worth the reviewer's attention on both.
 */
async function findDuplicates(db: Executor, page: repo.DocumentRow[]): Promise<(document: repo.DocumentRow) => DuplicateDocument[]> {
  const hashes = [...new Set(page.flatMap((document) => (document.sha256 ? [document.sha256] : [])))];
  // Twice the number shown, so the owner's own earlier uploads of the file cannot crowd out other accounts'.
  const sharing = await repo.documentsWithHashes(db, hashes, 2 * DUPLICATES_SHOWN);
  return (document) =>
    sharing
      .filter((other) => other.sha256 === document.sha256 && other.userId !== document.userId)
      .slice(0, DUPLICATES_SHOWN)
      .map(({ documentId, userId, name, email, status }) => ({ documentId, userId, name, email, status }));
}

/** The review queue, oldest first. Numbers are shown unmasked, and each one shown is audited. */
export async function listDocumentsForReview(
  ctx: AppContext,
  admin: AuthenticatedUser,
  query: z.output<typeof AdminDocumentsQuery>,
  meta: RequestMeta,
): Promise<Page<AdminDocumentView>> {
  const rows = await repo.listDocumentsByStatus(ctx.db, query.status, query);
  const duplicatesOf = await findDuplicates(
    ctx.db,
    rows.slice(0, query.limit).map((row) => row.document),
  );
  const page = keysetPage(
    rows,
    query.limit,
    (row) => row.document.id,
    (row) => ({
      ...toDocumentView(row.document),
      userId: row.document.userId,
      professionalName: row.professionalName,
      number: row.document.numberEncrypted
        ? openText(ctx.config.encryptionKey, row.document.numberEncrypted, numberContext(row.document.id))
        : null,
      sha256: row.document.sha256,
      duplicateOf: duplicatesOf(row.document),
      suggestedExpiresOn: suggestedExpiry(row.document),
    }),
  );
  const revealed = page.items.filter((item) => item.number !== null);
  if (revealed.length > 0) {
    await ctx.db.transaction(async (tx) => {
      for (const item of revealed) {
        await recordAudit(tx, {
          actorId: admin.id,
          action: 'document.read',
          targetType: 'document',
          targetId: item.id,
          ip: meta.ip,
          details: { part: 'number', userId: item.userId },
        });
      }
    });
  }
  return page;
}

function suggestedExpiry(document: repo.DocumentRow): string | null {
  if (document.docType !== 'license' || document.status !== 'pending') return null;
  return addYears(kampalaToday(), CREDENTIAL_EXPIRY.licenceYears);
}

/**
 * Approves a pending document with the expiry the admin read on it (required for a licence, refused
 * for a NIN). The approved document of the same type it replaces becomes superseded; the verified
 * flag, the audit entry and the notice commit with it.
 */
export async function approveDocument(
  ctx: AppContext,
  admin: AuthenticatedUser,
  id: string,
  body: ApproveDocumentBody,
  meta: RequestMeta,
): Promise<DocumentDecision> {
  return ctx.db.transaction(async (tx) => {
    const current = await repo.lockDocument(tx, id);
    if (!current) throw notFound('Document');
    if (current.status !== 'pending') throw notPending(current.status);
    const expiresOn = approvedExpiry(current, body.expiresOn);
    await deleteFilesAfterCommit(ctx, tx, await repo.supersede(tx, current.userId, current.docType, 'approved'));
    const decided = (await repo.decide(tx, id, { status: 'approved', expiresOn }, admin.id))!;
    return recordDecision(ctx, tx, admin, decided, meta);
  });
}

/** The expiry an approval stores: the admin's (after today in Kampala), else the one uploaded, which must not have come yet. */
function approvedExpiry(document: repo.DocumentRow, given: string | undefined): string | null {
  if (document.docType === 'nin' && given) throw invalidField('expiresOn', 'A NIN is approved without an expiry date');
  if (document.docType === 'license' && !given) throw invalidField('expiresOn', 'Enter the expiry date printed on the licence');
  if (given) {
    if (given <= kampalaToday()) throw invalidField('expiresOn', 'The expiry date must be after today (Kampala time)');
    return given;
  }
  if (document.expiresOn && document.expiresOn <= kampalaToday()) {
    throw new AppError('conflict', 'document-expired', `This document expired on ${document.expiresOn}; reject it instead`);
  }
  return document.expiresOn;
}

export async function rejectDocument(
  ctx: AppContext,
  admin: AuthenticatedUser,
  id: string,
  reason: string,
  meta: RequestMeta,
): Promise<DocumentDecision> {
  return ctx.db.transaction(async (tx) => {
    const decided = await repo.decide(tx, id, { status: 'rejected', reason }, admin.id);
    if (!decided) {
      const current = await repo.findDocument(tx, id);
      throw current ? notPending(current.status) : notFound('Document');
    }
    return recordDecision(ctx, tx, admin, decided, meta);
  });
}

function notPending(status: string): AppError {
  return new AppError('conflict', 'document-not-pending', `This document is already ${status}; only pending documents can be decided`);
}

async function recordDecision(
  ctx: AppContext,
  tx: Transaction,
  admin: AuthenticatedUser,
  decided: repo.DocumentRow,
  meta: RequestMeta,
): Promise<DocumentDecision> {
  const approved = decided.status === 'approved';
  const professionalVerified = await recomputeVerification(tx, decided.userId);
  await recordAudit(tx, {
    actorId: admin.id,
    action: approved ? 'document.approve' : 'document.reject',
    targetType: 'document',
    targetId: decided.id,
    reason: decided.rejectionReason ?? undefined,
    ip: meta.ip,
    details: { userId: decided.userId, docType: decided.docType, professionalVerified },
  });
  const facts = { documentId: decided.id, docType: decided.docType, verified: professionalVerified };
  await notify(
    ctx,
    tx,
    approved
      ? { userId: decided.userId, type: 'document.approved', data: facts }
      : { userId: decided.userId, type: 'document.rejected', data: { ...facts, reason: decided.rejectionReason ?? '' } },
  );
  return { ...toDocumentView(decided), userId: decided.userId, professionalVerified };
}

/**
 * Erasure, inside the caller's transaction: every document of the user loses its number, name,
 * hash and file reference, stops counting for verification, and its file is deleted once the
 * transaction commits (by the `documents.delete-stored-files` job).
 */
export async function deleteUserDocuments(ctx: AppContext, tx: Transaction, userId: string): Promise<void> {
  await deleteFilesAfterCommit(ctx, tx, await repo.eraseUserDocuments(tx, userId));
  await recomputeVerification(tx, userId);
}

/** Every document's metadata (never the file or the full number), oldest first: for data export. */
export async function documentsMetadataOf(db: Executor, userId: string): Promise<DocumentView[]> {
  return (await repo.allUserDocuments(db, userId)).map(toDocumentView);
}
