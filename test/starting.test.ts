import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { testEnv } from './support/app.js';
import { createDatabase, dropDatabase, uniqueDatabaseName } from './support/postgres.js';
import { runScript } from './support/process.js';
import { exitOf, startServer } from './support/server.js';

// Starting Qgig as a person does: `.env` in the working directory, and one clear line when a
// setting is wrong. Each server runs as its own process in a fresh temporary working directory.
const databases: string[] = [];
const directories: string[] = [];

/** A working directory holding `.env` with these variables, and nothing else. */
function workingDirectoryWith(variables: Record<string, string>): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'qgig-start-'));
  directories.push(directory);
  writeFileSync(
    path.join(directory, '.env'),
    Object.entries(variables)
      .map(([name, value]) => `${name}=${value}`)
      .join('\n'),
  );
  return directory;
}

async function freshDatabase(): Promise<string> {
  const name = uniqueDatabaseName('qgig_start');
  await createDatabase(name, inject('templateDatabase'));
  databases.push(name);
  return name;
}

/** What a start that must fail wrote, with the process's exit code. */
async function failedStart(variables: Record<string, string>) {
  const directory = workingDirectoryWith(variables);
  return runScript('src/server.ts', [], {}, directory);
}

afterAll(async () => {
  for (const database of databases) await dropDatabase(database);
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

describe('starting the server', () => {
  it('reads .env from its working directory, and creates the administrator it names', async () => {
    const database = await freshDatabase();
    const directory = workingDirectoryWith({
      ...testEnv('./data', database, { PORT: '0', LOG_LEVEL: 'info' }),
      ADMIN_EMAIL: 'root@qgig.test',
      ADMIN_PASSWORD: 'Rwenzori-Peaks-2026',
    });
    const server = await startServer({}, directory);
    try {
      expect(server.lines.join('\n')).toContain('first administrator created from ADMIN_EMAIL');
      const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'root@qgig.test', password: 'Rwenzori-Peaks-2026' }),
      });
      expect(login.status).toBe(200);
    } finally {
      server.child.kill('SIGTERM');
      await exitOf(server.child);
    }
  }, 60_000);

  it('says how to create the first administrator when there is none', async () => {
    const database = await freshDatabase();
    const server = await startServer({}, workingDirectoryWith(testEnv('./data', database, { PORT: '0', LOG_LEVEL: 'info' })));
    try {
      expect(server.lines.join('\n')).toMatch(/No administrator yet: set ADMIN_EMAIL and ADMIN_PASSWORD/);
    } finally {
      server.child.kill('SIGTERM');
      await exitOf(server.child);
    }
  }, 60_000);

  it.each([
    [
      'an unacceptable ADMIN_PASSWORD',
      { ADMIN_EMAIL: 'root@qgig.test', ADMIN_PASSWORD: 'short' },
      /^ADMIN_PASSWORD is not acceptable: Use at least 10 characters$/,
    ],
    ['a port that is not a number', { PORT: 'eighty' }, /^Invalid configuration: PORT: /],
    ['a database URL of another kind', { DATABASE_URL: 'mysql://localhost/qgig' }, /^Invalid configuration: DATABASE_URL: /],
  ])(
    'stops at %s with one line on stderr, not a stack trace',
    async (_name, bad, line) => {
      const result = await failedStart({ ...testEnv('./data', 'unused'), ...bad });
      expect(result.code).toBe(78);
      expect(result.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(line)]);
    },
    30_000,
  );

  it('stops with one line when DATA_DIR cannot be a directory', async () => {
    const directory = workingDirectoryWith({ ...testEnv('./taken', 'unused') });
    writeFileSync(path.join(directory, 'taken'), 'a file where the data directory should be');
    const result = await runScript('src/server.ts', [], {}, directory);
    expect(result.code).toBe(78);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^DATA_DIR .*taken cannot be used \(EEXIST.*\); set DATA_DIR to a directory Qgig may create and write$/),
    ]);
  }, 60_000);

  it('stops with one line when the embedded database cannot be made in DATA_DIR', async () => {
    const { DATABASE_URL: _postgres, ...pglite } = testEnv('./data', 'unused');
    const directory = workingDirectoryWith(pglite);
    // The data directory itself is usable, but where PGlite keeps its files is a file.
    mkdirSync(path.join(directory, 'data'));
    writeFileSync(path.join(directory, 'data', 'pglite'), 'a file where the database should be');
    const result = await runScript('src/server.ts', [], {}, directory);
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        /^Qgig could not start: DATA_DIR .*data cannot be used \(EEXIST.*\); set DATA_DIR to a directory Qgig may create and write$/,
      ),
    ]);
  }, 60_000);

  it('stops with one line when the database cannot be reached', async () => {
    const result = await failedStart({
      ...testEnv('./data', 'unused'),
      DATABASE_URL: 'postgres://qgig:secret-password@127.0.0.1:1/qgig',
      DATABASE_CONNECT_TIMEOUT_MS: '1000',
    });
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toEqual([expect.stringMatching(/^Qgig could not start: the database cannot be reached .*DATABASE_URL/)]);
    expect(result.stderr).not.toContain('secret-password');
  }, 30_000);

  it('stops with one line when its port is taken', async () => {
    const squatter = createServer();
    squatter.listen(0, '127.0.0.1');
    await once(squatter, 'listening');
    try {
      const { port } = squatter.address() as AddressInfo;
      const result = await failedStart(testEnv('./data', await freshDatabase(), { PORT: String(port), HOST: '127.0.0.1' }));
      expect(result.code).toBe(1);
      expect(result.stderr.trimEnd().split('\n')).toEqual([
        `Qgig could not start: 127.0.0.1:${port} is already in use; set PORT (or HOST) to a free one`,
      ]);
    } finally {
      squatter.close();
    }
  }, 60_000);
});
