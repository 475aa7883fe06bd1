import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config.js';
import type { DatabaseHandle } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { backupFileName, pruneBackups, writeAtomically, type BackupKind } from './files.js';
import { dumpStoppedPglite, restorePglite, verifyPgliteArchive, writePgliteDump } from './pglite.js';
import { databaseNameOf, dumpPostgres, postgresTableCount, restorePostgres, verifyPostgresArchive } from './postgres.js';

/** What a backup is taken from: a PostgreSQL server, or an open embedded database's dump function. */
export type BackupSource = { kind: 'postgres'; databaseUrl: string } | { kind: 'pglite'; dump(): Promise<Blob> };

export type RestoreTarget = { databaseUrl: string } | { dataDir: string };

export interface BackupResult {
  file: string;
  bytes: number;
  /** Older backups deleted to keep the newest `keep`. */
  removed: string[];
}

/** The running process's own database: the embedded one can only be dumped through the handle holding it. */
export function backupSourceOf(database: DatabaseHandle, config: Config): BackupSource {
  if (database.driver === 'postgres') return { kind: 'postgres', databaseUrl: config.databaseUrl! };
  return { kind: 'pglite', dump: () => database.dumpDataDir!() };
}

/** For the command line, with no Qgig process holding the database. */
export function standaloneBackupSource(config: Config): BackupSource {
  if (config.databaseUrl) return { kind: 'postgres', databaseUrl: config.databaseUrl };
  return { kind: 'pglite', dump: () => dumpStoppedPglite(config.dataDir) };
}

/** Writes a verified backup into `settings.dir`, then (and only then) deletes all but the newest `settings.keep`. */
export async function createBackup(source: BackupSource, settings: Config['backup'], now = new Date()): Promise<BackupResult> {
  const file = path.join(settings.dir, backupFileName(source.kind, now));
  const bytes =
    source.kind === 'postgres'
      ? await writeAtomically(file, (temporary) => dumpPostgres(source.databaseUrl, temporary), verifyPostgresArchive)
      : await writeAtomically(file, async (temporary) => writePgliteDump(await source.dump(), temporary), verifyPgliteArchive);
  const removed = await pruneBackups(settings.dir, settings.keep);
  return { file, bytes, removed };
}

/** Restores a backup into an empty database; refuses a target that already has tables. */
export async function restoreBackup(file: string, target: RestoreTarget): Promise<void> {
  const kind = await backupKindOf(file);
  if ('databaseUrl' in target) {
    if (kind !== 'postgres') throw mismatch(file, kind, 'a PostgreSQL server (DATABASE_URL is set)');
    await verifyPostgresArchive(file);
    const tables = await postgresTableCount(target.databaseUrl);
    if (tables > 0) {
      throw new AppError(
        'conflict',
        'restore-target-not-empty',
        `The database ${databaseNameOf(target.databaseUrl)} already has ${tables} table(s); restore only into an empty database ` +
          '(create one with createdb, point DATABASE_URL at it, and run the restore again before starting Qgig on it)',
      );
    }
    await restorePostgres(target.databaseUrl, file);
  } else {
    if (kind !== 'pglite') throw mismatch(file, kind, 'the embedded database (DATABASE_URL is not set)');
    await restorePglite(target.dataDir, file);
  }
}

const MAGIC: { kind: BackupKind; bytes: Buffer }[] = [
  { kind: 'postgres', bytes: Buffer.from('PGDMP', 'latin1') },
  { kind: 'pglite', bytes: Buffer.from([0x1f, 0x8b]) },
];

/** Decided by the file's first bytes, not its name: a pg_dump custom archive or a gzipped PGlite data directory. */
async function backupKindOf(file: string): Promise<BackupKind> {
  let head: Buffer;
  try {
    const handle = await open(file, 'r');
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(8), 0, 8, 0);
      head = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new AppError('not_found', 'backup-not-found', `Cannot read ${file}: ${(error as Error).message}`);
  }
  const match = MAGIC.find(({ bytes }) => head.subarray(0, bytes.length).equals(bytes));
  if (!match) throw new AppError('invalid', 'not-a-backup', `${file} is not a Qgig backup (neither a pg_dump archive nor a PGlite dump)`);
  return match.kind;
}

function mismatch(file: string, kind: BackupKind, target: string): AppError {
  const made = kind === 'postgres' ? 'a PostgreSQL backup (pg_dump)' : 'a PGlite backup';
  return new AppError('invalid', 'backup-kind-mismatch', `${file} is ${made}, but the target is ${target}`);
}
