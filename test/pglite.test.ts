import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { startRuntime } from '../src/runtime.js';
import { registerUser } from './support/factories.js';
import { call } from './support/http.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'qgig-pglite-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The zero-setup default: no DATABASE_URL, the embedded database in DATA_DIR. */
async function startEmbedded() {
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent', RUN_WORKERS: 'false' });
  const runtime = await startRuntime(config);
  const app = await buildApp(runtime.ctx);
  return { runtime, app, close: async () => (await app.close(), await runtime.close()) };
}

describe('the embedded PGlite database', () => {
  it('migrates, answers ready, runs the auth round trip, and keeps the data across restarts', async () => {
    const first = await startEmbedded();
    expect(first.runtime.ctx.database.driver).toBe('pglite');
    expect((await first.app.inject({ url: '/readyz' })).statusCode).toBe(200);

    const user = await registerUser(first.app, { role: 'institution' });
    const me = await call(first.app, 'GET', '/me', { token: user.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(user.email);
    const duplicate = await call(first.app, 'POST', '/auth/register', {
      body: {
        name: 'Other Person',
        email: user.email.toUpperCase(),
        phone: '0701234567',
        password: user.password,
        role: 'professional',
        consent: true,
      },
    });
    expect(duplicate.status).toBe(409);
    await first.close();

    const second = await startEmbedded();
    const login = await call(second.app, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
    expect(login.status).toBe(200);
    expect(login.body.user.id).toBe(user.id);
    const refreshed = await call(second.app, 'POST', '/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(refreshed.status).toBe(200);
    await second.close();
  }, 120_000);
});
