import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgEnum, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.js';

export const docType = pgEnum('doc_type', ['nin', 'certificate', 'license']);
export const documentStatus = pgEnum('document_status', ['pending', 'approved', 'rejected', 'superseded', 'expired']);

/**
 * A professional's credential documents. Per user and type at most one is pending and one approved
 * (an approved one stays until its replacement is approved). Sensitive parts are encrypted: the
 * file in the file store, the number in `number_encrypted`.
 */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    docType: docType('doc_type').notNull(),
    status: documentStatus('status').notNull().default('pending'),
    rejectionReason: text('rejection_reason'),
    /** AES-256-GCM, base64, bound to the document id (see platform/crypto.ts). */
    numberEncrypted: text('number_encrypted'),
    numberHint: text('number_hint'),
    /** A Kampala date: on that day the approved document becomes `expired`. */
    expiresOn: date('expires_on', { mode: 'string' }),
    /** The last expiry reminder sent, as days before (30, then 7): each is sent once. */
    expiryRemindedDaysBefore: smallint('expiry_reminded_days_before'),
    /** Null once the file is deleted (superseded, or the owner erased). */
    storageKey: text('storage_key'),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    originalName: text('original_name'),
    /** Of the plaintext file; the review queue flags other accounts' documents with the same one. Null once erased. */
    sha256: text('sha256'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('documents_one_pending_per_type')
      .on(t.userId, t.docType)
      .where(sql`${t.status} = 'pending'`),
    uniqueIndex('documents_one_approved_per_type')
      .on(t.userId, t.docType)
      .where(sql`${t.status} = 'approved'`),
    uniqueIndex('documents_storage_key_key').on(t.storageKey),
    index('documents_status_created_idx').on(t.status, t.createdAt, t.id),
    index('documents_user_created_idx').on(t.userId, t.createdAt),
    index('documents_approved_expiry_idx')
      .on(t.expiresOn)
      .where(sql`${t.status} = 'approved' AND ${t.expiresOn} IS NOT NULL`),
    index('documents_sha256_idx')
      .on(t.sha256)
      .where(sql`${t.sha256} IS NOT NULL`),
    check('documents_mime_allowed', sql`${t.mime} IN ('application/pdf', 'image/jpeg', 'image/png')`),
    check('documents_size_positive', sql`${t.size} > 0`),
    check('documents_rejection_has_reason', sql`${t.status} <> 'rejected' OR ${t.rejectionReason} IS NOT NULL`),
    check('documents_decision_recorded', sql`${t.status} NOT IN ('approved', 'rejected') OR ${t.decidedAt} IS NOT NULL`),
  ],
);
