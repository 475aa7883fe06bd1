import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { openDatabase, pgliteDirectory, type DatabaseHandle } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';

/** PGlite keeps this file while a process has the data directory open, and removes it on a clean close. */
const LOCK_FILE = 'postmaster.pid';

export async function writePgliteDump(dump: Blob, file: string): Promise<void> {
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
}

/**
 * Dumps the embedded database of a stopped Qgig. PGlite does not lock its directory against a second
 * process, so the lock file the running one leaves is checked first: two processes must never open it.
 */
export async function dumpStoppedPglite(dataDir: string): Promise<Blob> {
  const directory = pgliteDirectory(dataDir);
  if (!existsSync(path.join(directory, 'PG_VERSION'))) {
    throw new AppError('not_found', 'no-embedded-database', `There is no embedded database in ${directory} to back up`);
  }
  if (existsSync(path.join(directory, LOCK_FILE))) {
    throw new AppError(
      'conflict',
      'embedded-database-in-use',
      `The embedded database in ${directory} is in use (${LOCK_FILE} is present). While Qgig runs, its daily backup job ` +
        'takes the backups; stop Qgig to back up from the command line. If no Qgig process is running (it was killed), ' +
        'start and stop it once to release the database.',
    );
  }
  const database = await openDatabase({ databaseUrl: undefined, dataDir });
  try {
    return await database.dumpDataDir!();
  } finally {
    await database.close();
  }
}

/** Proves a PGlite backup complete by booting it in memory and reading Qgig's migration table. */
export async function verifyPgliteArchive(file: string): Promise<void> {
  const database = await bootArchive(await readArchive(file), { databaseUrl: undefined, dataDir: '', inMemory: true }, file);
  await database.close();
}

/** Unpacks a PGlite backup into DATA_DIR/pglite, which must not hold a database yet. */
export async function restorePglite(dataDir: string, file: string): Promise<void> {
  const directory = pgliteDirectory(dataDir);
  if (existsSync(path.join(directory, 'PG_VERSION'))) {
    throw new AppError(
      'conflict',
      'restore-target-not-empty',
      `${directory} already holds a database; restore only into an empty one (move that directory aside, or point DATA_DIR elsewhere)`,
    );
  }
  const archive = await readArchive(file);
  try {
    const database = await bootArchive(archive, { databaseUrl: undefined, dataDir }, file);
    await database.close();
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
}

/** Reads the file and checks the gzip stream end to end (PGlite would crash the process on a truncated one). */
async function readArchive(file: string): Promise<Blob> {
  const bytes = await readFile(file);
  try {
    await promisify(gunzip)(bytes);
  } catch (error) {
    throw new AppError('invalid', 'backup-unreadable', `${file} is not a complete PGlite backup: ${(error as Error).message}`);
  }
  return new Blob([bytes]);
}

async function bootArchive(archive: Blob, options: Parameters<typeof openDatabase>[0], file: string): Promise<DatabaseHandle> {
  let database: DatabaseHandle | undefined;
  try {
    database = await openDatabase({ ...options, loadDataDir: archive });
    await database.sql.executeSql('SELECT count(*) FROM drizzle.__drizzle_migrations');
    return database;
  } catch (error) {
    await database?.close().catch(() => undefined);
    throw new AppError('invalid', 'backup-unreadable', `${file} is not a usable Qgig PGlite backup: ${(error as Error).message}`);
  }
}
