import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { testEnv } from './support/app.js';
import { uniqueEmail, uniquePhone, STRONG_PASSWORD } from './support/factories.js';
import { createDatabase, dropDatabase, uniqueDatabaseName } from './support/postgres.js';
import { exitOf, startServer } from './support/server.js';

const database = uniqueDatabaseName('qgig_server');
const dataDir = mkdtempSync(path.join(tmpdir(), 'qgig-server-'));

beforeAll(() => createDatabase(database, inject('templateDatabase')));
afterAll(async () => {
  await dropDatabase(database);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the server process', () => {
  it('finishes the request in flight when SIGTERM arrives, ends live streams, then exits cleanly', async () => {
    const server = await startServer(testEnv(dataDir, database, { PORT: '0', LOG_LEVEL: 'info' }));
    expect((await fetch(`${server.baseUrl}/readyz`)).status).toBe(200);

    const registered = await fetch(`${server.baseUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Okot Peter',
        email: uniqueEmail(),
        phone: uniquePhone(),
        password: STRONG_PASSWORD,
        role: 'institution',
        consent: true,
      }),
    });
    const { accessToken } = (await registered.json()) as { accessToken: string };
    const stream = await fetch(`${server.baseUrl}/api/v1/notifications/stream?access_token=${accessToken}`);
    expect(stream.status).toBe(200);
    const streamEnded = stream.body!.pipeTo(new WritableStream()).then(
      () => 'ended',
      () => 'ended',
    );

    const mark = server.lines.length;
    const inFlight = fetch(`${server.baseUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Akello Ruth',
        email: uniqueEmail(),
        phone: uniquePhone(),
        password: STRONG_PASSWORD,
        role: 'professional',
        consent: true,
      }),
    });
    await server.waitForLine(/auth\/register.*incoming request/, mark);
    server.child.kill('SIGTERM');

    expect((await inFlight).status).toBe(201);
    expect(await streamEnded).toBe('ended');
    expect(await exitOf(server.child)).toBe(0);
    expect(server.lines.join('\n')).toContain('shutting down');
    await expect(fetch(`${server.baseUrl}/healthz`)).rejects.toThrow();
  }, 60_000);

  it('exits cleanly on SIGTERM while a client holds a connection it never used', async () => {
    const server = await startServer(testEnv(dataDir, database, { PORT: '0', LOG_LEVEL: 'info' }));
    const { hostname, port } = new URL(server.baseUrl);
    const silent = connect(Number(port), hostname);
    await once(silent, 'connect');
    const silentClosed = once(silent, 'close');
    server.child.kill('SIGTERM');
    // Without closing it, the process waits for that connection until its 30 s limit and exits 1.
    expect(await exitOf(server.child)).toBe(0);
    await silentClosed;
  }, 60_000);

  it('refuses to start in production without secrets, saying which are missing', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir, JWT_SECRET: '', ENCRYPTION_KEY: '' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await exitOf(child)).toBe(78);
    expect(stderr).toContain('JWT_SECRET');
    expect(stderr).toContain('ENCRYPTION_KEY');
  }, 30_000);
});
