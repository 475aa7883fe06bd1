import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalFileStore, StoredFileCorrupt, StoredFileMissing } from './storage.js';

const root = mkdtempSync(path.join(tmpdir(), 'qgig-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const store = createLocalFileStore(root, randomBytes(32));

describe('the local encrypted file store', () => {
  it('gives back exactly what was put, while the disk holds only ciphertext', async () => {
    const content = Buffer.from('%PDF-1.4 NIN card scan MARKER-7Q2X-PLAINTEXT %%EOF');
    await store.put('documents/u1/d1', content);
    expect(await store.get('documents/u1/d1')).toEqual(content);

    const onDisk = readFileSync(path.join(root, 'documents', 'u1', 'd1'));
    expect(onDisk.includes('MARKER-7Q2X-PLAINTEXT')).toBe(false);
    expect(onDisk.includes('%PDF')).toBe(false);
    expect(onDisk.length).toBe(content.length + 29);
    // No partial files are left behind.
    expect(readdirSync(path.join(root, 'documents', 'u1'))).toEqual(['d1']);
  });

  it('fails with a clear error when the stored file was tampered with', async () => {
    await store.put('documents/u1/tampered', Buffer.from('original content of a certificate'));
    const file = path.join(root, 'documents', 'u1', 'tampered');
    const bytes = readFileSync(file);
    bytes[bytes.length - 3]! ^= 0xff;
    writeFileSync(file, bytes);
    await expect(store.get('documents/u1/tampered')).rejects.toThrow(StoredFileCorrupt);
    await expect(store.get('documents/u1/tampered')).rejects.toThrow(/documents\/u1\/tampered failed to decrypt: .*integrity check/);
  });

  it('refuses a file copied over another key (each file is bound to its key)', async () => {
    await store.put('documents/u2/a', Buffer.from('alice'));
    await store.put('documents/u2/b', Buffer.from('bob'));
    writeFileSync(path.join(root, 'documents', 'u2', 'b'), readFileSync(path.join(root, 'documents', 'u2', 'a')));
    await expect(store.get('documents/u2/b')).rejects.toThrow(StoredFileCorrupt);
  });

  it('reports a missing file as missing, and deletes idempotently', async () => {
    await expect(store.get('documents/u3/none')).rejects.toThrow(StoredFileMissing);
    await store.put('documents/u3/once', Buffer.from('x'));
    await store.delete('documents/u3/once');
    await store.delete('documents/u3/once');
    await expect(store.get('documents/u3/once')).rejects.toThrow(StoredFileMissing);
  });

  it.each(['../escape', 'documents/../../etc/passwd', '/absolute', 'Documents/UPPER', 'a/b.pdf', '', 'a//b'])(
    'refuses the key %j',
    async (key) => {
      await expect(store.put(key, Buffer.from('x'))).rejects.toThrow(/Invalid storage key/);
      await expect(store.get(key)).rejects.toThrow(/Invalid storage key/);
    },
  );
});
