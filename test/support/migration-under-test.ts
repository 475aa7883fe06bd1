import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect } from 'vitest';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from './postgres.js';

export const MIGRATIONS = path.resolve(import.meta.dirname, '../../drizzle');

export interface MigrationUnderTest {
  /** Connected to a new, empty database of the test file's own. */
  client: pg.Client;
  /** A copy of the migrations that stops just before the one under test. */
  before: string;
}

/**
 * For a test of what one migration does to rows written before it: a fresh database, and the
 * migrations as they were before the one whose tag ends with `tagSuffix`. Both go after the file.
 */
export function migrationUnderTest(databasePrefix: string, tagSuffix: string): MigrationUnderTest {
  const name = uniqueDatabaseName(databasePrefix);
  const state = {} as MigrationUnderTest;
  beforeAll(async () => {
    await createDatabase(name);
    state.client = new pg.Client({ connectionString: databaseUrl(name) });
    await state.client.connect();
    state.before = mkdtempSync(path.join(tmpdir(), 'qgig-migrations-'));
    cpSync(MIGRATIONS, state.before, { recursive: true });
    const journalFile = path.join(state.before, 'meta/_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
    const cut = journal.entries.findIndex((entry) => entry.tag.endsWith(tagSuffix));
    expect(cut).toBeGreaterThan(0);
    writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }));
  });
  afterAll(async () => {
    await state.client.end();
    await dropDatabase(name);
    rmSync(state.before, { recursive: true, force: true });
  });
  return state;
}
