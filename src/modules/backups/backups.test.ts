import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestApp } from '../../../test/support/app.js';
import { tableFingerprints, withSqlClient, type TableFingerprint } from '../../../test/support/fingerprint.js';
import { call } from '../../../test/support/http.js';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from '../../../test/support/postgres.js';
import { makeSampleData, type SampleData } from '../../../test/support/sample-data.js';
import { backupFileName, listBackups } from './files.js';
import { createBackupTask } from './tasks.js';
import { libpqEnvironment } from './postgres.js';
import { createBackup, restoreBackup } from './service.js';
import { DAILY_BACKUP_CRON } from './workers.js';

const directories: string[] = [];
const databases: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qgig-backups-'));
  directories.push(dir);
  return dir;
}

async function newDatabase(template?: string): Promise<string> {
  const name = uniqueDatabaseName('qgig_backup');
  await createDatabase(name, template);
  databases.push(name);
  return name;
}

const fingerprintsOf = (database: string) => withSqlClient(databaseUrl(database), (sql) => tableFingerprints(sql));
const tableCount = async (database: string) => Object.keys(await fingerprintsOf(database)).length;

let source: string;
let sample: SampleData;
let sourceFingerprints: Record<string, TableFingerprint>;

beforeAll(async () => {
  source = await newDatabase(inject('templateDatabase'));
  const t = await startTestApp({ databaseName: source });
  sample = await makeSampleData(t.app, t.ctx);
  await t.close();
  sourceFingerprints = await fingerprintsOf(source);
});

afterAll(async () => {
  for (const name of databases) await dropDatabase(name);
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
});

describe('PostgreSQL backup and restore', () => {
  it('restores into a fresh database with the same rows and checksum in every table, and Qgig runs on it', async () => {
    const populated = [
      'public.users',
      'public.sessions',
      'public.refresh_tokens',
      'public.consents',
      'public.audit_log',
      'public.rate_limit_buckets',
      'public.professionals',
      'public.professional_availability',
      'public.professional_blackouts',
      'public.institutions',
      'public.notifications',
      'drizzle.__drizzle_migrations',
    ];
    for (const table of populated) expect(sourceFingerprints[table]?.rows, table).toBeGreaterThan(0);
    expect(Object.keys(sourceFingerprints).some((table) => table.startsWith('pgboss.'))).toBe(true);

    const dir = tempDir();
    const backup = await createBackup({ kind: 'postgres', databaseUrl: databaseUrl(source) }, { dir, keep: 14 });
    expect(path.basename(backup.file)).toMatch(/^qgig-\d{4}-\d{2}-\d{2}T\d{6}\.\d{3}Z\.dump$/);
    expect(statSync(backup.file).size).toBe(backup.bytes);
    expect(statSync(backup.file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual([path.basename(backup.file)]);

    const restored = await newDatabase();
    await restoreBackup(backup.file, { databaseUrl: databaseUrl(restored) });
    expect(await fingerprintsOf(restored)).toEqual(sourceFingerprints);

    const t = await startTestApp({ databaseName: restored });
    try {
      const login = await call(t.app, 'POST', '/auth/login', {
        body: { email: sample.professional.email, password: sample.professional.password },
      });
      expect(login.status).toBe(200);
      // The audit sequence and the append-only trigger came back too.
      const adminLogin = await call(t.app, 'POST', '/auth/login', { body: { email: sample.admin.email, password: sample.admin.password } });
      const suspend = await call(t.app, 'POST', `/admin/users/${sample.institution.id}/suspend`, {
        token: adminLogin.body.accessToken,
        body: { reason: 'after restore' },
      });
      expect(suspend.status).toBe(200);
      await expect(t.ctx.database.sql.executeSql(`UPDATE audit_log SET reason = 'rewritten'`)).rejects.toThrow();
    } finally {
      await t.close();
    }
  }, 60_000);

  it('keeps only the newest BACKUP_KEEP backups, leaves other files alone, and deletes nothing when a backup fails', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'notes.txt'), 'not a backup');
    const sourceUrl = databaseUrl(source);
    const made: string[] = [];
    for (const at of ['2026-11-23T23:30:00Z', '2026-11-24T23:30:00Z', '2026-11-25T23:30:00Z']) {
      made.push((await createBackup({ kind: 'postgres', databaseUrl: sourceUrl }, { dir, keep: 2 }, new Date(at))).file);
    }
    expect(await listBackups(dir)).toEqual(made.slice(1));
    expect(readdirSync(dir).sort()).toEqual([...made.slice(1).map((file) => path.basename(file)), 'notes.txt'].sort());

    const missing = { kind: 'postgres' as const, databaseUrl: databaseUrl(uniqueDatabaseName('qgig_missing')) };
    await expect(createBackup(missing, { dir, keep: 1 }, new Date('2026-11-26T23:30:00Z'))).rejects.toThrow(
      /pg_dump failed: .*does not exist/,
    );
    expect(readdirSync(dir).sort()).toEqual([...made.slice(1).map((file) => path.basename(file)), 'notes.txt'].sort());
  }, 60_000);

  it('refuses to restore into a database that already has tables, and changes nothing there', async () => {
    const backup = await createBackup({ kind: 'postgres', databaseUrl: databaseUrl(source) }, { dir: tempDir(), keep: 1 });
    const occupied = await newDatabase(inject('templateDatabase'));
    const before = await fingerprintsOf(occupied);
    await expect(restoreBackup(backup.file, { databaseUrl: databaseUrl(occupied) })).rejects.toMatchObject({
      code: 'restore-target-not-empty',
      message: expect.stringMatching(/already has \d+ table\(s\); restore only into an empty database/),
    });
    expect(await fingerprintsOf(occupied)).toEqual(before);
  }, 60_000);

  it('fails a restore from a corrupt, truncated, foreign or missing file with a clear error, leaving the target empty', async () => {
    const dir = tempDir();
    const backup = await createBackup({ kind: 'postgres', databaseUrl: databaseUrl(source) }, { dir, keep: 1 });
    const whole = readFileSync(backup.file);
    const files = {
      truncated: whole.subarray(0, Math.floor(whole.length / 2)),
      headerOnly: whole.subarray(0, 40),
      garbage: Buffer.concat([Buffer.from('PGDMP'), Buffer.alloc(2000, 0x5a)]),
      foreign: Buffer.from('-- just some SQL\nDROP TABLE users;\n'),
    };
    const target = await newDatabase();
    const expected: Record<keyof typeof files, RegExp> = {
      truncated: /is not a complete PostgreSQL backup: pg_restore: error: /,
      headerOnly: /is not a complete PostgreSQL backup: pg_restore: error: /,
      garbage: /is not a complete PostgreSQL backup: pg_restore: error: /,
      foreign: /is not a Qgig backup/,
    };
    for (const [name, bytes] of Object.entries(files)) {
      const file = path.join(dir, `${name}.dump`);
      writeFileSync(file, bytes);
      await expect(restoreBackup(file, { databaseUrl: databaseUrl(target) }), name).rejects.toThrow(expected[name as keyof typeof files]);
    }
    await expect(restoreBackup(path.join(dir, 'absent.dump'), { databaseUrl: databaseUrl(target) })).rejects.toMatchObject({
      code: 'backup-not-found',
    });
    expect(await tableCount(target)).toBe(0);
  }, 60_000);

  it('runs daily at 02:30 Kampala as a pg-boss job whose handler writes a restorable backup through the running process', async () => {
    const dir = tempDir();
    const running = await newDatabase(inject('templateDatabase'));
    const t = await startTestApp({
      databaseName: running,
      workers: true,
      captureLogs: true,
      env: { DATABASE_URL: databaseUrl(running, 'Never-Logged-7'), BACKUP_DIR: dir, BACKUP_KEEP: '3' },
    });
    try {
      const { rows: schedules } = await t.ctx.database.sql.executeSql('SELECT cron, timezone FROM pgboss.schedule WHERE name = $1', [
        createBackupTask.name,
      ]);
      expect(schedules).toEqual([{ cron: DAILY_BACKUP_CRON, timezone: 'Africa/Kampala' }]);
      expect(DAILY_BACKUP_CRON).toBe('30 2 * * *');

      await makeSampleData(t.app, t.ctx);
      const jobId = await t.ctx.queue.send(undefined, createBackupTask, {});
      let state = 'created';
      while (!['completed', 'failed'].includes(state)) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        const { rows } = await t.ctx.database.sql.executeSql('SELECT state FROM pgboss.job WHERE id = $1', [jobId]);
        state = (rows[0] as { state: string }).state;
      }
      expect(state).toBe('completed');
      const [file, ...others] = await listBackups(dir);
      expect(others).toEqual([]);

      const restored = await newDatabase();
      await restoreBackup(file!, { databaseUrl: databaseUrl(restored) });
      const fingerprints = await fingerprintsOf(restored);
      expect(fingerprints['public.users']?.rows).toBeGreaterThanOrEqual(3);
      expect(fingerprints['public.notifications']?.rows).toBe(1);
      expect(t.logs.some((line) => line.includes('backup written') && line.includes(path.basename(file!)))).toBe(true);
      expect(t.logs.join('\n')).not.toContain('Never-Logged-7');
    } finally {
      await t.close();
    }
  }, 60_000);
});

describe('backup file names and connection settings', () => {
  it('names backups by UTC time, sortably', () => {
    expect(backupFileName('postgres', new Date('2026-11-25T22:15:00.007Z'))).toBe('qgig-2026-11-25T221500.007Z.dump');
    expect(backupFileName('pglite', new Date('2026-11-26T01:15:00+03:00'))).toBe('qgig-2026-11-25T221500.000Z.pglite.tar.gz');
  });

  it('hands pg_dump the connection as libpq variables, with the password decoded and nothing unknown', () => {
    expect(
      libpqEnvironment(
        'postgres://qgig%40ops:p%40ss%3Aw%2Frd@db.example.ug:6543/qgig_prod?sslmode=verify-full&application_name=qgig&ssl=true&pool=9',
      ),
    ).toEqual({
      PGHOST: 'db.example.ug',
      PGPORT: '6543',
      PGUSER: 'qgig@ops',
      PGPASSWORD: 'p@ss:w/rd',
      PGDATABASE: 'qgig_prod',
      PGSSLMODE: 'verify-full',
      PGAPPNAME: 'qgig',
    });
    expect(libpqEnvironment('postgresql://[::1]/qgig?ssl=true')).toEqual({ PGHOST: '::1', PGDATABASE: 'qgig', PGSSLMODE: 'require' });
  });
});
