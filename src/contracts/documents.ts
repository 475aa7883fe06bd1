import { z } from 'zod';
import { IsoDate, KeysetPageQuery, plainText } from './common.js';

export const DOCUMENT_MAX_BYTES = 5 * 1024 * 1024;
/** Decided from the file's bytes, never from its name or declared type. */
export const DOCUMENT_MIME_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentMime = (typeof DOCUMENT_MIME_TYPES)[number];

export const DocType = z.enum(['nin', 'certificate', 'license']);
export type DocType = z.output<typeof DocType>;
/** `expired`: was approved, and its expiry day (Kampala) has come; it no longer counts. */
export const DocumentStatus = z.enum(['pending', 'approved', 'rejected', 'superseded', 'expired']);
export type DocumentStatus = z.output<typeof DocumentStatus>;

/** A National Identification Number: exactly 14 letters and digits (letter case ignored). */
export const NinNumber = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9]{14}$/, 'A NIN is 14 letters and digits, e.g. CM90012345678K'));

/** Citizens' NINs start CM (male) or CF (female); others exist, so this only warns. */
export const USUAL_NIN_PATTERN = /^C[MF][A-Z0-9]{12}$/;

export const LicenceNumber = plainText(40).pipe(
  z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 /.-]{2,}$/, 'Use 3 to 40 letters, digits, spaces, dots, dashes or slashes'),
);

/** Form fields send "" for an empty input: that means "not given". */
const optionalFormField = <Schema extends z.ZodType>(schema: Schema) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** The text fields of `POST /me/documents` (the file itself travels as the `file` part). */
export const DocumentUploadFields = z
  .object({
    docType: DocType,
    number: optionalFormField(z.string().max(60)),
    expiresOn: optionalFormField(IsoDate('Choose the date the document expires (year-month-day)')),
  })
  .transform((fields, ctx) => {
    if (fields.number === undefined) return { ...fields, number: undefined };
    const parsed = (fields.docType === 'nin' ? NinNumber : LicenceNumber).safeParse(fields.number);
    if (parsed.success) return { ...fields, number: parsed.data };
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: ['number'], message: issue.message });
    return z.NEVER;
  });
export type DocumentUploadFields = z.output<typeof DocumentUploadFields>;

export const DocumentView = z
  .object({
    id: z.uuid(),
    docType: DocType,
    status: DocumentStatus,
    rejectionReason: z.string().nullable(),
    /** The number with all but its ends masked, e.g. CM••••••••••7K. */
    numberHint: z.string().nullable(),
    expiresOn: z.string().nullable(),
    mime: z.enum(DOCUMENT_MIME_TYPES),
    size: z.number().int(),
    originalName: z.string().nullable(),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .meta({ id: 'Document' });
export type DocumentView = z.output<typeof DocumentView>;

export const UploadedDocument = DocumentView.extend({
  /** Things worth a second look that did not stop the upload (an unusual NIN pattern). */
  warnings: z.array(z.string()),
}).meta({ id: 'UploadedDocument' });
export type UploadedDocument = z.output<typeof UploadedDocument>;

/** Another account's document with the very same file (the same SHA-256 of the plain file). */
export const DuplicateDocument = z.object({
  documentId: z.uuid(),
  userId: z.uuid(),
  name: z.string(),
  email: z.string().nullable(),
  status: DocumentStatus,
});
export type DuplicateDocument = z.output<typeof DuplicateDocument>;

/** What verification staff see: the owner, and the number unmasked (each view is audited). */
export const AdminDocumentView = DocumentView.extend({
  userId: z.uuid(),
  professionalName: z.string(),
  number: z.string().nullable(),
  sha256: z.string().nullable(),
  /** Other accounts' documents with the same file, oldest first (at most 10); empty for files uploaded before hashes were kept. */
  duplicateOf: z.array(DuplicateDocument),
  /** For a pending licence, the expiry the approval form suggests: UNMC's licence term from today (Kampala); otherwise null. */
  suggestedExpiresOn: z.string().nullable(),
}).meta({ id: 'AdminDocument' });
export type AdminDocumentView = z.output<typeof AdminDocumentView>;

/** The outcome of an approval or rejection, with where it leaves the professional. */
export const DocumentDecision = DocumentView.extend({
  userId: z.uuid(),
  professionalVerified: z.boolean(),
}).meta({ id: 'DocumentDecision' });
export type DocumentDecision = z.output<typeof DocumentDecision>;

export const AdminDocumentsQuery = KeysetPageQuery.extend({ status: DocumentStatus.default('pending') });

/** The roles that need a current practising licence to be verified (UNMC licenses nurses and midwives). */
export const LICENCE_REQUIRED_ROLES = ['nurse', 'midwife'] as const;

/**
 * `POST /admin/documents/{id}/approve`: the expiry the admin read on the document. Required for a
 * licence, optional for a certificate, refused for a NIN; a date after today in Kampala.
 */
export const ApproveDocumentBody = z
  .object({ expiresOn: IsoDate('Enter the date the document expires (year-month-day)').optional() })
  .meta({ id: 'ApproveDocument' });
export type ApproveDocumentBody = z.output<typeof ApproveDocumentBody>;

export const RejectDocumentBody = z.object({
  reason: plainText(500).pipe(z.string().min(3, 'Give the professional a reason of at least 3 characters')),
});

export const DocumentCounts = z.object({
  pending: z.number().int(),
  approved: z.number().int(),
  rejected: z.number().int(),
});
export type DocumentCounts = z.output<typeof DocumentCounts>;
