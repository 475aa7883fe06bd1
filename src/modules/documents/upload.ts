import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import { DOCUMENT_MAX_BYTES, DOCUMENT_MIME_TYPES, type DocumentMime } from '../../contracts/documents.js';
import { AppError, invalidField } from '../../platform/errors.js';

export interface UploadForm {
  fields: Record<string, string>;
  file: { bytes: Buffer; filename: string | undefined } | undefined;
}

/** Limits for @fastify/multipart on the upload route: one file, a few short fields. */
export const UPLOAD_LIMITS = { fileSize: DOCUMENT_MAX_BYTES, files: 1, fields: 8, fieldSize: 1024, parts: 10, headerPairs: 100 };

/** Reads the whole form: fields may come before or after the file. */
export async function readUploadForm(request: FastifyRequest): Promise<UploadForm> {
  if (!request.isMultipart()) {
    throw new AppError('unsupported_media_type', 'multipart-required', 'Send the document as multipart/form-data with a `file` part');
  }
  const form: UploadForm = { fields: {}, file: undefined };
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') await readFilePart(part, form);
      else readField(part, form);
    }
  } catch (error) {
    throw multipartProblem(error);
  }
  return form;
}

async function readFilePart(part: MultipartFile, form: UploadForm): Promise<void> {
  const bytes = await part.toBuffer();
  if (part.fieldname !== 'file') throw invalidField(part.fieldname, 'Send the document as the `file` part');
  form.file = { bytes, filename: cleanFilename(part.filename) };
}

function readField(part: MultipartValue, form: UploadForm): void {
  if (part.valueTruncated) throw invalidField(part.fieldname, 'This field is too long');
  if (Object.hasOwn(form.fields, part.fieldname)) throw invalidField(part.fieldname, 'Give this field once');
  form.fields[part.fieldname] = String(part.value);
}

function multipartProblem(error: unknown): unknown {
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return new AppError('payload_too_large', 'file-too-large', `The file is larger than ${DOCUMENT_MAX_BYTES / (1024 * 1024)} MB`);
  }
  if (code === 'FST_FILES_LIMIT') return invalidField('file', 'Send one file per upload');
  if (error instanceof Error && MALFORMED_MULTIPART.test(error.message)) {
    return new AppError(
      'bad_request',
      'malformed-multipart',
      'The multipart body is malformed (no boundary, or it ends before its closing boundary)',
    );
  }
  return error;
}

/** busboy's parse errors carry no code, only these words: a missing boundary, or a body cut short. */
const MALFORMED_MULTIPART = /^Multipart: Boundary not found$|unexpected end of multipart data$/i;

/** Only what is kept to show back to the owner: the last path segment, printable, bounded. */
function cleanFilename(name: string | undefined): string | undefined {
  const base = (name ?? '').split(/[/\\]/).pop() ?? '';
  const printable = base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim()
    .slice(0, 200);
  return printable === '' ? undefined : printable;
}

/** The file's real type, from its bytes; anything but PDF, JPEG or PNG is refused with 415. */
export async function detectDocumentMime(bytes: Buffer): Promise<DocumentMime> {
  const detected = await fileTypeFromBuffer(bytes);
  const mime = DOCUMENT_MIME_TYPES.find((allowed) => allowed === detected?.mime);
  if (mime) return mime;
  const what = detected ? `this file is ${detected.ext.toUpperCase()}` : 'this file’s type is not recognised';
  throw new AppError('unsupported_media_type', 'unsupported-file-type', `Upload a PDF, JPEG or PNG file (${what})`);
}
