import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A URL-safe random secret with `bytes` of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A URL-safe secret derived from `value` under `key`: the same inputs always give the same token. */
export function derivedToken(key: Buffer, context: string, value: string): string {
  return createHmac('sha256', key).update(`${context}\0${value}`).digest('base64url');
}

/** Compares two tokens in time that does not depend on where they differ. */
export function sameToken(a: string, b: string): boolean {
  const [left, right] = [Buffer.from(a), Buffer.from(b)];
  return left.length === right.length && timingSafeEqual(left, right);
}

const CIPHER = 'aes-256-gcm';
/** The first byte of every sealed value, so a later format or key scheme can be told apart. */
const FORMAT_VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + NONCE_BYTES + TAG_BYTES;

/** Thrown when sealed data was altered, truncated, or sealed under another key or context. */
export class DecryptionError extends Error {
  override name = 'DecryptionError';
}

/**
 * AES-256-GCM with a fresh 12-byte nonce per call: version | nonce | tag | ciphertext.
 * `context` is bound as associated data, so a value moved to another record fails to open.
 */
export function seal(key: Buffer, plaintext: Buffer, context: string): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(CIPHER, key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT_VERSION]), nonce, cipher.getAuthTag(), ciphertext]);
}

/** Opens what `seal` produced under the same key and context; the tag is checked before anything is returned. */
export function open(key: Buffer, sealed: Buffer, context: string): Buffer {
  if (sealed.length < HEADER_BYTES || sealed[0] !== FORMAT_VERSION) {
    throw new DecryptionError('The encrypted data is truncated or in an unknown format');
  }
  const nonce = sealed.subarray(1, 1 + NONCE_BYTES);
  const tag = sealed.subarray(1 + NONCE_BYTES, HEADER_BYTES);
  const decipher = createDecipheriv(CIPHER, key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(sealed.subarray(HEADER_BYTES)), decipher.final()]);
  } catch {
    throw new DecryptionError('The encrypted data failed its integrity check: it was altered, or sealed under another key');
  }
}

/** A short text field (a NIN, a licence number) sealed for a database column, as base64. */
export function sealText(key: Buffer, text: string, context: string): string {
  return seal(key, Buffer.from(text, 'utf8'), context).toString('base64');
}

export function openText(key: Buffer, sealed: string, context: string): string {
  return open(key, Buffer.from(sealed, 'base64'), context).toString('utf8');
}
