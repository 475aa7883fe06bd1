import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestS3, type TestS3 } from '../../test/support/s3.js';
import { createS3Objects } from './s3-objects.js';
import {
  createDiskObjects,
  createEncryptedFileStore,
  StoredFileCorrupt,
  StoredFileMissing,
  type FileStore,
  type ObjectBackend,
} from './storage.js';

const root = mkdtempSync(path.join(tmpdir(), 'qgig-store-'));
let s3: TestS3;
beforeAll(async () => {
  s3 = await startTestS3();
});
afterAll(async () => {
  await s3.close();
  rmSync(root, { recursive: true, force: true });
});

/** Each store, and a second view of where it keeps the sealed bytes, to look at and tamper with them. */
const stores: [string, () => ObjectBackend][] = [
  ['local disk', () => createDiskObjects(root)],
  ['S3-compatible bucket (s3rver)', () => createS3Objects(s3.settings)],
];

describe.each(stores)('the encrypted file store on %s', (_name, backendOf) => {
  let store: FileStore;
  let raw: ObjectBackend;
  beforeAll(() => {
    store = createEncryptedFileStore(backendOf(), randomBytes(32));
    raw = backendOf();
  });
  afterAll(() => {
    store.close();
    raw.close();
  });

  it('gives back exactly what was put, while the store holds only ciphertext', async () => {
    const content = Buffer.from('%PDF-1.4 NIN card scan MARKER-7Q2X-PLAINTEXT %%EOF');
    await store.put('documents/u1/d1', content);
    expect(await store.get('documents/u1/d1')).toEqual(content);

    const stored = (await raw.read('documents/u1/d1'))!;
    expect(stored.includes('MARKER-7Q2X-PLAINTEXT')).toBe(false);
    expect(stored.includes('%PDF')).toBe(false);
    expect(stored.length).toBe(content.length + 29);
  });

  it('fails with a clear error when the stored file was tampered with', async () => {
    await store.put('documents/u1/tampered', Buffer.from('original content of a certificate'));
    const bytes = (await raw.read('documents/u1/tampered'))!;
    bytes[bytes.length - 3]! ^= 0xff;
    await raw.write('documents/u1/tampered', bytes);
    await expect(store.get('documents/u1/tampered')).rejects.toThrow(StoredFileCorrupt);
    await expect(store.get('documents/u1/tampered')).rejects.toThrow(/documents\/u1\/tampered failed to decrypt: .*integrity check/);
  });

  it('refuses a file copied over another key (each file is bound to its key)', async () => {
    await store.put('documents/u2/a', Buffer.from('alice'));
    await store.put('documents/u2/b', Buffer.from('bob'));
    await raw.write('documents/u2/b', (await raw.read('documents/u2/a'))!);
    await expect(store.get('documents/u2/b')).rejects.toThrow(StoredFileCorrupt);
  });

  it('reports a missing file as missing, and deletes idempotently', async () => {
    await expect(store.get('documents/u3/none')).rejects.toThrow(StoredFileMissing);
    await store.put('documents/u3/once', Buffer.from('x'));
    await store.delete('documents/u3/once');
    await store.delete('documents/u3/once');
    await expect(store.get('documents/u3/once')).rejects.toThrow(StoredFileMissing);
    expect(await raw.read('documents/u3/once')).toBeUndefined();
  });

  it.each(['../escape', 'documents/../../etc/passwd', '/absolute', 'Documents/UPPER', 'a/b.pdf', '', 'a//b'])(
    'refuses the key %j',
    async (key) => {
      await expect(store.put(key, Buffer.from('x'))).rejects.toThrow(/Invalid storage key/);
      await expect(store.get(key)).rejects.toThrow(/Invalid storage key/);
      await expect(store.delete(key)).rejects.toThrow(/Invalid storage key/);
    },
  );
});

describe('the local disk', () => {
  it('keeps one file per key at the key’s path, and no partial files', async () => {
    const store = createEncryptedFileStore(createDiskObjects(root), randomBytes(32));
    await store.put('documents/u9/d1', Buffer.from('content'));
    await store.put('documents/u9/d1', Buffer.from('replaced'));
    expect(readdirSync(path.join(root, 'documents', 'u9'))).toEqual(['d1']);
  });
});
