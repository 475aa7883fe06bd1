import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestApp, testEnv } from '../../../test/support/app.js';
import { tableFingerprints, withSqlClient } from '../../../test/support/fingerprint.js';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from '../../../test/support/postgres.js';
import { runScript } from '../../../test/support/process.js';
import { makeSampleData } from '../../../test/support/sample-data.js';
import { listBackups } from './files.js';

const PASSWORD = 'Sekrit-Passw0rd-9';
const source = uniqueDatabaseName('qgig_cli_source');
const restored = uniqueDatabaseName('qgig_cli_restored');
const dataDir = mkdtempSync(path.join(tmpdir(), 'qgig-cli-'));
const backupDir = path.join(dataDir, 'nightly');

const envFor = (database: string, overrides: Record<string, string> = {}) =>
  testEnv(dataDir, database, { DATABASE_URL: databaseUrl(database, PASSWORD), BACKUP_DIR: backupDir, ...overrides });
const fingerprintsOf = (database: string) => withSqlClient(databaseUrl(database), (sql) => tableFingerprints(sql));

beforeAll(async () => {
  await createDatabase(source, inject('templateDatabase'));
  await createDatabase(restored);
  const t = await startTestApp({ databaseName: source });
  await makeSampleData(t.app, t.ctx);
  await t.close();
});

afterAll(async () => {
  await dropDatabase(source);
  await dropDatabase(restored);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run backup / npm run restore on PostgreSQL', () => {
  it('backs up, restores into an empty database, refuses a second restore there, and never prints the password', async () => {
    const backup = await runScript('src/cli/backup.ts', [], envFor(source));
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    const [file, ...others] = await listBackups(backupDir);
    expect(others).toEqual([]);
    expect(backup.stdout).toContain(`Backup written: ${file} (`);

    const restore = await runScript('src/cli/restore.ts', [file!], envFor(restored));
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain(`Restored ${file} into the PostgreSQL database ${restored}`);
    expect(await fingerprintsOf(restored)).toEqual(await fingerprintsOf(source));

    const again = await runScript('src/cli/restore.ts', [file!], envFor(restored));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has \d+ table\(s\); restore only into an empty database/);

    const missing = uniqueDatabaseName('qgig_cli_missing');
    const failed = await runScript('src/cli/backup.ts', [], envFor(missing, { BACKUP_KEEP: '1' }));
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/pg_dump failed: .*does not exist/);
    expect(await listBackups(backupDir)).toEqual([file]);

    for (const output of [backup, restore, again, failed]) expect(output.stdout + output.stderr).not.toContain(PASSWORD);
  }, 120_000);

  it('explains its usage when FILE is missing or an option is unknown', async () => {
    for (const args of [[], ['--force', 'x.dump'], ['a.dump', 'b.dump']]) {
      const result = await runScript('src/cli/restore.ts', args, envFor(restored));
      expect(result.code, args.join(' ')).toBe(64);
      expect(result.stderr).toContain('Usage: npm run restore -- FILE');
    }
  }, 60_000);
});
