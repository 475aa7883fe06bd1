import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import { DecryptionError, open, seal } from './crypto.js';

/**
 * Where uploaded files live. Keys are chosen by the application (never by users); contents are
 * encrypted by the store. Local disk today; an S3-compatible bucket can implement the same three calls.
 */
export interface FileStore {
  put(key: string, content: Buffer): Promise<void>;
  /** The decrypted content; `StoredFileMissing` or `StoredFileCorrupt` when it cannot be had. */
  get(key: string): Promise<Buffer>;
  /** Idempotent: deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
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

/** Files under `root`, each sealed with AES-256-GCM under `key` and bound to its storage key. */
export function createLocalFileStore(root: string, key: Buffer): FileStore {
  const fileOf = (storageKey: string) => {
    checkKey(storageKey);
    return path.join(root, ...storageKey.split('/'));
  };

  return {
    async put(storageKey, content) {
      const file = fileOf(storageKey);
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      // Written beside the target, then renamed: a reader never sees half a file.
      const partial = `${file}.${randomBytes(6).toString('hex')}.partial`;
      await writeFile(partial, seal(key, content, storageKey), { mode: 0o600 });
      await rename(partial, file);
    },

    async get(storageKey) {
      let sealed: Buffer;
      try {
        sealed = await readFile(fileOf(storageKey));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new StoredFileMissing(`No stored file at ${storageKey}`);
        throw error;
      }
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
      await rm(fileOf(storageKey), { force: true });
    },
  };
}

/** The store this deployment uses; the place to choose another implementation by configuration. */
export function createFileStore(config: Config): FileStore {
  return createLocalFileStore(path.join(config.dataDir, 'uploads'), config.encryptionKey);
}
