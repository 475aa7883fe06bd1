import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { expect, it } from 'vitest';
import { MIGRATIONS, migrationUnderTest } from './support/migration-under-test.js';

const migration = migrationUnderTest('qgig_verified_migration', '_account_tokens_and_email_verification');

it('counts the accounts that existed before email verification as verified', async () => {
  await migrate(drizzle(migration.client), { migrationsFolder: migration.before });
  await migration.client.query(
    `INSERT INTO users (name, email, phone, role, password_hash) VALUES ('Apio Grace', 'apio.grace@example.ug', '+256772000123', 'professional', 'x')`,
  );

  await migrate(drizzle(migration.client), { migrationsFolder: MIGRATIONS });
  const { rows } = await migration.client.query(
    `SELECT email_verified_at = created_at AS verified FROM users WHERE email = 'apio.grace@example.ug'`,
  );
  expect(rows).toEqual([{ verified: true }]);
  await migration.client.query(
    `INSERT INTO users (name, email, phone, role) VALUES ('Okot Peter', 'okot.peter@example.ug', '+256772000124', 'professional')`,
  );
  const { rows: later } = await migration.client.query(`SELECT email_verified_at FROM users WHERE email = 'okot.peter@example.ug'`);
  expect(later).toEqual([{ email_verified_at: null }]);
});
