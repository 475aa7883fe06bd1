import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DecryptionError, open, openText, seal, sealText } from './crypto.js';

const key = randomBytes(32);

describe('seal and open (AES-256-GCM)', () => {
  it('round-trips, with a fresh nonce every time', () => {
    const plaintext = Buffer.from('CM90012345678K and some bytes \u0000\u00ff');
    const first = seal(key, plaintext, 'ctx');
    const second = seal(key, plaintext, 'ctx');
    expect(first.equals(second)).toBe(false);
    expect(first.subarray(1, 13).equals(second.subarray(1, 13))).toBe(false);
    expect(open(key, first, 'ctx')).toEqual(plaintext);
    expect(open(key, second, 'ctx')).toEqual(plaintext);
    expect(first.includes(plaintext)).toBe(false);
  });

  it.each([
    ['a ciphertext byte', (sealed: Buffer) => (sealed[sealed.length - 1]! ^= 0x01)],
    ['the tag', (sealed: Buffer) => (sealed[20]! ^= 0x80)],
    ['the nonce', (sealed: Buffer) => (sealed[3]! ^= 0x01)],
  ])('refuses data whose %s was altered, with a clear error', (_label, tamper) => {
    const sealed = seal(key, Buffer.from('a credential document'), 'ctx');
    tamper(sealed);
    expect(() => open(key, sealed, 'ctx')).toThrow(DecryptionError);
    expect(() => open(key, sealed, 'ctx')).toThrow(/failed its integrity check/);
  });

  it('refuses another key, another context, truncated data and unknown formats', () => {
    const sealed = seal(key, Buffer.from('secret'), 'documents.number:a');
    expect(() => open(randomBytes(32), sealed, 'documents.number:a')).toThrow(DecryptionError);
    expect(() => open(key, sealed, 'documents.number:b')).toThrow(DecryptionError);
    expect(() => open(key, sealed.subarray(0, 20), 'documents.number:a')).toThrow(/truncated or in an unknown format/);
    const otherVersion = Buffer.from(sealed);
    otherVersion[0] = 9;
    expect(() => open(key, otherVersion, 'documents.number:a')).toThrow(/unknown format/);
  });

  it('seals text fields as base64 that open only in their own context', () => {
    const sealed = sealText(key, 'CF12345678901A', 'documents.number:x');
    expect(sealed).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(sealed).not.toContain('CF12345678901A');
    expect(openText(key, sealed, 'documents.number:x')).toBe('CF12345678901A');
    expect(() => openText(key, sealed, 'documents.number:y')).toThrow(DecryptionError);
  });
});
