import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { startRuntime } from '../src/runtime.js';
import { testEnv } from './support/env.js';
import { createDatabase, dropDatabase, uniqueDatabaseName } from './support/postgres.js';

const databaseName = uniqueDatabaseName('qgig_start');
const dataDir = mkdtempSync(path.join(tmpdir(), 'qgig-start-'));

afterAll(async () => {
  await dropDatabase(databaseName);
  rmSync(dataDir, { recursive: true, force: true });
});

// A first deploy starts the API processes and the worker together on an empty database: each
// migrates and installs pg-boss, and none may crash on the others' half-made schema.
it('starts three processes at once on an empty database', async () => {
  await createDatabase(databaseName);
  const config = loadConfig(testEnv(dataDir, databaseName));
  const starts = [false, false, true].map((workers) => startRuntime(config, { workers }));
  const results = await Promise.allSettled(starts);
  for (const result of results) if (result.status === 'fulfilled') await result.value.close();
  expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
});
