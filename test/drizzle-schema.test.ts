import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, dropDatabase, namesIn, uniqueDatabaseName } from './support/postgres.js';

const root = path.resolve(import.meta.dirname, '..');
/** What drizzle.config.ts names: src/platform/schema.ts and src/modules/*\/schema.ts. */
const SCHEMA_FILES = [
  'src/platform/schema.ts',
  ...readdirSync(path.join(root, 'src/modules'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(root, 'src/modules', entry.name, 'schema.ts')))
    .map((entry) => `src/modules/${entry.name}/schema.ts`),
];

const scratch = mkdtempSync(path.join(tmpdir(), 'qgig-drizzle-'));
// A copy of the migrated template: a connection to the template itself would stop other files copying it.
const database = uniqueDatabaseName('qgig_schema');
beforeAll(() => createDatabase(database, inject('templateDatabase')));
afterAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  await dropDatabase(database);
});

describe('the Drizzle schema', () => {
  it('declares every table the migrations create', async () => {
    const declared = new Set<string>();
    for (const file of SCHEMA_FILES) {
      const exports = (await import(path.join(root, file))) as Record<string, unknown>;
      for (const value of Object.values(exports)) if (is(value, PgTable)) declared.add(getTableConfig(value).name);
    }
    const tables = await namesIn(
      database,
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    );
    expect(tables.length).toBeGreaterThan(20);
    expect(tables.filter((name) => !declared.has(name))).toEqual([]);
  });

  it('matches the migrations: drizzle-kit generate finds nothing to add', () => {
    // Into a copy of drizzle/, so a difference shows here instead of becoming a migration.
    const out = path.join(scratch, 'drizzle');
    cpSync(path.join(root, 'drizzle'), out, { recursive: true });
    const output = execFileSync(
      path.join(root, 'node_modules/.bin/drizzle-kit'),
      ['generate', '--dialect', 'postgresql', '--schema', './src/{platform,modules/*}/schema.ts', '--out', path.relative(root, out)],
      { cwd: root, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(output).toMatch(/No schema changes/);
    expect(readdirSync(out).filter((file) => file.endsWith('.sql'))).toEqual(
      readdirSync(path.join(root, 'drizzle')).filter((file) => file.endsWith('.sql')),
    );
  });
});
