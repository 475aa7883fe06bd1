import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server tests create their databases on; CI and the dev machine run PostgreSQL 15 locally. */
export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A URL for database `name`; with `password`, one the local server (trust auth) carries but never checks. */
export function databaseUrl(name: string, password?: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  if (password) url.password = password;
  return url.toString();
}

export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  return withClient(ADMIN_DATABASE_URL, work);
}

/** The names a query returns (its `name` column), sorted, from database `name`. */
export function namesIn(database: string, text: string): Promise<string[]> {
  return withClient(databaseUrl(database), async (client) =>
    (await client.query<{ name: string }>(text)).rows.map((row) => row.name).sort(),
  );
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(name: string, template?: string): Promise<void> {
  await withAdminClient(async (client) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}${template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : ''}`);
        return;
      } catch (error) {
        // Two files copying the template at the same instant can collide; a short wait settles it.
        if (attempt >= 5 || !String(error).includes('is being accessed by other users')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  });
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`));
}
