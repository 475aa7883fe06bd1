import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from './support/postgres.js';

const MIGRATIONS = path.resolve(import.meta.dirname, '../drizzle');
const name = uniqueDatabaseName('qgig_verified_migration');
let client: pg.Client;
let before: string;

beforeAll(async () => {
  await createDatabase(name);
  client = new pg.Client({ connectionString: databaseUrl(name) });
  await client.connect();
  // The migrations as they were before email verification came.
  before = mkdtempSync(path.join(tmpdir(), 'qgig-migrations-'));
  cpSync(MIGRATIONS, before, { recursive: true });
  const journalFile = path.join(before, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((entry) => entry.tag.endsWith('_account_tokens_and_email_verification'));
  expect(cut).toBeGreaterThan(0);
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }));
});
afterAll(async () => {
  await client.end();
  await dropDatabase(name);
  rmSync(before, { recursive: true, force: true });
});

it('counts the accounts that existed before email verification as verified', async () => {
  await migrate(drizzle(client), { migrationsFolder: before });
  await client.query(
    `INSERT INTO users (name, email, phone, role, password_hash) VALUES ('Apio Grace', 'apio.grace@example.ug', '+256772000123', 'professional', 'x')`,
  );

  await migrate(drizzle(client), { migrationsFolder: MIGRATIONS });
  const { rows } = await client.query(`SELECT email_verified_at = created_at AS verified FROM users WHERE email = 'apio.grace@example.ug'`);
  expect(rows).toEqual([{ verified: true }]);
  await client.query(
    `INSERT INTO users (name, email, phone, role) VALUES ('Okot Peter', 'okot.peter@example.ug', '+256772000124', 'professional')`,
  );
  const { rows: later } = await client.query(`SELECT email_verified_at FROM users WHERE email = 'okot.peter@example.ug'`);
  expect(later).toEqual([{ email_verified_at: null }]);
});
