import { constants, createPublicKey, privateDecrypt, publicEncrypt, type KeyObject } from 'node:crypto';

/** Airtel's portal shows its key as base64 SPKI without PEM armour; a PEM is accepted too. */
export function airtelPublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) return createPublicKey(trimmed);
  return createPublicKey({ key: Buffer.from(trimmed.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'spki' });
}

/** The PIN as Airtel's v1 encryption wants it: RSA with PKCS#1 v1.5 padding, base64. */
export function encryptPin(pin: string, publicKey: KeyObject): string {
  return publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(pin)).toString('base64');
}

/**
 * The simulator's side. Node refuses PKCS#1 v1.5 in privateDecrypt (CVE-2023-46809, a timing oracle that
 * does not matter to a test double), so the padding is removed by hand. Undefined when it does not decrypt.
 */
export function decryptPin(encrypted: string, privateKey: KeyObject): string | undefined {
  let block: Buffer;
  try {
    block = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, Buffer.from(encrypted, 'base64'));
  } catch {
    return undefined;
  }
  // 0x00 0x02, at least 8 non-zero padding bytes, 0x00, then the message.
  const separator = block.indexOf(0, 2);
  if (block[0] !== 0 || block[1] !== 2 || separator < 10) return undefined;
  return block.subarray(separator + 1).toString();
}
