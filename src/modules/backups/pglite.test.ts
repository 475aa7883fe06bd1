import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { tableFingerprints } from '../../../test/support/fingerprint.js';
import { call } from '../../../test/support/http.js';
import { makeSampleData } from '../../../test/support/sample-data.js';
import { buildApp } from '../../app.js';
import { loadConfig, type Config } from '../../config.js';
import { openDatabase, pgliteDirectory } from '../../platform/db.js';
import { startRuntime } from '../../runtime.js';
import { backupSourceOf, createBackup, restoreBackup, standaloneBackupSource } from './service.js';

const root = mkdtempSync(path.join(tmpdir(), 'qgig-pglite-backups-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const embeddedConfig = (name: string): Config =>
  loadConfig({ NODE_ENV: 'test', DATA_DIR: path.join(root, name), LOG_LEVEL: 'silent', RUN_WORKERS: 'false' });

/** Qgig's own tables; pg-boss's change on its own timers while a process runs. */
const APP_SCHEMAS = ['public', 'drizzle'];

async function fingerprintsIn(dataDir: string, schemas?: string[]) {
  const database = await openDatabase({ databaseUrl: undefined, dataDir });
  try {
    return await tableFingerprints(database.sql, schemas);
  } finally {
    await database.close();
  }
}

describe('PGlite backup and restore', () => {
  it('backs up through the running process (the command line refuses meanwhile), and restores either backup elsewhere intact', async () => {
    const config = embeddedConfig('source');
    const runtime = await startRuntime(config);
    const app = await buildApp(runtime.ctx);
    const sample = await makeSampleData(app, runtime.ctx);

    await expect(createBackup(standaloneBackupSource(config), config.backup)).rejects.toMatchObject({
      code: 'embedded-database-in-use',
      message: expect.stringMatching(/is in use.*daily backup job/),
    });
    const whileRunning = await tableFingerprints(runtime.ctx.database.sql, APP_SCHEMAS);
    const live = await createBackup(backupSourceOf(runtime.ctx.database, config), config.backup);
    expect(path.basename(live.file)).toMatch(/^qgig-\d{4}-\d{2}-\d{2}T\d{6}\.\d{3}Z\.pglite\.tar\.gz$/);
    await app.close();
    await runtime.close();

    // Stopped, the command-line path works, and nothing changes underneath it: every schema must match.
    const stopped = await createBackup(standaloneBackupSource(config), config.backup);
    const source = await fingerprintsIn(config.dataDir);
    expect(source['public.users']?.rows).toBeGreaterThanOrEqual(3);
    expect(source['public.audit_log']?.rows).toBe(2);
    expect(Object.keys(source).some((table) => table.startsWith('pgboss.'))).toBe(true);

    const fromLive = embeddedConfig('restored-live');
    await restoreBackup(live.file, { dataDir: fromLive.dataDir });
    expect(await fingerprintsIn(fromLive.dataDir, APP_SCHEMAS)).toEqual(whileRunning);

    const fromStopped = embeddedConfig('restored-stopped');
    await restoreBackup(stopped.file, { dataDir: fromStopped.dataDir });
    expect(await fingerprintsIn(fromStopped.dataDir)).toEqual(source);

    await expect(restoreBackup(stopped.file, { dataDir: fromStopped.dataDir })).rejects.toMatchObject({ code: 'restore-target-not-empty' });
    await expect(restoreBackup(stopped.file, { databaseUrl: 'postgres://postgres@127.0.0.1:5432/unused' })).rejects.toMatchObject({
      code: 'backup-kind-mismatch',
    });

    const restored = await startRuntime(fromStopped);
    const restoredApp = await buildApp(restored.ctx);
    try {
      const login = await call(restoredApp, 'POST', '/auth/login', {
        body: { email: sample.professional.email, password: sample.professional.password },
      });
      expect(login.status).toBe(200);
    } finally {
      await restoredApp.close();
      await restored.close();
    }
  }, 300_000);

  it('refuses a truncated or foreign archive with a clear error and leaves no database behind', async () => {
    const config = embeddedConfig('small');
    const runtime = await startRuntime(config);
    const backup = await createBackup(backupSourceOf(runtime.ctx.database, config), config.backup);
    await runtime.close();
    const whole = readFileSync(backup.file);

    const target = embeddedConfig('corrupt-target').dataDir;
    const cases: [string, Buffer, RegExp][] = [
      [
        'truncated.pglite.tar.gz',
        whole.subarray(0, Math.floor(whole.length / 2)),
        /is not a complete PGlite backup: unexpected end of file/,
      ],
      ['not-a-tar.pglite.tar.gz', gzipSync(Buffer.from('not a data directory\n'.repeat(100))), /is not a usable Qgig PGlite backup/],
      ['plain.txt', Buffer.from('hello'), /is not a Qgig backup/],
    ];
    for (const [name, bytes, message] of cases) {
      const file = path.join(root, name);
      writeFileSync(file, bytes);
      await expect(restoreBackup(file, { dataDir: target }), name).rejects.toThrow(message);
      expect(existsSync(path.join(pgliteDirectory(target), 'PG_VERSION')), name).toBe(false);
    }
    await expect(createBackup(standaloneBackupSource(embeddedConfig('never-started')), config.backup)).rejects.toMatchObject({
      code: 'no-embedded-database',
    });
  }, 180_000);
});
