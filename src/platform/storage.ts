import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import { DecryptionError, open, seal } from './crypto.js';
import { createS3Objects } from './s3-objects.js';

/**
 * Where uploaded files live. Keys are chosen by the application (never by users); contents are
 * encrypted by the store before they leave the process: local disk by default, or an S3-compatible bucket.
 */
export interface FileStore {
  put(key: string, content: Buffer): Promise<void>;
  /** The decrypted content; `StoredFileMissing` or `StoredFileCorrupt` when it cannot be had. */
  get(key: string): Promise<Buffer>;
  /** Idempotent: deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Releases connections (the S3 client's); the store is not used afterwards. */
  close(): void;
}

/** Where sealed bytes are kept: the part of a store that differs between the disk and a bucket. */
export interface ObjectBackend {
  write(key: string, bytes: Buffer): Promise<void>;
  /** `undefined` when nothing is stored under `key`. */
  read(key: string): Promise<Buffer | undefined>;
  /** Idempotent. */
  remove(key: string): Promise<void>;
  close(): void;
}

export class StoredFileMissing extends Error {
  override name = 'StoredFileMissing';
}

export class StoredFileCorrupt extends Error {
  override name = 'StoredFileCorrupt';
}

/** Segments of lower-case letters, digits and dashes: no dots, so no `..`, no absolute paths. */
const KEY_PATTERN = /^[a-z0-9-]{1,64}(\/[a-z0-9-]{1,64}){0,4}$/;

function checkKey(key: string): void {
  if (!KEY_PATTERN.test(key)) throw new Error(`Invalid storage key: ${JSON.stringify(key)}`);
}

/** Each file sealed with AES-256-GCM under `key` and bound to its storage key, then handed to `backend`. */
export function createEncryptedFileStore(backend: ObjectBackend, key: Buffer): FileStore {
  return {
    async put(storageKey, content) {
      checkKey(storageKey);
      await backend.write(storageKey, seal(key, content, storageKey));
    },

    async get(storageKey) {
      checkKey(storageKey);
      const sealed = await backend.read(storageKey);
      if (sealed === undefined) throw new StoredFileMissing(`No stored file at ${storageKey}`);
      try {
        return open(key, sealed, storageKey);
      } catch (error) {
        if (error instanceof DecryptionError) {
          throw new StoredFileCorrupt(`The stored file ${storageKey} failed to decrypt: ${error.message}`, { cause: error });
        }
        throw error;
      }
    },

    async delete(storageKey) {
      checkKey(storageKey);
      await backend.remove(storageKey);
    },

    close: () => backend.close(),
  };
}

/** Files under `root`, one per key (the key's segments are its path). */
export function createDiskObjects(root: string): ObjectBackend {
  const fileOf = (storageKey: string) => path.join(root, ...storageKey.split('/'));
  return {
    async write(storageKey, bytes) {
      const file = fileOf(storageKey);
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      // Written beside the target, then renamed: a reader never sees half a file.
      const partial = `${file}.${randomBytes(6).toString('hex')}.partial`;
      await writeFile(partial, bytes, { mode: 0o600 });
      await rename(partial, file);
    },

    async read(storageKey) {
      try {
        return await readFile(fileOf(storageKey));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },

    async remove(storageKey) {
      await rm(fileOf(storageKey), { force: true });
    },

    close() {},
  };
}

export function createLocalFileStore(root: string, key: Buffer): FileStore {
  return createEncryptedFileStore(createDiskObjects(root), key);
}

/** The S3-compatible bucket when `S3_BUCKET` is set, else `DATA_DIR/uploads`. */
export function createFileStore(config: Config): FileStore {
  const backend = config.s3 ? createS3Objects(config.s3) : createDiskObjects(path.join(config.dataDir, 'uploads'));
  return createEncryptedFileStore(backend, config.encryptionKey);
}
