import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { DateTime } from 'luxon';
import { AppError } from '../../platform/errors.js';

export type BackupKind = 'postgres' | 'pglite';

const EXTENSIONS: Record<BackupKind, string> = { postgres: '.dump', pglite: '.pglite.tar.gz' };
const BACKUP_NAME = /^qgig-\d{4}-\d{2}-\d{2}T\d{6}\.\d{3}Z\.(dump|pglite\.tar\.gz)$/;

/** `qgig-2026-11-25T221500.123Z.dump`: UTC and fixed-width, so the names sort in time order. */
export function backupFileName(kind: BackupKind, at: Date): string {
  const stamp = DateTime.fromJSDate(at, { zone: 'utc' }).toFormat("yyyy-LL-dd'T'HHmmss.SSS'Z'");
  return `qgig-${stamp}${EXTENSIONS[kind]}`;
}

/** The backups in `dir`, oldest first; other files there are not ours and are left alone. */
export async function listBackups(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return names
    .filter((name) => BACKUP_NAME.test(name))
    .sort()
    .map((name) => path.join(dir, name));
}

/** Deletes all but the newest `keep` backups; returns what it deleted. */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
  const backups = await listBackups(dir);
  const doomed = backups.slice(0, Math.max(0, backups.length - keep));
  for (const file of doomed) await rm(file, { force: true });
  return doomed;
}

/**
 * Lets `produce` write a temporary file next to `target`, checks it with `verify`, then renames it into
 * place, so `target` is either a complete, verified backup or absent. Returns the size in bytes.
 */
export async function writeAtomically(
  target: string,
  produce: (temporary: string) => Promise<void>,
  verify: (temporary: string) => Promise<void>,
): Promise<number> {
  const dir = path.dirname(target);
  // Backups hold everyone's personal data: only the owner may read them.
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temporary = path.join(dir, `.${path.basename(target)}.${randomBytes(4).toString('hex')}.partial`);
  try {
    await produce(temporary);
    await chmod(temporary, 0o600);
    const { size } = await stat(temporary);
    if (size === 0) throw new AppError('unavailable', 'backup-failed', 'The backup came out empty');
    await verify(temporary);
    await fsync(temporary);
    await rename(temporary, target);
    await fsync(dir);
    return size;
  } finally {
    await rm(temporary, { force: true });
  }
}

async function fsync(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
