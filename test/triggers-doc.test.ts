import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, dropDatabase, namesIn, uniqueDatabaseName } from './support/postgres.js';

const listing = readFileSync(path.resolve(import.meta.dirname, '../drizzle/TRIGGERS.md'), 'utf8');

/** The names in the first column of the table under `## heading`. */
function namesListedUnder(heading: string): string[] {
  const section = listing.split(new RegExp(`^## ${heading}$`, 'm'))[1]!.split(/^## /m)[0]!;
  const firstCells = [...section.matchAll(/^\| ([^|]+) \|/gm)].map((match) => match[1]!);
  return firstCells.flatMap((cell) => [...cell.matchAll(/`(\w+)`/g)].map((match) => match[1]!)).sort();
}

// A copy of the migrated template: a connection to the template itself would stop other files copying it.
const database = uniqueDatabaseName('qgig_triggers');
beforeAll(() => createDatabase(database, inject('templateDatabase')));
afterAll(() => dropDatabase(database));
const queryNames = (text: string) => namesIn(database, text);

describe('drizzle/TRIGGERS.md', () => {
  it('lists every trigger of the migrated database, and no other', async () => {
    const triggers = await queryNames(`SELECT t.tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace`);
    expect(triggers.length).toBeGreaterThan(30);
    expect(namesListedUnder('Triggers')).toEqual(triggers);
  });

  it('lists every function of the migrated database (extensions aside), and no other', async () => {
    const functions = await queryNames(`SELECT p.proname AS name FROM pg_proc p
      WHERE p.pronamespace = 'public'::regnamespace
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')`);
    expect(functions.length).toBeGreaterThan(15);
    expect(namesListedUnder('Functions')).toEqual(functions);
  });
});
